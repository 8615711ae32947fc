// Seeded content is a contract: for each pinned seed, what every action answers for its example
// payload equals the golden file the MSW handlers are held to as well. A deliberate change
// regenerates it with `UPDATE_GOLDEN=1 pnpm --filter @org/optave-mock-server test` and says so in a changeset.
import { completedContentOf, examplePayloads, pinnedSeeds, type WireEvent } from "@org/optave-test-fixtures"
import { readFileSync, writeFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { startMockServer } from "../src/index.ts"

const golden = new URL("../../../tooling/test-fixtures/golden/seeded-content.json", import.meta.url)

const answersOf = async (seed: number): Promise<Record<string, Record<string, unknown>>> => {
  const server = await startMockServer({ seed, latencyMs: 0 })
  try {
    const table: Record<string, Record<string, unknown>> = {}
    for (const action of Object.keys(examplePayloads) as Array<keyof typeof examplePayloads>) {
      const response = await fetch(`${server.restUrl}/message/${action}`, {
        method: "POST",
        headers: { authorization: "Bearer golden", "content-type": "application/json" },
        body: JSON.stringify(examplePayloads[action])
      })
      expect(response.status, action).toBe(200)
      const body = (await response.json()) as WireEvent | ReadonlyArray<WireEvent>
      table[action] = completedContentOf(Array.isArray(body) ? body : [body as WireEvent])
    }
    return table
  } finally {
    await server.close()
  }
}

describe("seeded content (the mock server)", () => {
  it("answers every action with the pinned content for each pinned seed", async () => {
    const actual: Record<string, Record<string, Record<string, unknown>>> = {}
    for (const seed of pinnedSeeds) actual[`seed ${seed}`] = await answersOf(seed)
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`)
    expect(actual).toEqual(JSON.parse(readFileSync(golden, "utf8")))
  })
})
