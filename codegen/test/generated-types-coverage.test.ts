// The type test (generated-types.test-d.ts) must compare every generated type: a schema added
// later cannot slip past it.
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8")
const exportedTypes = (text: string): ReadonlyArray<string> => [...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((match) => match[1] ?? "")

describe("generated-types.test-d.ts covers every generated type", () => {
  const typeTest = read("./generated-types.test-d.ts")
  it.each([
    ["../../packages/core/src/generated/types.ts", "Generated"],
    ["./fixtures/expected/types.ts", "FixtureGenerated"]
  ])("%s", (path, alias) => {
    // The fixture's ActionPayloads is plain composition of its payload types, compared above, and
    // its DocumentedSuperpowerResults is empty (the fixture documents no result).
    const names = exportedTypes(read(path)).filter((name) => alias === "Generated" || (name !== "ActionPayloads" && name !== "DocumentedSuperpowerResults"))
    expect(names.length).toBeGreaterThan(5)
    expect(names.filter((name) => !typeTest.includes(`same<Same<${alias}.${name},`))).toEqual([])
  })
})
