// The two front doors over one engine must never disagree: the same client code, the same seed
// and idempotency keys give the same collected results against the local mock server (a real
// loopback server, reached through the real global WebSocket) and against the MSW handlers.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { createClient, type ActionName, type ActionResult, type ClientConfig } from "@org/optave-node"
import { setupServer } from "msw/node"
import { afterEach, describe, expect, it } from "vitest"
import { createOptaveMock, routeActions } from "../src/index.ts"
import { anyActionPayload } from "@org/optave-test-fixtures"

const TOKEN = "parity-token"
const SEED = 42

interface Step {
  readonly action: ActionName
  readonly transport: "ws" | "rest"
  readonly idempotencyKey: string
}
// Every action over both transports, plus a replay of the first key (idempotency) and a failing
// superpower scenario, in one fixed order (failures and interleaving follow arrival order).
const steps: ReadonlyArray<Step> = [
  ...routeActions.flatMap((action) =>
    (["ws", "rest"] as const).map((transport): Step => ({ action, transport, idempotencyKey: `${action}-${transport}` }))
  ),
  { action: "insights", transport: "rest", idempotencyKey: "insights-ws" }
]

/** What a run yields, minus what the client makes up per run (correlation ids are UUIDs when no requestId). */
const comparable = (result: ActionResult | { readonly error: unknown }) =>
  "error" in result
    ? result
    : {
        action: result.action,
        superpowers: result.superpowers,
        errors: result.errors.map((error) => ({ tag: error._tag, message: error.message })),
        events: result.events.map(({ correlationId: _correlationId, ...event }) => event)
      }

const runSteps = async (config: ClientConfig) => {
  const client = createClient({ token: TOKEN, ...config })
  const results = []
  try {
    for (const step of steps) {
      const result = await client[step.action](anyActionPayload(`request-${step.action}`), { transport: step.transport, idempotencyKey: step.idempotencyKey })
        .then((value) => value as ActionResult)
        .catch((error: unknown) => ({ error: { tag: (error as { _tag?: string })._tag, message: (error as Error).message } }))
      results.push({ step, result: comparable(result) })
    }
  } finally {
    await client.close()
  }
  return results
}

const recordOf = (requests: ReadonlyArray<{ readonly via: string; readonly action: string; readonly valid: boolean; readonly idempotencyKey?: string; readonly payload: unknown }>) =>
  requests.map(({ via, action, valid, idempotencyKey, payload }) => ({ via, action, valid, idempotencyKey, payload }))

const mockServers: Array<MockServer> = []
afterEach(async () => {
  await Promise.all(mockServers.splice(0).map((server) => server.close()))
})

describe("MSW handlers and the local mock server agree", () => {
  it("the same collected results for the same seed and idempotency keys, over WebSocket and REST", { timeout: 60_000 }, async () => {
    const engineOptions = { seed: SEED, latencyMs: 1, failRate: 0.2 } as const

    // 1. The local mock server, MSW not listening: the global WebSocket reaches the loopback port.
    const mockServer = await startMockServer(engineOptions)
    mockServers.push(mockServer)
    const viaServer = await runSteps({ urls: { ws: mockServer.wsUrl, rest: mockServer.restUrl } } as ClientConfig)
    const serverRecord = recordOf(mockServer.engine.requests())
    const serverStats = mockServer.engine.stats()

    // 2. The MSW handlers for the real tenant host, with the same engine options.
    const optave = createOptaveMock({ tenant: "acme", tld: "tech", ...engineOptions })
    const server = setupServer(...optave.handlers)
    server.listen({ onUnhandledRequest: "error" })
    try {
      const viaMsw = await runSteps({ tenant: "acme", tld: "tech" } as ClientConfig)
      expect(viaMsw).toEqual(viaServer)
      expect(recordOf(optave.requests())).toEqual(serverRecord)
      expect(optave.stats()).toEqual(serverStats)
    } finally {
      server.close()
    }

    // The comparison covered what it claims: both transports, successes, failures and a replay.
    const failedSuperpowers = viaServer.filter(({ result }) => !("error" in result) && result.errors.length > 0)
    expect(failedSuperpowers).not.toHaveLength(0)
    expect(viaServer.filter(({ result }) => !("error" in result) && result.errors.length === 0)).not.toHaveLength(0)
    expect(serverStats.replays).toBe(1)
  })

  it("the same OAuth2 token endpoint answers", async () => {
    const mockServer = await startMockServer({ seed: SEED })
    mockServers.push(mockServer)
    const form = "application/x-www-form-urlencoded"
    const basic = (text: string) => `Basic ${btoa(text)}`
    const cases: ReadonlyArray<{ readonly method?: string; readonly query?: string; readonly headers?: Record<string, string>; readonly body?: string }> = [
      { headers: { "content-type": form }, body: "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret" },
      { headers: { "content-type": form }, body: "grant_type=client_credentials&client_id=demo-client&client_secret=wrong" },
      { headers: { "content-type": form, authorization: basic("demo-client:demo-secret") }, body: "grant_type=client_credentials" },
      { headers: { "content-type": form, authorization: basic("no-colon") }, body: "grant_type=client_credentials" },
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials", client_id: "demo-client", client_secret: "demo-secret" }) },
      { headers: { "content-type": form }, body: "grant_type=password" },
      { headers: { "content-type": form }, body: "client_id=demo-client" },
      { headers: { "content-type": form }, body: "grant_type=client_credentials" },
      { query: "?client_id=demo-client&client_secret=demo-secret", headers: { "content-type": form }, body: "grant_type=client_credentials" },
      // The documented request: credentials in the query, form content type, no body, no grant type.
      { query: "?client_id=demo-client&client_secret=demo-secret", headers: { "content-type": form } },
      { query: "?client_id=demo-client&client_secret=wrong", headers: { "content-type": form } },
      { method: "GET" }
    ]
    const answer = async (url: string) => {
      const answers = []
      for (const { method = "POST", query = "", headers = {}, body } of cases) {
        const response = await fetch(url + query, { method, headers, ...(body === undefined ? {} : { body }) })
        const json = (await response.json()) as Record<string, unknown>
        answers.push({
          status: response.status,
          headers: ["content-type", "cache-control", "pragma", "allow", "www-authenticate"].map((name) => response.headers.get(name)),
          // Issued tokens are random per engine; their presence and shape must match.
          body: typeof json["access_token"] === "string" ? { ...json, access_token: (json["access_token"] as string).replace(/[0-9a-f]/gu, "x") } : json
        })
      }
      return answers
    }
    const viaServer = await answer(`${mockServer.authUrl}/token`)
    const viaServerDocumented = await answer(`${mockServer.restUrl}/auth/oauth2/token`)

    const optave = createOptaveMock({ tenant: "acme", tld: "tech", seed: SEED, authUrl: "https://auth.acme.test/oauth" })
    const server = setupServer(...optave.handlers)
    server.listen({ onUnhandledRequest: "error" })
    try {
      expect(await answer("https://auth.acme.test/oauth/token")).toEqual(viaServer)
      // The documented endpoint answers alike on both front doors.
      expect(await answer("https://acme.oco.optave.tech/auth/oauth2/token")).toEqual(viaServerDocumented)
    } finally {
      server.close()
    }
    expect(viaServer.map(({ status }) => status)).toEqual([200, 401, 200, 401, 200, 400, 400, 401, 200, 200, 401, 405])
  })
})
