import { elevateExample, insightsExample } from "@org/optave-schema"
import { afterEach, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { contentOf, requestFrame, type WireEvent } from "@org/optave-test-fixtures"
import { startMockServer, type MockServer, type MockServerOptions } from "../src/index.ts"

interface Frame {
  readonly action: string
  readonly headers: { readonly correlationId?: string; readonly schemaRef: string }
  readonly payload: WireEvent
}

const servers: Array<MockServer> = []
const sockets: Array<WebSocket> = []
const start = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const server = await startMockServer({ latencyMs: 1, ...options })
  servers.push(server)
  return server
}
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Opens a socket; resolves once open, rejects with the HTTP status of a refused upgrade. */
const connect = (url: string, protocols: ReadonlyArray<string> = ["optave-v1", "test-token"]): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [...protocols])
    sockets.push(socket)
    socket.once("open", () => resolve(socket))
    socket.once("unexpected-response", (_request, response) =>
      reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode }))
    )
    socket.once("error", reject)
  })

const refusal = async (url: string, protocols: ReadonlyArray<string>): Promise<number | undefined> => {
  try {
    await connect(url, protocols)
    return undefined
  } catch (error) {
    return (error as { status?: number }).status
  }
}

/** Collects frames until `done` says so (or the socket closes). */
const collect = (socket: WebSocket, done: (frames: ReadonlyArray<Frame>) => boolean): Promise<Array<Frame>> =>
  new Promise((resolve) => {
    const frames: Array<Frame> = []
    const finish = () => {
      socket.off("message", onMessage)
      resolve(frames)
    }
    const onMessage = (data: WebSocket.RawData) => {
      frames.push(JSON.parse(data.toString()) as Frame)
      if (done(frames)) finish()
    }
    socket.on("message", onMessage)
    socket.once("close", finish)
  })

const post = (
  server: MockServer,
  action: string,
  body: unknown,
  headers: Record<string, string> = { authorization: "Bearer test-token" }
) =>
  fetch(`${server.restUrl}/message/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })

const withoutOrganization = () => {
  const payload = structuredClone(insightsExample) as { request: { context: Record<string, unknown> } }
  delete payload.request.context["organizationId"]
  return payload
}

describe("WebSocket upgrade", () => {
  it("refuses an upgrade without a token (401) or without optave-v1 (400)", async () => {
    const server = await start()
    expect(await refusal(server.wsUrl, ["optave-v1"])).toBe(401)
    expect(await refusal(server.wsUrl, ["test-token"])).toBe(400)
    expect(await refusal(server.wsUrl, [])).toBe(400)
    expect(server.connections()).toBe(0)
  })

  it("refuses a token the engine refuses, and a reused one when tokens are single-use", async () => {
    const server = await start({ tokens: ["good"], singleUseSocketTokens: true })
    expect(await refusal(server.wsUrl, ["optave-v1", "bad"])).toBe(401)
    const socket = await connect(server.wsUrl, ["optave-v1", "good"])
    expect(socket.protocol).toBe("optave-v1")
    expect(await refusal(server.wsUrl, ["optave-v1", "good"])).toBe(401)
  })

  it("accepts the discouraged ?Authorization= query fallback", async () => {
    const server = await start({ tokens: ["query-token"] })
    const socket = await connect(`${server.wsUrl}/?Authorization=query-token`, [])
    expect(socket.readyState).toBe(WebSocket.OPEN)
    expect(await refusal(`${server.wsUrl}/?Authorization=nope`, [])).toBe(401)
  })
})

describe("WebSocket requests", () => {
  it("answers a valid insights envelope with started and completed per superpower, correlated", async () => {
    const server = await start()
    const socket = await connect(server.wsUrl)
    const frames = collect(socket, (received) => received.length === 4)
    socket.send(requestFrame("insights", insightsExample, { correlationId: "insights-1" }))
    const received = await frames
    expect(received.every((frame) => frame.action === "message" && frame.headers.correlationId === "insights-1")).toBe(true)
    for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
      const events = received.map((frame) => frame.payload).filter((event) => event.actionType === superpower)
      expect(events.map((event) => event.state)).toEqual(["started", "completed"])
      expect(contentOf(events[1]!)).toBeDefined()
    }
    expect(server.engine.requests("insights")[0]).toMatchObject({ via: "socket", valid: true, correlationId: "insights-1" })
  })

  it("answers an invalid payload with an error event naming the path", async () => {
    const server = await start()
    const socket = await connect(server.wsUrl)
    const frames = collect(socket, (received) => received.length === 1)
    socket.send(requestFrame("insights", withoutOrganization(), { correlationId: "bad-1" }))
    const [frame] = await frames
    expect(frame!.headers).toMatchObject({ correlationId: "bad-1", schemaRef: "optave.error.v3" })
    expect(frame!.payload).toMatchObject({ state: "error", error_code: "VALIDATION_FAILED" })
    expect(contentOf(frame!.payload)).toContain("request.context.organizationId")
  })

  it("drops the socket after N frames, and a resend on a new socket replays the work", async () => {
    const server = await start()
    server.engine.use({ action: "insights", drop: { afterFrames: 2 } })
    const text = requestFrame("insights", insightsExample)
    const first = await connect(server.wsUrl)
    const closed = new Promise<number>((resolve) => first.once("close", (code) => resolve(code)))
    const partial = collect(first, () => false)
    first.send(text)
    expect(await partial).toHaveLength(2)
    expect(await closed).toBe(1006)
    const second = await connect(server.wsUrl)
    const full = collect(second, (received) => received.length === 4)
    second.send(text)
    const replayed = await full
    expect(replayed.filter((frame) => frame.payload.state === "completed")).toHaveLength(2)
    expect(server.engine.stats()).toMatchObject({ executions: 1, replays: 1 })
  })

  it("keeps 200 concurrent requests on one socket apart, their frames interleaved", async () => {
    const server = await start({ latencyMs: 4, interleave: true })
    const socket = await connect(server.wsUrl)
    const total = 200
    const frames = collect(socket, (received) => received.length === total * 4)
    for (let index = 0; index < total; index++) socket.send(requestFrame("insights", insightsExample, { correlationId: `concurrent-${index}` }))
    const received = await frames
    expect(received).toHaveLength(total * 4)
    const byRequest = new Map<string, Array<WireEvent>>()
    for (const frame of received)
      byRequest.set(frame.headers.correlationId!, [...(byRequest.get(frame.headers.correlationId!) ?? []), frame.payload])
    expect(byRequest.size).toBe(total)
    for (const events of byRequest.values()) {
      for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
        expect(events.filter((event) => event.actionType === superpower).map((event) => event.state)).toEqual(["started", "completed"])
      }
    }
    // Interleaved: some request's frames are not contiguous in arrival order.
    const positions = new Map<string, Array<number>>()
    received.forEach((frame, index) =>
      positions.set(frame.headers.correlationId!, [...(positions.get(frame.headers.correlationId!) ?? []), index])
    )
    const scattered = [...positions.values()].filter((indexes) => indexes.at(-1)! - indexes[0]! > indexes.length - 1).length
    expect(scattered).toBeGreaterThan(total / 4)
    // Seeded jitter: requests do not start answering in the order they were sent.
    const firstArrivals = [...positions.entries()]
      .sort(([, left], [, right]) => left[0]! - right[0]!)
      .map(([correlationId]) => correlationId)
    expect(firstArrivals).not.toEqual(Array.from({ length: total }, (_, index) => `concurrent-${index}`))
    expect(server.engine.stats()).toMatchObject({ executions: total, requests: total })
  })

  it("counts connections and drops them all", async () => {
    const server = await start()
    const sockets = await Promise.all([connect(server.wsUrl), connect(server.wsUrl)])
    expect(server.connections()).toBe(2)
    const closed = Promise.all(sockets.map((socket) => new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)))))
    server.dropAll()
    expect(await closed).toEqual([1006, 1006])
    expect(server.connections()).toBe(0)
  })
})

describe("CORS (for pages on another origin)", () => {
  it("answers a preflight with the methods and the headers asked for, without running anything", async () => {
    const server = await start()
    const preflight = await fetch(`${server.restUrl}/message/insights`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,idempotency-key" }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*")
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST")
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type,idempotency-key")
    expect(server.engine.requests("insights")).toHaveLength(0)
  })

  it("lets the page read answers and their Retry-After; cors: false answers without those headers", async () => {
    const server = await start()
    server.engine.use({ action: "insights", http: { status: 429, retryAfter: 1 } })
    const refused = await post(server, "insights", insightsExample)
    expect(refused.headers.get("access-control-allow-origin")).toBe("*")
    expect(refused.headers.get("access-control-expose-headers")).toContain("retry-after")
    const token = await fetch(`${server.authUrl}/token`, { method: "POST" })
    expect(token.headers.get("access-control-allow-origin")).toBe("*")

    const plain = await start({ cors: false })
    expect((await post(plain, "insights", insightsExample)).headers.get("access-control-allow-origin")).toBeNull()
    const preflight = await fetch(`${plain.restUrl}/message/insights`, { method: "OPTIONS", headers: { "access-control-request-method": "POST" } })
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull()
  })
})

describe("REST", () => {
  it("answers insights with an array of its completed events, elevate with one event object (the Elevate page's shape)", async () => {
    const server = await start()
    const insights = await post(server, "insights", insightsExample)
    expect(insights.status).toBe(200)
    const insightEvents = (await insights.json()) as Array<WireEvent>
    expect(insightEvents.map((event) => event.actionType).sort()).toEqual(["performance_criteria", "sentiment_analysis"])
    expect(insightEvents.every((event) => event.state === "completed")).toBe(true)
    const elevate = await post(server, "elevate", elevateExample)
    const improved = (await elevate.json()) as WireEvent
    expect(Array.isArray(improved)).toBe(false)
    expect(improved).toMatchObject({ action: "superpower", actionType: "improve_answer", state: "completed" })
    expect(contentOf(improved)).toMatch(/John/u)
    expect(server.engine.requests("elevate")[0]).toMatchObject({ via: "rest", valid: true })
  })

  it("answers 401 without a bearer token, 404 for an unknown action, 405 for GET", async () => {
    const server = await start()
    const unauthorized = await post(server, "insights", insightsExample, {})
    expect(unauthorized.status).toBe(401)
    expect(unauthorized.headers.get("www-authenticate")).toMatch(/^Bearer/u)
    expect((await post(server, "CustomerInteraction", insightsExample)).status).toBe(404)
    expect((await fetch(`${server.restUrl}/message/insights`, { headers: { authorization: "Bearer t" } })).status).toBe(405)
  })

  it("accepts the official client's customerInteraction over REST and the socket, recorded as received", async () => {
    const server = await start()
    expect((await post(server, "customerInteraction", insightsExample)).status).toBe(200)
    const socket = await connect(server.wsUrl)
    const frames = collect(socket, (received) => received.filter((frame) => frame.payload.state === "completed").length === 2)
    socket.send(requestFrame("customerInteraction", insightsExample))
    expect((await frames).map((frame) => `${frame.payload.actionType} ${frame.payload.state}`).sort()).toEqual([
      "risk_assessment completed",
      "risk_assessment started",
      "sentiment_analysis completed",
      "sentiment_analysis started"
    ])
    expect(server.engine.requests("customerinteraction").map((request) => [request.via, request.receivedAs])).toEqual([
      ["rest", "customerInteraction"],
      ["socket", "customerInteraction"]
    ])
  })

  it("answers 400 with an error event naming the path", async () => {
    const server = await start()
    const response = await post(server, "insights", withoutOrganization())
    expect(response.status).toBe(400)
    const event = (await response.json()) as WireEvent
    expect(event).toMatchObject({ state: "error", error_code: "VALIDATION_FAILED" })
    expect(contentOf(event)).toContain("request.context.organizationId")
    expect((await post(server, "insights", "{oops")).status).toBe(400)
  })

  it("answers 429 with Retry-After and retry-after-ms, then proceeds; idempotent by key", async () => {
    const server = await start()
    server.engine.use({ action: "insights", http: { status: 429, retryAfter: 1, retryAfterMs: 250 } })
    const headers = { authorization: "Bearer t", "idempotency-key": "rest-key" }
    const limited = await post(server, "insights", insightsExample, headers)
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("1")
    expect(limited.headers.get("retry-after-ms")).toBe("250")
    const first = await post(server, "insights", insightsExample, headers)
    const second = await post(server, "insights", insightsExample, headers)
    expect(first.status).toBe(200)
    expect(await second.json()).toEqual(await first.json())
    expect(server.engine.stats()).toMatchObject({ executions: 1, replays: 1, requests: 3 })
  })

  it("honours the latency before answering", async () => {
    const server = await start({ latencyMs: 60 })
    const startedAt = performance.now()
    expect((await post(server, "elevate", elevateExample)).status).toBe(200)
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(55)
  })

  it("destroys the connection for a drop scenario", async () => {
    const server = await start()
    server.engine.use({ action: "elevate", drop: { afterFrames: 0 } })
    await expect(post(server, "elevate", elevateExample)).rejects.toThrow()
    expect((await post(server, "elevate", elevateExample)).status).toBe(200)
  })
})

describe("OAuth2 token endpoint", () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" }

  it("issues a token for credentials in the body, usable on REST and the socket", async () => {
    const server = await start({ tokens: [] })
    const response = await fetch(`${server.authUrl}/token`, {
      method: "POST",
      headers: formHeaders,
      body: form({ grant_type: "client_credentials", client_id: "demo-client", client_secret: "demo-secret" })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("cache-control")).toBe("no-store")
    const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number }
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: expect.any(Number) })
    expect((await post(server, "elevate", elevateExample, { authorization: `Bearer ${token.access_token}` })).status).toBe(200)
    expect((await post(server, "elevate", elevateExample, { authorization: "Bearer made-up" })).status).toBe(401)
    expect((await connect(server.wsUrl, ["optave-v1", token.access_token])).protocol).toBe("optave-v1")
  })

  it("accepts HTTP Basic credentials", async () => {
    const server = await start()
    const response = await fetch(`${server.authUrl}/token`, {
      method: "POST",
      headers: { ...formHeaders, authorization: `Basic ${Buffer.from("demo-client:demo-secret").toString("base64")}` },
      body: form({ grant_type: "client_credentials" })
    })
    expect(response.status).toBe(200)
  })

  it("answers the documented request at /auth/oauth2/token (credentials in the query, form content type, no body), and records the secret in the URL", async () => {
    const server = await start({ tokens: [] })
    // The token endpoint of the Authentication page, verbatim but for the host.
    const response = await fetch(`${server.restUrl}/auth/oauth2/token?client_id=demo-client&client_secret=demo-secret`, {
      method: "POST",
      headers: formHeaders
    })
    expect(response.status).toBe(200)
    const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number }
    expect(Object.keys(token).sort()).toEqual(["access_token", "expires_in", "token_type"])
    expect((await connect(server.wsUrl, ["optave-v1", token.access_token])).protocol).toBe("optave-v1")
    const viaBody = await fetch(`${server.restUrl}/auth/oauth2/token`, {
      method: "POST",
      headers: formHeaders,
      body: form({ grant_type: "client_credentials", client_id: "demo-client", client_secret: "demo-secret" })
    })
    expect(viaBody.status).toBe(200)
    expect(server.engine.tokenRequests().map(({ credentialsIn, secretInUrl, status }) => ({ credentialsIn, secretInUrl, status }))).toEqual([
      { credentialsIn: "query", secretInUrl: true, status: 200 },
      { credentialsIn: "body", secretInUrl: false, status: 200 }
    ])
  })

  it("keeps /oauth/token, and the documented form with a wrong secret is a 401 invalid_client", async () => {
    const server = await start()
    const query = form({ grant_type: "client_credentials", client_id: "demo-client", client_secret: "demo-secret" })
    expect((await fetch(`${server.authUrl}/token?${query}`, { method: "POST", headers: formHeaders })).status).toBe(200)
    const wrong = await fetch(`${server.restUrl}/auth/oauth2/token?client_id=demo-client&client_secret=nope`, { method: "POST", headers: formHeaders })
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_client")
    // Without credentials anywhere, a grant type is still required.
    expect((await fetch(`${server.restUrl}/auth/oauth2/token`, { method: "POST", headers: formHeaders })).status).toBe(400)
  })

  it("answers 401 for wrong credentials and 400 for another grant type", async () => {
    const server = await start()
    const wrong = await fetch(`${server.authUrl}/token`, {
      method: "POST",
      headers: formHeaders,
      body: form({ grant_type: "client_credentials", client_id: "demo-client", client_secret: "nope" })
    })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" })
    const password = await fetch(`${server.authUrl}/token`, {
      method: "POST",
      headers: formHeaders,
      body: form({ grant_type: "password" })
    })
    expect(password.status).toBe(400)
    expect(await password.json()).toMatchObject({ error: "unsupported_grant_type" })
  })
})

describe("lifecycle", () => {
  it("listens on loopback on a random port by default and stops on close", async () => {
    const server = await startMockServer()
    expect(server.restUrl).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}`)
    expect(server.authUrl).toBe(`http://127.0.0.1:${server.port}/oauth`)
    const socket = await connect(server.wsUrl)
    const closed = new Promise((resolve) => socket.once("close", resolve))
    await server.close()
    await closed
    await expect(fetch(`${server.restUrl}/health`)).rejects.toThrow()
  })
})
