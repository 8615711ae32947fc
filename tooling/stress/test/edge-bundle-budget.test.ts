// Budget check (not a timing test): a minimal Worker importing @org/optave-edge, bundled the way
// Wrangler does (esbuild, conditions workerd/worker/browser, minified, tree-shaken), must stay
// within its budget (EDGE_BUNDLE_BUDGET_GZIP_BYTES, 33 KB gzip -9). On failure the message lists
// what weighs most, per package and per file.
import { describe, expect, it } from "vitest"
import { buildEdgeBundle, EDGE_BUNDLE_BUDGET_GZIP_BYTES } from "../src/edge-bundle.ts"

describe("edge bundle budget", () => {
  it(`a Worker sending one insights request stays within ${EDGE_BUNDLE_BUDGET_GZIP_BYTES} bytes gzip`, async () => {
    const bundle = await buildEdgeBundle()
    const heaviest = [
      `minified ${bundle.bytes} bytes, gzip -9 ${bundle.gzipBytes} bytes (budget ${EDGE_BUNDLE_BUDGET_GZIP_BYTES})`,
      "by package (minified bytes):",
      ...bundle.byPackage.map(({ input, bytes }) => `  ${String(bytes).padStart(7)}  ${input}`),
      "largest files (minified bytes):",
      ...bundle.topInputs.slice(0, 10).map(({ input, bytes }) => `  ${String(bytes).padStart(7)}  ${input}`)
    ].join("\n")
    expect(bundle.gzipBytes, heaviest).toBeLessThanOrEqual(EDGE_BUNDLE_BUDGET_GZIP_BYTES)
  })

  it("the Promise API keeps Effect's Stream, Channel and Queue out of the Worker (they cost about 5 KB gzip)", async () => {
    const bundle = await buildEdgeBundle()
    const inputs = Object.keys(bundle.metafile.outputs["edge-worker.js"]?.inputs ?? Object.values(bundle.metafile.outputs)[0]!.inputs)
    expect(inputs.some((input) => input.includes("packages/core/"))).toBe(true)
    expect(inputs.filter((input) => /effect\/dist\/(Stream|Channel|Queue|PubSub)\.js$/.test(input))).toEqual([])
  })

  it("the Worker gets the compact validators (the core's #validators under `workerd`), never the fast ones", async () => {
    const bundle = await buildEdgeBundle()
    const inputs = Object.keys(bundle.metafile.inputs)
    expect(inputs.filter((input) => input.endsWith("core/dist/generated/validators-compact.js"))).toHaveLength(1)
    expect(inputs.filter((input) => input.endsWith("core/dist/generated/validators.js"))).toEqual([])
  })

  it("the Worker bundle resolves the edge build, never the Node one (no ws, no node: built-ins)", async () => {
    const bundle = await buildEdgeBundle()
    const inputs = Object.keys(bundle.metafile.inputs)
    expect(inputs.some((input) => input.includes("packages/edge/"))).toBe(true)
    expect(inputs.filter((input) => input.includes("/ws@") || input.startsWith("node:") || input.includes("packages/node/"))).toEqual([])
  })
})
