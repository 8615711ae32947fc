// Which validator form a runtime got. The core imports its validators as `#validators` (its
// package.json `imports` field): the compact form (`generated/validators-compact.js`, a table and a
// small checker) under the `browser` and `workerd` conditions, the fast one
// (`generated/validators.js`, a function per schema) elsewhere. Both give the same issues
// (codegen/test/validators-compact-property.test.ts), so the scenario alone cannot tell them
// apart: a bundle is asked which module it holds, Node which module it loaded.
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

// Either as the core's built module or, inside an entry that carries the core, as its source.
const COMPACT = /[\\/](?:dist[\\/]generated[\\/]validators-compact\.js|src[\\/]generated[\\/]validators-compact\.ts)$/
const FAST = /[\\/](?:dist[\\/]generated[\\/]validators\.js|src[\\/]generated[\\/]validators\.ts)$/

/**
 * The modules a bundle holds: its inputs and, for an input that is a bundle itself (an adapter's
 * Promise entry carries the core inside), the sources its source map names.
 */
const modulesOf = (inputs: ReadonlyArray<string>): ReadonlyArray<string> =>
  inputs.flatMap((input) => {
    const map = `${resolve(input)}.map`
    if (!existsSync(map)) return [input]
    const { sources } = JSON.parse(readFileSync(map, "utf8")) as { sources: Array<string> }
    return [input, ...sources.map((source) => resolve(dirname(map), source))]
  })

/** The bundle (its inputs with code in the output, and what they carry) holds the compact validators and not the fast ones. */
export const expectCompactValidators = (inputs: ReadonlyArray<string>): void => {
  const modules = modulesOf(inputs)
  expect(modules.filter((input) => COMPACT.test(input))).toHaveLength(1)
  expect(modules.filter((input) => FAST.test(input))).toEqual([])
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
