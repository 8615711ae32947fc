// No secret in a log line: a chaos-style run at `debug` (the mock server behind the chaos proxy:
// dropped and stalled connections, frames in pieces; busy answers, 503s, short-lived tokens that
// expire during the run, single-use socket tokens, a result the client refuses) with the built
// Node client, then every line and every fields object is searched for the client secret, every
// token the endpoint issued, every payload string sent and every result string received.
import { elevateExample, insightsExample } from "@org/optave-schema"
import { hashSeed, seededRandom } from "@org/optave-mock"
import { startMockServer } from "@org/optave-mock-server"
import { createClient, type ClientLogger, type LogFields } from "@org/optave-node"
import { afterAll, describe, expect, it } from "vitest"
import { startChaosProxy } from "../src/chaos-proxy.ts"

const SECRET = "log-test-secret-5f1b9c"
const seed = 19_001
const server = await startMockServer({
  seed,
  latencyMs: 2,
  interleave: true,
  singleUseSocketTokens: true,
  clients: [{ clientId: "log-test-client", clientSecret: SECRET }],
  // A 2 s token is used for 1 s: the REST token is refreshed during the run.
  tokenTtlSeconds: 2
})
const proxy = await startChaosProxy({
  upstreamPort: server.port,
  random: seededRandom(seed),
  splitRate: 0.3,
  maxPieces: 4,
  delayRate: 0.05,
  maxDelayMs: 10,
  minLifetimeMs: 60,
  maxLifetimeMs: 300,
  earlyDropRate: 0.1,
  stallRate: 0.05,
  stallHoldMs: 1_000
})
afterAll(async () => {
  await proxy.close()
  await server.close()
})

// Service faults by request: busy over the socket (every superpower RATE_LIMITED), 503 over REST,
// and one result the client refuses (an improved answer in a shape the schema does not allow).
const bucket = (correlationId: string | undefined) => hashSeed(`${seed}\u0000${correlationId ?? ""}`) % 100
server.engine.use({ http: { status: 503, retryAfterMs: 5 }, match: (request) => bucket(request.correlationId) < 15 })
server.engine.use({
  action: "elevate",
  once: true,
  match: (request) => request.correlationId === "refused-frame",
  // The one documented result shape (improve_answer's content is text): an object is refused.
  results: { improve_answer: { text: "refused-content-marker-2d8e" } as never }
})

describe("log lines of a chaos-style run", () => {
  it("hold no secret, no token and no payload or result content", async () => {
    const lines: Array<string> = []
    const record = (line: string, fields: LogFields) => void lines.push(line, JSON.stringify(fields))
    const logger: ClientLogger = { debug: record, info: record, warn: record, error: record }
    const issuedTokens = new Set<string>()
    const client = createClient({
      urls: { ws: `ws://127.0.0.1:${proxy.port}`, rest: server.restUrl },
      clientId: "log-test-client",
      clientSecret: SECRET,
      authenticationUrl: server.authUrl,
      // Every token the endpoint issues is remembered, to be searched for.
      fetch: async (url, init) => {
        const response = await fetch(url, init)
        if (url.includes("/token")) {
          const body = (await response.clone().json()) as { access_token?: string }
          if (body.access_token !== undefined) issuedTokens.add(body.access_token)
        }
        return response
      },
      timeouts: { connectMs: 1_000, settleMs: 5_000, heartbeatMs: 200 },
      reconnect: { maxAttempts: 50, baseDelayMs: 5, maxDelayMs: 100 },
      retry: { maxRetries: 4, baseDelayMs: 5, maxDelayMs: 50 },
      logger,
      logLevel: "debug"
    })
    const sent = new Set<string>()
    const payload = (index: number) => {
      const marker = `payload-marker-${index}-c41a`
      sent.add(marker)
      const conversation = insightsExample.request.scope.conversations[0]!
      const messages = conversation.messages.map((message) => ({ ...message, content: `${marker} ${message.content}` }))
      return { ...insightsExample, request: { ...insightsExample.request, scope: { conversations: [{ ...conversation, messages }] } } }
    }
    const received = new Set<string>()
    const keep = (result: { events: ReadonlyArray<{ message?: { results?: ReadonlyArray<{ response?: ReadonlyArray<{ content?: unknown }> }> } }> }) => {
      for (const event of result.events) {
        const content = JSON.stringify(event.message?.results?.[0]?.response?.[0]?.content ?? null)
        for (const text of content.match(/"[^"]{12,}"/gu) ?? []) received.add(text.slice(1, -1))
      }
    }

    const batch = (from: number, count: number, transport: "ws" | "rest") =>
      Promise.allSettled(
        Array.from({ length: count }, (_, offset) =>
          client.insights(payload(from + offset), { correlationId: `log-${transport}-${from + offset}`, transport }).then(keep)
        )
      )
    const first = await Promise.all([batch(0, 120, "ws"), batch(1_000, 20, "rest")])
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const second = await Promise.all([batch(200, 40, "ws"), batch(1_100, 20, "rest")])
    const answered = [...first, ...second].flat().filter((outcome) => outcome.status === "fulfilled").length
    await client.elevate(elevateExample, { correlationId: "refused-frame", timeoutMs: 1_500 }).catch(() => undefined)
    const stats = client.stats()
    await client.close()

    const written = lines.filter((line) => line.startsWith("optave ")).map((line) => line.split(" ")[1])
    const count = (...events: ReadonlyArray<string>) => written.filter((event) => events.includes(event!)).length
    const events = new Set(written)
    // The run went through what it was meant to (else the search below proves little).
    for (const expected of ["connect", "disconnect", "reconnect", "resend", "retry", "token-fetch", "token-refresh", "frame-refused"]) {
      expect(events, expected).toContain(expected)
    }
    expect(issuedTokens.size).toBeGreaterThan(3)
    // One line per occurrence (refused frames aside), checked against the client's counters and the tokens seen on the wire.
    expect(count("connect")).toBe(stats.connects)
    expect(count("resend")).toBe(stats.resends)
    // Refused frames: a line each up to 5 a minute, the rest in a `frames-refused` count (written at close at the latest).
    const unlogged = lines.filter((line) => line.startsWith("optave frames-refused ")).reduce((sum, line) => sum + Number(/ unlogged=(\d+)/u.exec(line)?.[1]), 0)
    expect(count("frame-refused") + unlogged).toBe(stats.protocolErrors)
    expect(count("frame-refused")).toBeLessThanOrEqual(5)
    expect(count("token-fetch", "token-refresh")).toBe(issuedTokens.size)
    expect(answered).toBeGreaterThan(150)
    expect(received.size).toBeGreaterThan(5)
    const searched = [SECRET, ...issuedTokens, ...sent, ...received, "refused-content-marker-2d8e"]
    const leaks = lines.flatMap((line) => searched.filter((secret) => line.includes(secret)).map((secret) => `${secret} in ${line}`))
    expect(leaks).toEqual([])
  })
})
