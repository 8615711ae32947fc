// The handlers as a user's suite meets them: setupServer once, the Optave client from
// @org/optave-node on the global WebSocket (vitest runs this file with --experimental-websocket),
// `optave.reset()` after each test.
import { actionCatalog, createClient, type ClientConfig, type EnvelopeHeaders, type InsightsPayload, type OptaveClientPromise } from "@org/optave-node"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { setupServer } from "msw/node"
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from "vitest"
import { CLOSE_CODES, createOptaveMock, optaveHandlers, restRoutes, routeActions, type RecordedRequest } from "../src/index.ts"
import { anyActionPayload, payloadWithoutOrganization } from "@org/optave-test-fixtures"

const TOKEN = "test-token"
const optave = createOptaveMock({ tenant: "acme", tld: "tech", seed: 1, latencyMs: 2, tokens: [TOKEN], authUrl: "https://auth.acme.test/oauth" })
const server = setupServer(...optave.handlers)

const clients: Array<OptaveClientPromise> = []
/** The client as an app builds it; `undefined` removes a default (e.g. `token` for client credentials). */
const connect = (config: { readonly [Key in keyof ClientConfig]?: ClientConfig[Key] | undefined } = {}): OptaveClientPromise => {
  const client = createClient({ tenant: "acme", tld: "tech", token: TOKEN, ...config } as ClientConfig)
  clients.push(client)
  return client
}

beforeAll(() => server.listen({ onUnhandledRequest: "error" }))
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()))
  server.resetHandlers()
  optave.reset()
})
afterAll(() => server.close())

const restCall = (action: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`https://acme.oco.optave.tech/message/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body)
  })

describe("answers as the service does", () => {
  it("REST: one event object for an action with one expected superpower (the Elevate page's shape), an array for several", async () => {
    for (const action of routeActions) {
      const response = await restCall(action, anyActionPayload(`shape-${action}`))
      expect(response.status, action).toBe(200)
      const body = (await response.json()) as unknown
      const expected = restRoutes[action].superpowers
      expect(Array.isArray(body), action).toBe(expected.length > 1)
      const events = (Array.isArray(body) ? body : [body]) as ReadonlyArray<{ readonly action: string; readonly actionType: string; readonly state: string }>
      expect(events.map((event) => event.actionType).sort(), action).toEqual([...expected].sort())
      expect(events.every((event) => event.action === "superpower" && event.state === "completed"), action).toBe(true)
    }
  })

  it("accepts the official client's customerInteraction over REST as the deprecated alias, recorded as received", async () => {
    const response = await restCall("customerInteraction", anyActionPayload("camel-case"))
    expect(response.status).toBe(200)
    expect(optave.requests("customerinteraction").map((request) => request.receivedAs)).toEqual(["customerInteraction"])
  })

  it("streams started then completed per expected superpower over the socket, correlated", async () => {
    const client = connect()
    const events: Array<string> = []
    for await (const event of client.stream.insights(insightsExample)) {
      // Correlated by the request's own UUID v7 (the caller's requestId does not double as it).
      expect(event.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u)
      events.push(`${event.actionType}:${event.state}`)
    }
    for (const superpower of actionCatalog.insights.superpowers) {
      expect(events.indexOf(`${superpower}:started`)).toBeGreaterThanOrEqual(0)
      expect(events.indexOf(`${superpower}:completed`)).toBeGreaterThan(events.indexOf(`${superpower}:started`))
    }
    expect(events).toHaveLength(4)
    expect(client.stats()).toMatchObject({ connects: 1, unrouted: 0, protocolErrors: 0 })
  })

  it("answers every action over WebSocket and REST with realistic, complete results", async () => {
    const client = connect()
    for (const action of routeActions) {
      for (const transport of ["ws", "rest"] as const) {
        const result = await client[action](anyActionPayload(`${action}-${transport}`), { transport })
        expect(Object.keys(result.superpowers).sort()).toEqual([...restRoutes[action].superpowers].sort())
        for (const outcome of Object.values(result.superpowers)) {
          expect(outcome.state).toBe("completed")
          expect(outcome.results[0]?.response?.[0]?.content).toBeDefined()
        }
      }
    }
    const elevated = await client.elevate(elevateExample)
    expect(elevated.superpowers["improve_answer"]?.results[0]?.response?.[0]?.content).toEqual(expect.stringMatching(/\w+/u))
  })

  it("is deterministic for a seed: the same request gets the same content, also after reset", async () => {
    const client = connect()
    const first = await client.insights(insightsExample, { transport: "rest" })
    optave.reset()
    const again = await client.insights(insightsExample, { transport: "rest" })
    expect(again.superpowers).toEqual(first.superpowers)
  })

  describe("every action's REST handler rejects an invalid payload with the path of the problem", () => {
    for (const action of routeActions) {
      it(`POST ${restRoutes[action].restPath}`, async () => {
        const response = await restCall(action, payloadWithoutOrganization(`bad-${action}`))
        expect(response.status).toBe(400)
        const event = (await response.json()) as { actionType: string; state: string; error_code: string; message: { results: Array<{ response: Array<{ content: string }> }> } }
        expect(event).toMatchObject({ state: "error", error_code: "VALIDATION_FAILED", actionType: restRoutes[action].superpowers[0] })
        expect(event.message.results[0]?.response[0]?.content).toContain("request.context.organizationId: is required")
        const [recorded] = optave.requests(action)
        expect(recorded).toMatchObject({ via: "rest", valid: false, issues: [{ path: "request.context.organizationId", message: "is required" }] })
      })
    }
  })

  it("rejects an invalid envelope on the socket with an error event naming the path", async () => {
    const socket = new WebSocket("wss://ws-acme.oco.optave.tech", ["optave-v1", TOKEN])
    await new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }))
    const answer = new Promise<string>((resolve) => socket.addEventListener("message", (event) => resolve(String(event.data)), { once: true }))
    socket.send(JSON.stringify({ action: "message", headers: { action: "insights", correlationId: "c-1" }, payload: insightsExample }))
    const frame = JSON.parse(await answer) as { headers: { correlationId: string; schemaRef: string }; payload: { state: string; message: { results: Array<{ response: Array<{ content: string }> }> } } }
    expect(frame.headers).toMatchObject({ correlationId: "c-1", schemaRef: "optave.error.v3" })
    expect(frame.payload.state).toBe("error")
    expect(frame.payload.message.results[0]?.response[0]?.content).toMatch(/^Invalid request envelope: headers\.\w+/u)
    socket.close()
  })

  it("answers an unknown action with 404 and another method with 405, as the mock server does", async () => {
    expect((await restCall("horoscope", anyActionPayload("h"))).status).toBe(404)
    const get = await fetch("https://acme.oco.optave.tech/message/insights", { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(get.status).toBe(405)
    expect(get.headers.get("allow")).toBe("POST")
  })

  it("optaveHandlers alone gives handlers for any tenant and tld", async () => {
    server.use(...optaveHandlers({ tenant: "globex", tld: "co.uk", seed: 5 }))
    const client = connect({ tenant: "globex", tld: "co.uk" })
    await expect(client.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
    await expect(client.elevate(elevateExample, { transport: "rest" })).resolves.toMatchObject({ action: "elevate" })
    // Those handlers have their own engine: this suite's record stays empty.
    expect(optave.requests()).toHaveLength(0)
  })
})

describe("authentication", () => {
  it("a wrong token gives the client an AuthError, over WebSocket and REST", async () => {
    const client = connect({ token: "wrong-token", reconnect: { baseDelayMs: 5 } })
    await expect(client.insights(insightsExample)).rejects.toMatchObject({ _tag: "AuthError", code: "TOKEN_REJECTED", category: "AUTHENTICATION" })
    await expect(client.elevate(elevateExample, { transport: "rest" })).rejects.toMatchObject({ _tag: "AuthError", status: 401 })
    // Refused before anything is read: nothing recorded, as with the mock server.
    expect(optave.requests()).toHaveLength(0)
  })

  it("a refused socket closes with 4401 before opening; a missing bearer token gets 401", async () => {
    const socket = new WebSocket("wss://ws-acme.oco.optave.tech", ["optave-v1", "wrong-token"])
    let opened = false
    socket.addEventListener("open", () => (opened = true))
    const closed = await new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve, { once: true }))
    expect({ opened, code: closed.code, reason: closed.reason }).toEqual({ opened: false, code: CLOSE_CODES.unauthorized, reason: "token refused" })
    const response = await fetch("https://acme.oco.optave.tech/message/insights", { method: "POST", body: JSON.stringify(insightsExample) })
    expect(response.status).toBe(401)
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/u)
  })

  it("reads the token from the second subprotocol and selects optave-v1", async () => {
    const socket = new WebSocket("wss://ws-acme.oco.optave.tech", ["optave-v1", TOKEN])
    await new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }))
    expect(socket.protocol).toBe("optave-v1")
    expect(optave.connections()).toBe(1)
    socket.close()
  })

  it("serves the OAuth2 token endpoint: client credentials work over WebSocket and REST", async () => {
    const client = connect({ token: undefined, clientId: "demo-client", clientSecret: "demo-secret", authenticationUrl: "https://auth.acme.test/oauth" })
    await expect(client.insights(insightsExample)).resolves.toMatchObject({ action: "insights" })
    await expect(client.elevate(elevateExample, { transport: "rest" })).resolves.toMatchObject({ action: "elevate" })
    const wrong = connect({ token: undefined, clientId: "demo-client", clientSecret: "nope", authenticationUrl: "https://auth.acme.test/oauth", retry: { maxRetries: 0 } })
    await expect(wrong.elevate(elevateExample, { transport: "rest" })).rejects.toMatchObject({ _tag: "AuthError", code: "TOKEN_ENDPOINT_FAILED" })
    expect(optave.tokenRequests().every((request) => !request.secretInUrl && request.credentialsIn === "body")).toBe(true)
    const leaky = await fetch("https://auth.acme.test/oauth/token?client_id=demo-client&client_secret=demo-secret", { method: "POST" })
    expect(leaky.status).toBe(200)
    expect(optave.tokenRequests().at(-1)).toMatchObject({ credentialsIn: "query", secretInUrl: true, status: 200 })
  })

  it("answers the documented token request at {tenant}.oco.optave.{tld}/auth/oauth2/token, where the client looks by default", async () => {
    const documented = await fetch("https://acme.oco.optave.tech/auth/oauth2/token?client_id=demo-client&client_secret=demo-secret", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" }
    })
    expect(documented.status).toBe(200)
    expect(Object.keys((await documented.json()) as object).sort()).toEqual(["access_token", "expires_in", "token_type"])
    // createClient with clientId/clientSecret and tenant/tld alone: every credentials transport reaches the default URL.
    for (const credentialsTransport of ["body", "basic", "query"] as const) {
      const client = connect({ token: undefined, clientId: "demo-client", clientSecret: "demo-secret", credentialsTransport, urls: undefined, tenant: "acme", tld: "tech" })
      await expect(client.elevate(elevateExample, { transport: "rest" })).resolves.toMatchObject({ action: "elevate" })
      expect(optave.tokenRequests().at(-1)).toMatchObject({ credentialsIn: credentialsTransport, secretInUrl: credentialsTransport === "query", status: 200 })
    }
  })

  it("issueToken mints a token the handlers accept", async () => {
    const client = connect({ token: optave.issueToken() })
    await expect(client.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
  })
})

describe("scenarios", () => {
  it("per action results replace the generated content, typed by the schema", async () => {
    optave.use({ action: "insights", results: { sentiment_analysis: { label: "positive", score: 0.9 } } })
    const client = connect()
    const result = await client.insights(insightsExample)
    expect(result.superpowers["sentiment_analysis"]?.results).toEqual([{ response: [{ content: { label: "positive", score: 0.9 } }] }])
    // @ts-expect-error -- improve_answer is not a superpower of insights
    optave.use({ action: "insights", results: { improve_answer: "x" } })
    // @ts-expect-error -- a sentiment label is positive, neutral or negative
    optave.use({ action: "insights", results: { sentiment_analysis: { label: "great", score: 1 } } })
  })

  it("per request results through match, and `once`", async () => {
    optave.use({
      action: "elevate",
      once: true,
      match: (request) => request.payload.request.requestId === "special",
      results: { improve_answer: "Hello John, your new flight leaves at 9." }
    })
    const client = connect()
    const ordinary = await client.elevate(anyActionPayload("ordinary"))
    const special = await client.elevate(anyActionPayload("special"))
    const specialAgain = await client.elevate(anyActionPayload("special"), { correlationId: "special-2" })
    expect(special.superpowers["improve_answer"]?.results[0]?.response?.[0]?.content).toBe("Hello John, your new flight leaves at 9.")
    expect(ordinary.superpowers["improve_answer"]?.results[0]?.response?.[0]?.content).not.toBe("Hello John, your new flight leaves at 9.")
    expect(specialAgain.superpowers["improve_answer"]?.results[0]?.response?.[0]?.content).not.toBe("Hello John, your new flight leaves at 9.")
  })

  it("an error state with a message reaches the client beside the completed superpower (WebSocket and REST)", async () => {
    optave.use({ action: "insights", error: { superpower: "sentiment_analysis", message: "Sentiment model unavailable", code: "MODEL_DOWN" } })
    const client = connect()
    for (const transport of ["ws", "rest"] as const) {
      const result = await client.insights(insightsExample, { transport })
      expect(result.superpowers.performance_criteria.state).toBe("completed")
      expect(result.superpowers.performance_criteria.results.length).toBeGreaterThan(0)
      expect(result.superpowers.sentiment_analysis).toMatchObject({ state: "error", error: { message: "Sentiment model unavailable", code: "MODEL_DOWN" } })
      expect(result.errors).toMatchObject([{ _tag: "RemoteError", superpower: "sentiment_analysis", reason: "Sentiment model unavailable", code: "MODEL_DOWN" }])
    }
  })

  it("latency delays the answer", async () => {
    optave.use({ action: "elevate", latencyMs: 150 })
    const client = connect()
    for (const transport of ["ws", "rest"] as const) {
      const started = Date.now()
      await client.elevate(elevateExample, { transport })
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    }
  })

  it("429 with Retry-After, then success: the client waits what the server asked and retries with the same key", async () => {
    optave.use({ action: "insights", http: { status: 429, retryAfter: 1 } })
    // A backoff of at most 1 ms: only honouring Retry-After makes the client wait a second. The
    // server's wait is honoured up to maxDelayMs (a longer one fails at once with the 429).
    const client = connect({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2_000 } })
    const started = Date.now()
    const result = await client.insights(insightsExample, { transport: "rest", idempotencyKey: "retry-after-1" })
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(result.superpowers["performance_criteria"]?.state).toBe("completed")
    const attempts = optave.requests("insights")
    expect(attempts.map((attempt) => attempt.idempotencyKey)).toEqual(["retry-after-1", "retry-after-1"])
    expect(optave.stats()).toMatchObject({ requests: 2, executions: 1 })
  })

  it("one busy-signal rule on both transports: a 503 is retried once with the same idempotency key, then succeeds", async () => {
    const client = connect({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 50 } })
    for (const transport of ["ws", "rest"] as const) {
      optave.resetScenarios()
      optave.reset()
      optave.use({ action: "insights", http: { status: 503, retryAfterMs: 20 } })
      const result = await client.insights(insightsExample, { transport, idempotencyKey: `busy-${transport}` })
      expect(result.errors).toEqual([])
      expect(result.superpowers.sentiment_analysis.state).toBe("completed")
      const attempts = optave.requests("insights")
      expect(attempts.map((attempt) => attempt.idempotencyKey)).toEqual([`busy-${transport}`, `busy-${transport}`])
      expect(optave.stats()).toMatchObject({ executions: 1 })
    }
  })

  it("answers 429/503 with Retry-After and retry-after-ms headers", async () => {
    optave.use({ action: "elevate", http: { status: 503, retryAfter: 2, retryAfterMs: 40, times: 2 } })
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await restCall("elevate", elevateExample)
      expect(response.status).toBe(503)
      expect(response.headers.get("retry-after")).toBe("2")
      expect(response.headers.get("retry-after-ms")).toBe("40")
      expect(await response.json()).toMatchObject({ error: "service_unavailable" })
    }
    expect((await restCall("elevate", elevateExample)).status).toBe(200)
  })

  it("a connection dropped mid-stream: the client resends, every event arrives exactly once, the work runs once", async () => {
    optave.use({ action: "insights", drop: { afterFrames: 2 } })
    const client = connect({ reconnect: { baseDelayMs: 10 } })
    const events: Array<string> = []
    for await (const event of client.stream.insights(insightsExample, { idempotencyKey: "drop-1" })) events.push(`${event.actionType}:${event.state}`)
    expect(new Set(events).size).toBe(events.length)
    expect(events.filter((event) => event.endsWith(":completed")).sort()).toEqual(["performance_criteria:completed", "sentiment_analysis:completed"])
    expect(client.stats().resends).toBeGreaterThanOrEqual(1)
    expect(client.stats().reconnects).toBe(1)
    expect(optave.stats()).toMatchObject({ executions: 1, replays: 1 })
  })

  it("a REST connection dropped before the answer: the client retries and gets the remembered work", async () => {
    optave.use({ action: "elevate", drop: { afterFrames: 0 } })
    const client = connect({ retry: { baseDelayMs: 5, maxDelayMs: 5 } })
    await expect(client.elevate(elevateExample, { transport: "rest" })).resolves.toMatchObject({ action: "elevate" })
    expect(optave.stats()).toMatchObject({ requests: 2, executions: 1, replays: 1 })
  })

  it("dropConnections drops every socket like a network failure; pending requests are resent", async () => {
    optave.use({ action: "insights", latencyMs: 150 })
    const client = connect({ reconnect: { baseDelayMs: 5 } })
    const pending = client.insights(insightsExample)
    // Drop once the request arrived and before its first frame is due.
    await vi.waitFor(() => expect(optave.requests("insights")).toHaveLength(1), { interval: 2 })
    expect(optave.connections()).toBe(1)
    optave.dropConnections()
    await expect(pending).resolves.toMatchObject({ action: "insights" })
    expect(client.stats()).toMatchObject({ reconnects: 1 })
  })

  it("a scenario's remover and resetScenarios take it away", async () => {
    const remove = optave.use({ action: "elevate", error: { message: "down" } })
    const client = connect()
    await expect(client.elevate(elevateExample)).resolves.toMatchObject({ errors: [{ _tag: "RemoteError" }] })
    remove()
    await expect(client.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
    optave.use({ action: "elevate", error: { message: "down" } })
    optave.resetScenarios()
    await expect(client.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
  })
})

describe("recording", () => {
  it("returns typed requests with parsed payloads and envelope headers", async () => {
    const client = connect()
    await client.insights(insightsExample, { idempotencyKey: "record-1", traceId: "trace-1" })
    await client.insights(insightsExample, { transport: "rest", idempotencyKey: "record-2" })
    await client.elevate(elevateExample)

    const recorded = optave.requests("insights")
    expect(recorded).toHaveLength(2)
    expect(optave.requests()).toHaveLength(3)
    expectTypeOf(recorded).toEqualTypeOf<ReadonlyArray<RecordedRequest<"insights">>>()
    expectTypeOf(recorded[0]!.payload).toEqualTypeOf<InsightsPayload>()

    const [overSocket, overRest] = recorded
    if (overSocket?.via !== "socket" || overRest?.via !== "rest") throw new Error("expected a socket request, then a REST one")
    expectTypeOf(overSocket.headers).toEqualTypeOf<EnvelopeHeaders>()
    expectTypeOf(overRest.headers).toEqualTypeOf<Readonly<Record<string, string>>>()
    // The least padding the official envelope schema needs: the example has a session and a requestId, so nothing.
    expect(overSocket.payload).toEqual(insightsExample)
    expect(overSocket.payload.request.context.organizationId).toBe(insightsExample.request.context.organizationId)
    expect(overSocket.headers).toMatchObject({
      action: "insights",
      identifier: "message",
      schemaRef: "optave.message.v3",
      sdkVersion: "none",
      idempotencyKey: "record-1",
      traceId: "trace-1"
    })
    expect(overSocket).toMatchObject({ valid: true, issues: [], idempotencyKey: "record-1", connectionId: expect.stringMatching(/^connection-\d+$/u) })
    expect(overRest.headers).toMatchObject({ "idempotency-key": "record-2", authorization: `Bearer ${TOKEN}`, "content-type": "application/json" })
    expect(overRest.payload).toEqual(insightsExample)
  })

  it("reset() clears the record, the scenarios and the idempotency memory", async () => {
    const client = connect()
    optave.use({ action: "elevate", error: { message: "down" } })
    await client.elevate(elevateExample, { idempotencyKey: "k" }).catch(() => undefined)
    expect(optave.requests()).toHaveLength(1)
    optave.reset()
    expect(optave.requests()).toHaveLength(0)
    expect(optave.stats()).toEqual({ executions: 0, requests: 0, replays: 0 })
    await expect(client.elevate(elevateExample, { idempotencyKey: "k" })).resolves.toMatchObject({ action: "elevate" })
    expect(optave.stats()).toMatchObject({ executions: 1, replays: 0 })
  })
})
