// "Works with setupWorker unchanged": the built package bundles for the browser together with
// msw/browser, with no Node built-in anywhere (esbuild fails to resolve `node:*` for the browser).
import { build } from "esbuild"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url))

describe("the built package in a browser bundle", () => {
  it("bundles with msw/browser's setupWorker for platform browser", async () => {
    const result = await build({
      stdin: {
        contents: [
          'import { setupWorker } from "msw/browser"',
          `import { createOptaveMock } from ${JSON.stringify(entry)}`,
          'const optave = createOptaveMock({ tenant: "acme", tld: "tech", authUrl: "https://auth.acme.test/oauth" })',
          "export const worker = setupWorker(...optave.handlers)"
        ].join("\n"),
        resolveDir: fileURLToPath(new URL("..", import.meta.url)),
        loader: "js"
      },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
      metafile: true
    })
    expect(result.errors).toEqual([])
    const inputs = Object.keys(result.metafile.inputs)
    // The scenario engine (@org/optave-mock, its one bundled file) is in, and nothing of Node.
    expect(inputs.some((input) => /(^|\/)mock\/dist\/index\.js$/u.test(input))).toBe(true)
    expect(inputs.filter((input) => input.startsWith("node:") || /(^|\/)node_modules\/ws\//u.test(input))).toEqual([])
    const text = result.outputFiles[0]?.text ?? ""
    expect(text).not.toMatch(/\bBuffer\.from\b|from "node:/u)
  })
})
