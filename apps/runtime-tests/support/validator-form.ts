// Which validator form a runtime got. The core imports its validators as `#validators` (its
// package.json `imports` field): the compact form (`generated/validators-compact.js`, a table and a
// small checker) under the `browser` and `workerd` conditions, the fast one
// (`generated/validators.js`, a function per schema) elsewhere. Both give the same issues
// (codegen/test/validators-compact-property.test.ts), so the scenario alone cannot tell them
// apart: a bundle is asked which module it holds, Node which module it loaded.
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

const COMPACT = /[\\/]dist[\\/]generated[\\/]validators-compact\.js$/
const FAST = /[\\/]dist[\\/]generated[\\/]validators\.js$/

/** The bundle (its inputs with code in the output) holds the compact validators and not the fast ones. */
export const expectCompactValidators = (inputs: ReadonlyArray<string>): void => {
  expect(inputs.filter((input) => COMPACT.test(input))).toHaveLength(1)
  expect(inputs.filter((input) => FAST.test(input))).toEqual([])
}

/**
 * In a fresh Node process (Node's own resolver, not the test runner's): the validators the core's
 * public entry exposes are the very functions of the fast module, not those of the compact one.
 */
export const nodeValidatorForm = (): "fast" | "compact" | "neither" => {
  const probe = `
    const core = new URL("./", import.meta.resolve("@org/optave-core/package.json"))
    const { validateInsightsPayload } = await import("@org/optave-core/validate")
    const fast = await import(new URL("dist/generated/validators.js", core).href)
    const compact = await import(new URL("dist/generated/validators-compact.js", core).href)
    console.log(validateInsightsPayload === fast.validateInsightsPayload ? "fast" : validateInsightsPayload === compact.validateInsightsPayload ? "compact" : "neither")`
  const cwd = fileURLToPath(new URL("..", import.meta.url))
  return execFileSync(process.execPath, ["--input-type=module", "-e", probe], { cwd, encoding: "utf8" }).trim() as "fast" | "compact" | "neither"
}
