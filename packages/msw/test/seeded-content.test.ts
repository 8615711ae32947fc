// Seeded content is a contract: for each pinned seed, what every action answers for its example
// payload equals the golden file the mock server is held to as well, whether a bare request or
// the client (which adds a fresh requestId and an empty session per call) sent it.
import { createClient, type ActionName, type OptaveClientPromise } from "@org/optave-node"
import { completedContentOf, examplePayloads, pinnedSeeds, type WireEvent } from "@org/optave-test-fixtures"
import { setupServer } from "msw/node"
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createOptaveMock, routeActions } from "../src/index.ts"

const golden = JSON.parse(readFileSync(new URL("../../../tooling/test-fixtures/golden/seeded-content.json", import.meta.url), "utf8")) as Record<
  string,
  Record<string, Record<string, unknown>>
>

const urls = { ws: "ws://127.0.0.1:4010", rest: "http://127.0.0.1:4010" }
const mocks = new Map(pinnedSeeds.map((seed) => [seed, createOptaveMock({ urls, seed, latencyMs: 0 })] as const))
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: "error" }))
afterAll(() => server.close())

type Collect = (action: ActionName, payload: unknown) => Promise<ReadonlyArray<WireEvent>>

const tableOf = async (collect: Collect): Promise<Record<string, Record<string, unknown>>> => {
  const table: Record<string, Record<string, unknown>> = {}
  for (const action of routeActions) table[action] = completedContentOf(await collect(action, examplePayloads[action]))
  return table
}

const bareRest: Collect = async (action, payload) => {
  const response = await fetch(`${urls.rest}/message/${action}`, {
    method: "POST",
    headers: { authorization: "Bearer golden", "content-type": "application/json" },
    body: JSON.stringify(payload)
  })
  const body = (await response.json()) as WireEvent | ReadonlyArray<WireEvent>
  return Array.isArray(body) ? body : [body as WireEvent]
}

const throughClient =
  (client: OptaveClientPromise): Collect =>
  async (action, payload) => {
    const call = client[action] as (payload: unknown) => Promise<{ readonly events: ReadonlyArray<unknown> }>
    return (await call(payload)).events as ReadonlyArray<WireEvent>
  }

describe.each(pinnedSeeds)("seeded content (the MSW handlers), seed %i", (seed) => {
  const mock = mocks.get(seed)!
  const expected = golden[`seed ${seed}`]

  it("answers a bare REST request with the pinned content", async () => {
    server.resetHandlers(...mock.handlers)
    expect(await tableOf(bareRest)).toEqual(expected)
  })

  it.each(["ws", "rest"] as const)("answers the client over %s with the same pinned content", async (transport) => {
    server.resetHandlers(...mock.handlers)
    const client = createClient({ urls, token: "golden", transport })
    try {
      expect(await tableOf(throughClient(client))).toEqual(expected)
    } finally {
      await client.close()
    }
  })
})
