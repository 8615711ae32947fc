// The scenarios of `pnpm hostile` (issue 14): each starts hostile or broken servers on loopback,
// drives the BUILT client (`@org/optave-node`) against them and asserts the outcome a careful user
// expects: the error's `_tag` and `code`, the heap after `gc()`, how many connections and token
// requests were made, what reached a server it should not have. A scenario throws on failure.
// `quick` sizes run inside the test pipeline (tooling/bench/test/hostile.test.ts); full sizes in
// `pnpm hostile`. The numbers in comments are what the main branch before the fix did.
import { elevateExample } from "@org/optave-schema"
import { createClient, type ClientConfig, type OptaveClientPromise } from "@org/optave-node"
import type { ClientFactory } from "./client-factory.ts"
import { inspect } from "node:util"
import { runInNewContext } from "node:vm"
import { setFlagsFromString } from "node:v8"
import {
  answerElevate,
  completedEvent,
  progressEvent,
  sendToken,
  startHttpServer,
  startWsServer,
  type Envelope,
  type HttpServer,
  type WsServer
} from "./hostile-servers.ts"

export type Size = "quick" | "full"

export interface ScenarioOutcome {
  readonly detail: string
  /** Heap used after `gc()`, in MiB, while the client still held what the scenario left it. */
  readonly heapMb: number
  /** WebSocket connections the client opened. */
  readonly connections: number
}

export interface Scenario {
  readonly name: string
  /** The issue item it proves (1-10). */
  readonly item: number
  readonly run: (size: Size) => Promise<ScenarioOutcome>
}

setFlagsFromString("--expose-gc")
const collectGarbage = runInNewContext("gc") as () => void

/** Heap used after two full collections, in MiB. */
export const heapAfterGcMb = (): number => {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const check = (condition: boolean, message: string): void => {
  if (!condition) throw new Error(message)
}

const describeError = (error: unknown): string => {
  const tagged = error as { _tag?: string; code?: string; status?: number; message?: string }
  return `${tagged?._tag ?? typeof error} ${tagged?.code ?? ""}${tagged?.status === undefined ? "" : ` status ${tagged.status}`}: ${tagged?.message ?? String(error)}`
}

/** The rejection of `promise` (a result is a failure of the scenario). */
const failureOf = async (promise: Promise<unknown>): Promise<any> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a failure, got a result")
}

const expectError = (error: any, tag: string, code: string, context = ""): void =>
  check(error?._tag === tag && error?.code === code, `${context}expected ${tag} ${code}, got ${describeError(error)}`)

const within = async <A>(ms: number, promise: Promise<A>, what: string): Promise<A> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)))
  try {
    return await Promise.race([promise, limit])
  } finally {
    clearTimeout(timer)
  }
}

const payload = (requestId: string) => ({ ...elevateExample, request: { ...elevateExample.request, requestId } })
const contentOf = (result: { superpowers: Record<string, { results: ReadonlyArray<any> }> }) =>
  result.superpowers.improve_answer?.results[0]?.response?.[0]?.content as string | undefined
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts what a scenario needs and always closes it, client first. */
const using = async <A>(run: (track: <S extends { close: () => Promise<void> }>(resource: S) => S) => Promise<A>): Promise<A> => {
  const resources: Array<{ close: () => Promise<void> }> = []
  try {
    return await run((resource) => {
      resources.unshift(resource)
      return resource
    })
  } finally {
    for (const resource of resources) await resource.close().catch(() => {})
  }
}

let factory: ClientFactory = createClient
/** Runs the scenarios against another build of the core (`--core`, see client-factory.ts), e.g. the main branch's. */
export const useClientFactory = (next: ClientFactory): void => {
  factory = next
}
const client = (config: ClientConfig): OptaveClientPromise & { close: () => Promise<void> } => factory(config)
const quiet = { heartbeatMs: 0 }

// 1 ---------------------------------------------------------------------------------------------
const validationFlood: Scenario = {
  name: "frames-of-invalid-items",
  item: 1,
  run: (size) =>
    using(async (track) => {
      // Main kept every issue of the last 1,000 errors: 10 frames of 500,000 issues held 807 MiB.
      const frames = size === "quick" ? 10 : 20
      const items = size === "quick" ? 100_000 : 500_000
      const frame = `{"action":"superpower","actionType":"x","state":"started","message":{"results":[${"1,".repeat(items - 1)}1]}}`
      const server = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            for (let index = 0; index < frames; index++) socket.send(frame)
            answerElevate(socket, envelope)
          }
        })
      )
      const before = heapAfterGcMb()
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 120_000 } }))
      const result = await optave.elevate(payload("flood-1"))
      check(contentOf(result) === "ok:flood-1", "the request beside the bad frames did not get its answer")
      check(optave.stats().protocolErrors === frames, `expected ${frames} protocol errors, got ${optave.stats().protocolErrors}`)
      const iterator = optave.protocolErrors()[Symbol.asyncIterator]()
      const first = (await iterator.next()).value as { issues: ReadonlyArray<unknown>; issueCount?: number; code: string }
      await iterator.return?.()
      check(first.code === "INVALID_FRAME" && first.issues.length <= 20 && first.issueCount === items, `an error kept ${first.issues.length} issues (count ${first.issueCount})`)
      const heapMb = heapAfterGcMb()
      check(heapMb - before < 48, `heap grew ${(heapMb - before).toFixed(0)} MiB after gc for ${frames} bad frames`)
      return { detail: `${frames} frames x ${items} issues: ${first.issues.length} kept each, heap +${(heapMb - before).toFixed(1)} MiB`, heapMb, connections: server.connections() }
    })
}

// 2 ---------------------------------------------------------------------------------------------
const tokenRedirect: Scenario = {
  name: "token-endpoint-redirects-elsewhere",
  item: 2,
  run: () =>
    using(async (track) => {
      // Main followed the 307 and re-sent client_secret over plain http to the other origin.
      const elsewhere = track(await startHttpServer((_request, response) => sendToken(response, "forged-token")))
      const auth = track(
        await startHttpServer((_request, response) => {
          response.writeHead(307, { location: `${elsewhere.url}/token` })
          response.end()
        })
      )
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "forged")))))
      const optave = track(
        client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, clientId: "id", clientSecret: "the-client-secret", authenticationUrl: auth.url, transport: "rest", timeouts: quiet })
      )
      const error = await within(5_000, failureOf(optave.elevate(payload("r-1"))), "the request")
      expectError(error, "AuthError", "TOKEN_ENDPOINT_FAILED")
      check(error.status === 307 && /307/.test(error.message), `the error does not name the 307: ${describeError(error)}`)
      check(elsewhere.requests.length === 0, `${elsewhere.requests.length} requests reached the redirect target`)
      check(rest.requests.length === 0, "a REST call went out without a token")
      return { detail: `AuthError TOKEN_ENDPOINT_FAILED 307, 0 requests reached the other origin`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const restRedirect: Scenario = {
  name: "rest-redirects-elsewhere",
  item: 2,
  run: () =>
    using(async (track) => {
      const elsewhere = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "forged")))))
      const rest = track(
        await startHttpServer((_request, response) => {
          response.writeHead(308, { location: `${elsewhere.url}/message/elevate` })
          response.end()
        })
      )
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "the-rest-token", transport: "rest", timeouts: quiet }))
      const error = await within(5_000, failureOf(optave.elevate(payload("r-2"))), "the request")
      expectError(error, "TransportError", "REDIRECT_REFUSED")
      check(error.status === 308, `the error does not carry the 308: ${describeError(error)}`)
      check(elsewhere.requests.length === 0, `${elsewhere.requests.length} requests (with the bearer token) reached the redirect target`)
      check(rest.requests.length === 1, `the redirect was retried ${rest.requests.length - 1} times`)
      return { detail: "TransportError REDIRECT_REFUSED 308, 0 requests reached the other origin", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 3 ---------------------------------------------------------------------------------------------
const stuckProvider: Scenario = {
  name: "token-provider-never-answers",
  item: 3,
  run: () =>
    using(async (track) => {
      // Main: every later request timed out and the provider was never asked again.
      const server = track(await startWsServer({ onEnvelope: (socket, envelope) => answerElevate(socket, envelope) }))
      let calls = 0
      const optave = track(
        client({
          urls: { ws: server.url },
          tokenProvider: () => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve(`token-${calls}`)),
          timeouts: { ...quiet, tokenMs: 200, requestMs: 5_000 }
        })
      )
      const first = await within(4_000, optave.elevate(payload("s-1")).then(contentOf, (error) => describeError(error)), "the first request")
      const second = await within(4_000, optave.elevate(payload("s-2")), "the second request")
      check(contentOf(second) === "ok:s-2", "the second request failed")
      check(calls >= 2, `the provider was asked ${calls} times`)
      check(optave.stats().tokenFailures >= 1, "the abandoned acquisition was not counted")
      return { detail: `stuck provider abandoned after 200 ms (first request: ${first}); provider calls ${calls}`, heapMb: heapAfterGcMb(), connections: server.connections() }
    })
}

const stuckEndpoint: Scenario = {
  name: "token-endpoint-never-answers",
  item: 3,
  run: () =>
    using(async (track) => {
      let tokenRequests = 0
      const auth = track(
        await startHttpServer((_request, response) => {
          // The first token request gets its headers and half a body, then nothing.
          if (++tokenRequests === 1) {
            response.writeHead(200, { "content-type": "application/json" })
            response.write('{"access_token":')
          } else sendToken(response, `token-${tokenRequests}`)
        })
      )
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "fine")))))
      const optave = track(
        client({
          urls: { rest: rest.url, ws: rest.url.replace("http", "ws") },
          clientId: "id",
          clientSecret: "secret",
          authenticationUrl: auth.url,
          transport: "rest",
          timeouts: { ...quiet, tokenMs: 300, requestMs: 5_000 }
        })
      )
      const first = await within(4_000, failureOf(optave.elevate(payload("e-1"))), "the first request")
      expectError(first, "AuthError", "TOKEN_TIMEOUT", "first request: ")
      const second = await within(4_000, optave.elevate(payload("e-2")), "the second request")
      check(contentOf(second) === "fine", "the second request failed")
      check(tokenRequests === 2, `${tokenRequests} token requests`)
      return { detail: "stalled token body abandoned (AuthError TOKEN_TIMEOUT), the next request asked again and succeeded", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 4 ---------------------------------------------------------------------------------------------
/** A server that accepts every connection and then misbehaves; the client must give up within `reconnect.maxAttempts`. */
const closeStorm = (name: string, item: number, misbehave: (socket: import("ws").WebSocket) => void, expected: readonly [string, string], extra: { autoPong?: boolean; heartbeatMs?: number; maxConnections: number }): Scenario => ({
  name,
  item,
  run: (size) =>
    using(async (track) => {
      // Main: 933 connections and 933 token requests in 120 s; 3.3 M resent frames with 2,000 pending.
      const pendingCount = size === "quick" ? 200 : 2_000
      const server = track(await startWsServer({ onConnection: misbehave, ...(extra.autoPong === undefined ? {} : { autoPong: extra.autoPong }) }))
      let tokenRequests = 0
      const optave = track(
        client({
          urls: { ws: server.url },
          tokenProvider: () => `token-${++tokenRequests}`,
          maxQueuedRequests: pendingCount + 10,
          reconnect: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
          timeouts: { heartbeatMs: extra.heartbeatMs ?? 0, requestMs: 30_000, settleMs: 30_000 }
        })
      )
      const outcomes = await within(
        15_000,
        Promise.all(Array.from({ length: pendingCount }, (_, index) => failureOf(optave.elevate(payload(`storm-${index}`))))),
        `${pendingCount} requests`
      )
      for (const error of outcomes) expectError(error, expected[0], expected[1])
      const connections = server.connections()
      check(connections <= extra.maxConnections, `${connections} connections (at most ${extra.maxConnections})`)
      check(tokenRequests <= extra.maxConnections, `${tokenRequests} token requests`)
      check(server.framesReceived() <= pendingCount * extra.maxConnections, `${server.framesReceived()} frames received`)
      return { detail: `${pendingCount} pending -> ${expected.join(" ")}; ${connections} connections, ${tokenRequests} tokens, ${server.framesReceived()} frames`, heapMb: heapAfterGcMb(), connections }
    })
})

const closeWith = (code: number) => (socket: import("ws").WebSocket) => setTimeout(() => socket.close(code, "go away"), 5)
const transportLost = ["TransportError", "CONNECTION_LOST"] as const
const authRefused = ["AuthError", "TOKEN_REJECTED"] as const
const closeStorms: ReadonlyArray<Scenario> = [
  closeStorm("accepts-then-closes-1011", 4, closeWith(1011), transportLost, { maxConnections: 4 }),
  closeStorm("accepts-then-closes-4403", 4, closeWith(4403), authRefused, { maxConnections: 2 }),
  closeStorm("accepts-then-closes-1008", 4, closeWith(1008), authRefused, { maxConnections: 2 }),
  closeStorm("accepts-then-closes-4001", 4, closeWith(4001), authRefused, { maxConnections: 2 }),
  closeStorm(
    "sends-invalid-utf8-1007",
    4,
    (socket) => {
      // A text frame (FIN, opcode 1) of two bytes that are not UTF-8; `ws` closes with 1007.
      const raw = (socket as unknown as { _socket: import("node:net").Socket })._socket
      setTimeout(() => raw.write(Buffer.from([0x81, 0x02, 0xff, 0xfe])), 5)
    },
    transportLost,
    { maxConnections: 4 }
  ),
  closeStorm("never-answers-ping", 4, () => {}, transportLost, { autoPong: false, heartbeatMs: 100, maxConnections: 4 })
]

// 5 ---------------------------------------------------------------------------------------------
const tokenWithCrlf: Scenario = {
  name: "token-with-cr-lf",
  item: 5,
  run: () =>
    using(async (track) => {
      // Main: the platform's header error quoted the token into message, stack, JSON and inspect.
      const secret = "hostile-SECRET-4711"
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "x")))))
      const ws = track(await startWsServer({ onEnvelope: (socket, envelope) => answerElevate(socket, envelope) }))
      const optave = track(
        client({ urls: { rest: rest.url, ws: ws.url }, tokenProvider: () => `${secret}\r\nx-injected: 1`, reconnect: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, timeouts: { ...quiet, requestMs: 5_000 } })
      )
      const overRest = await within(4_000, failureOf(optave.elevate(payload("c-1"), { transport: "rest" })), "the REST request")
      const overSocket = await within(4_000, failureOf(optave.elevate(payload("c-2"))), "the socket request")
      for (const [where, error] of [["REST", overRest], ["socket", overSocket]] as const) {
        expectError(error, "AuthError", "TOKEN_INVALID", `${where}: `)
        for (const [form, text] of [
          ["message", String(error.message)],
          ["stack", String(error.stack)],
          ["JSON", JSON.stringify(error)],
          ["inspect", inspect(error, { depth: 10, showHidden: true })]
        ] as const) {
          check(!text.includes(secret), `${where}: the token appears in the error's ${form}`)
        }
      }
      check(rest.requests.length === 0 && ws.connections() === 0, "a request went out with the bad token")
      return { detail: "AuthError TOKEN_INVALID over REST and socket; the token is in no message, stack, JSON or inspect output", heapMb: heapAfterGcMb(), connections: ws.connections() }
    })
}

// 6 ---------------------------------------------------------------------------------------------
/**
 * The server holds the first request of an id and answers it late: when the next frame arrives,
 * it first sends the held request's answer (under its correlation id), then answers the new one.
 */
const lateAnswerServer = () => {
  const held: Array<Envelope> = []
  return startWsServer({
    onEnvelope: (socket, envelope) => {
      if (held.length === 0 && !String(envelope.headers.correlationId).startsWith("free")) {
        held.push(envelope)
        return
      }
      for (const late of held.splice(0)) answerElevate(socket, late, "late answer of the first request")
      setTimeout(() => answerElevate(socket, envelope, "answer of the second request"), 20)
    }
  })
}

const crossedAnswers = (name: string, options: (id: string) => { correlationId?: string }): Scenario => ({
  name,
  item: 6,
  run: () =>
    using(async (track) => {
      const server = track(await lateAnswerServer())
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 5_000, settleMs: 5_000 } }))
      const first = await failureOf(optave.elevate(payload("same-id"), { ...options("same-id"), timeoutMs: 150 }))
      expectError(first, "TimeoutError", "REQUEST_TIMEOUT", "first request: ")
      const second = await within(3_000, optave.elevate(payload("same-id"), options("same-id")).then(contentOf, (error) => error), "the second request")
      check(second !== "late answer of the first request", "the second request received the first request's late answer")
      // A reused requestId gets its own correlation; a reused explicit correlationId is refused.
      check(second === "answer of the second request" || second?._tag === "ValidationError", `second request: ${typeof second === "string" ? second : describeError(second)}`)
      return { detail: `second request -> ${typeof second === "string" ? second : describeError(second).slice(0, 60)}`, heapMb: heapAfterGcMb(), connections: server.connections() }
    })
})

// 7 ---------------------------------------------------------------------------------------------
const progressFlood: Scenario = {
  name: "progress-flood-one-request",
  item: 7,
  run: (size) =>
    using(async (track) => {
      // Main: 10,000 progress events cost 2.7 s of blocked event loop, 40,000 cost 34 s.
      const events = size === "quick" ? 20_000 : 40_000
      const server = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            for (let index = 0; index < events; index++) socket.send(JSON.stringify(progressEvent("improve_answer", `step ${index}`, envelope.headers.correlationId)))
            answerElevate(socket, envelope)
          }
        })
      )
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 60_000 } }))
      const started = performance.now()
      const result = await optave.elevate(payload("p-1"))
      const seconds = (performance.now() - started) / 1000
      check(result.events.length === events + 1, `${result.events.length} events delivered of ${events + 1}`)
      check(seconds < 4, `${events} progress events took ${seconds.toFixed(1)} s`)
      return { detail: `${events} progress events delivered in ${seconds.toFixed(2)} s`, heapMb: heapAfterGcMb(), connections: server.connections() }
    })
}

// 8 ---------------------------------------------------------------------------------------------
const hugeErrorBody: Scenario = {
  name: "rest-5xx-with-huge-body",
  item: 8,
  run: (size) =>
    using(async (track) => {
      // Main read the whole 50 MB body on each of the 3 attempts.
      const bodyBytes = size === "quick" ? 24 * 2 ** 20 : 50 * 2 ** 20
      const written: Array<number> = []
      const chunk = Buffer.alloc(64 * 1024, "x")
      const rest = track(
        await startHttpServer((_request, response) => {
          const attempt = written.push(0) - 1
          response.writeHead(503, { "content-type": "application/json", "content-length": String(bodyBytes) })
          const pump = () => {
            while (written[attempt]! < bodyBytes && !response.destroyed) {
              written[attempt]! += chunk.length
              if (!response.write(chunk)) return void response.once("drain", pump)
            }
            response.end()
          }
          pump()
        })
      )
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 }, timeouts: quiet }))
      const error = await within(20_000, failureOf(optave.elevate(payload("b-1"))), "the request")
      expectError(error, "TransportError", "HTTP_STATUS")
      check(error.status === 503 && written.length === 3, `status ${error.status}, ${written.length} attempts`)
      const mostMb = Math.max(...written) / 2 ** 20
      check(mostMb < 12, `the server wrote ${mostMb.toFixed(1)} MiB of one body before the client stopped reading`)
      return { detail: `3 attempts, at most ${mostMb.toFixed(1)} MiB of a ${bodyBytes / 2 ** 20} MiB body written each`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const stalledBody: Scenario = {
  name: "rest-body-stalls-after-headers",
  item: 8,
  run: () =>
    using(async (track) => {
      // Main: attemptMs covered the headers only; the request hung until its overall timeout.
      const rest = track(
        await startHttpServer((_request, response) => {
          response.writeHead(200, { "content-type": "application/json" })
          response.write("[")
        })
      )
      const optave = track(
        client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxRetries: 0 }, timeouts: { ...quiet, attemptMs: 300, requestMs: 10_000 } })
      )
      const started = performance.now()
      const error = await within(5_000, failureOf(optave.elevate(payload("st-1"))), "the request")
      expectError(error, "TimeoutError", "ATTEMPT_TIMEOUT")
      const ms = performance.now() - started
      check(ms < 2_000, `cut after ${ms.toFixed(0)} ms`)
      return { detail: `stalled body cut by attemptMs after ${ms.toFixed(0)} ms`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const hugeFrame: Scenario = {
  name: "websocket-frame-over-the-cap",
  item: 8,
  run: (size) =>
    using(async (track) => {
      // Main: `ws` kept its 100 MiB maxPayload, so a 60 MiB frame was buffered whole before being refused.
      const frameBytes = size === "quick" ? 16 * 2 ** 20 : 60 * 2 ** 20
      const frame = Buffer.alloc(frameBytes, 0x20)
      const server = track(await startWsServer({ onConnection: (socket) => socket.send(frame) }))
      const before = heapAfterGcMb()
      const optave = track(client({ urls: { ws: server.url }, token: "t", reconnect: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, timeouts: { ...quiet, requestMs: 20_000 } }))
      const error = await within(15_000, failureOf(optave.elevate(payload("f-1"))), "the request")
      expectError(error, "TransportError", "CONNECTION_LOST")
      check(server.closeCodes.includes(1009), `the client never refused the frame with 1009 (close codes ${server.closeCodes.join(",")})`)
      const heapMb = heapAfterGcMb()
      return { detail: `${frameBytes / 2 ** 20} MiB frame refused with 1009 on each of ${server.connections()} connections, heap +${(heapMb - before).toFixed(1)} MiB`, heapMb, connections: server.connections() }
    })
}

// 9 ---------------------------------------------------------------------------------------------
const closeEndsRest: Scenario = {
  name: "close-ends-rest-work",
  item: 9,
  run: () =>
    using(async (track) => {
      // Main: the in-flight request resolved 20 s after close(), and a request after close() was sent.
      let calls = 0
      const rest = track(
        await startHttpServer((_request, response) => {
          // First call never answered; second answered 503 with a 5 s Retry-After.
          if (++calls === 2) {
            response.writeHead(503, { "retry-after": "5" })
            response.end()
          }
        })
      )
      const timersBefore = process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
      const optave = client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 10_000 }, timeouts: quiet })
      const inFlight = failureOf(optave.elevate(payload("cl-1")))
      await sleep(100)
      const waiting = failureOf(optave.elevate(payload("cl-2")))
      await sleep(200)
      check(calls === 2, `${calls} calls reached the server before close()`)
      const closedAt = performance.now()
      await optave.close()
      const [first, second] = await within(1_000, Promise.all([inFlight, waiting]), "the requests in flight after close()")
      const ms = performance.now() - closedAt
      expectError(first, "TransportError", "CLIENT_CLOSED", "in flight: ")
      expectError(second, "TransportError", "CLIENT_CLOSED", "waiting out Retry-After: ")
      const after = await failureOf(optave.elevate(payload("cl-3")))
      expectError(after, "TransportError", "CLIENT_CLOSED", "after close: ")
      await sleep(50)
      check(calls === 2, "a request made after close() reached the server")
      const timersAfter = process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
      check(timersAfter <= timersBefore, `${timersAfter - timersBefore} timers outlived close()`)
      return { detail: `both REST requests ended CLIENT_CLOSED ${ms.toFixed(0)} ms after close(); nothing sent after; no timer left`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 10 --------------------------------------------------------------------------------------------
const restServer = (status: number, headers: Record<string, string>) =>
  startHttpServer((_request, response) => {
    response.writeHead(status, headers)
    response.end()
  })

const longRetryAfter: Scenario = {
  name: "retry-after-longer-than-max-delay",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: Retry-After 3600 made the caller wait 60 s although maxDelayMs was 100.
      const rest = track(await restServer(429, { "retry-after": "3600" }))
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxDelayMs: 100 }, timeouts: quiet }))
      const started = performance.now()
      const error = await within(3_000, failureOf(optave.elevate(payload("ra-1"))), "the request")
      expectError(error, "TransportError", "HTTP_STATUS")
      check(error.status === 429 && error.retryAfterMs === 3_600_000, `status ${error.status}, retryAfterMs ${error.retryAfterMs}`)
      check(rest.requests.length === 1, `${rest.requests.length} attempts`)
      return { detail: `429 reported after ${(performance.now() - started).toFixed(0)} ms with retryAfterMs 3600000`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const rateLimitedDefaults: Scenario = {
  name: "429-with-default-options",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: with defaults, a 429 ended as REQUEST_TIMEOUT after 120 s, the 429 lost.
      const rest = track(await restServer(429, { "retry-after": "120" }))
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", timeouts: quiet }))
      const error = await within(3_000, failureOf(optave.elevate(payload("rl-1"))), "the request")
      expectError(error, "TransportError", "HTTP_STATUS")
      check(error.status === 429 && error.retryAfterMs === 120_000, `status ${error.status}, retryAfterMs ${error.retryAfterMs}`)
      return { detail: "429 reported at once with the server's 120 s wait", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const uncheckedOptions: Scenario = {
  name: "per-call-options-out-of-range",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: timeoutMs NaN never settled; maxRetries Infinity sent 3,779 POSTs in 3 s.
      const rest = track(await restServer(503, {}))
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", timeouts: quiet }))
      const nan = await within(1_000, failureOf(optave.elevate(payload("o-1"), { timeoutMs: Number.NaN })), "timeoutMs NaN")
      expectError(nan, "ValidationError", "INVALID_PAYLOAD", "timeoutMs NaN: ")
      const infinite = await within(1_000, failureOf(optave.elevate(payload("o-2"), { retry: { maxRetries: Number.POSITIVE_INFINITY, baseDelayMs: 1 } })), "maxRetries Infinity")
      expectError(infinite, "ValidationError", "INVALID_PAYLOAD", "maxRetries Infinity: ")
      check(rest.requests.length === 0, `${rest.requests.length} POSTs were sent`)
      return { detail: "NaN timeout and infinite retries refused with ValidationError, 0 POSTs", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const shortLivedToken: Scenario = {
  name: "token-expires-in-30-s",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: a token with expires_in <= 30 was fetched again for every REST call.
      const auth = track(await startHttpServer((_request, response) => sendToken(response, "short", 30)))
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "ok")))))
      const optave = track(
        client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, clientId: "id", clientSecret: "secret", authenticationUrl: auth.url, transport: "rest", timeouts: quiet })
      )
      for (let index = 0; index < 10; index++) await optave.elevate(payload(`sl-${index}`))
      check(auth.requests.length === 1, `${auth.requests.length} token requests for 10 calls`)
      return { detail: "10 REST calls, 1 token request (a 30 s token is used for 15 s)", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

const unroutedMegabytes: Scenario = {
  name: "unrouted-events-of-a-megabyte",
  item: 10,
  run: (size) =>
    using(async (track) => {
      // Main kept the last 1,000 unrouted events whatever their size (1,000 events of 1 MB).
      // 400 in the full run: each 1 MB frame costs about 60 ms to receive, parse and check here.
      const count = size === "quick" ? 150 : 400
      const big = JSON.stringify(completedEvent("improve_answer", "y".repeat(1_000_000), "nobody-asked"))
      const server = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            for (let index = 0; index < count; index++) socket.send(big.replace("nobody-asked", `nobody-${index}`))
            answerElevate(socket, envelope)
          }
        })
      )
      const before = heapAfterGcMb()
      const optave = track(client({ urls: { ws: server.url }, token: "t", timeouts: { ...quiet, requestMs: 120_000, settleMs: 120_000 } }))
      await optave.elevate(payload("u-1"))
      check(optave.stats().unrouted === count, `${optave.stats().unrouted} unrouted of ${count}`)
      const heapMb = heapAfterGcMb()
      check(heapMb - before < 48, `heap grew ${(heapMb - before).toFixed(0)} MiB after gc for ${count} unrouted events of 1 MB`)
      return { detail: `${count} unrouted events of 1 MB, heap +${(heapMb - before).toFixed(1)} MiB`, heapMb, connections: server.connections() }
    })
}

const sharedSignal: Scenario = {
  name: "many-requests-one-abort-signal",
  item: 10,
  run: (size) =>
    using(async (track) => {
      // Main: 50,000 requests on one AbortSignal ran 5 times slower, with a MaxListenersExceededWarning.
      const count = size === "quick" ? 20_000 : 50_000
      const warnings: Array<string> = []
      const onWarning = (warning: Error) => warnings.push(warning.name)
      process.on("warning", onWarning)
      try {
        const server = track(await startWsServer({}))
        const optave = track(client({ urls: { ws: server.url }, token: "t", maxQueuedRequests: count + 10, timeouts: { ...quiet, requestMs: 600_000, settleMs: 600_000 } }))
        const controller = new AbortController()
        const started = performance.now()
        const outcomes = Array.from({ length: count }, (_, index) => failureOf(optave.elevate(payload(`sig-${index}`), { signal: controller.signal })))
        await sleep(50)
        controller.abort()
        const errors = await within(30_000, Promise.all(outcomes), `${count} aborted requests`)
        const seconds = (performance.now() - started) / 1000
        for (const error of errors.slice(0, 10)) expectError(error, "TransportError", "CANCELLED")
        check(errors.every((error) => error?.code === "CANCELLED"), "a request did not end CANCELLED")
        await sleep(10)
        check(!warnings.includes("MaxListenersExceededWarning"), "MaxListenersExceededWarning")
        check(optave.stats().pending === 0, `${optave.stats().pending} requests still pending`)
        return { detail: `${count} requests on one signal sent and aborted in ${seconds.toFixed(2)} s, no listener warning`, heapMb: heapAfterGcMb(), connections: server.connections() }
      } finally {
        process.off("warning", onWarning)
      }
    })
}

export const scenarios: ReadonlyArray<Scenario> = [
  validationFlood,
  tokenRedirect,
  restRedirect,
  stuckProvider,
  stuckEndpoint,
  ...closeStorms,
  tokenWithCrlf,
  crossedAnswers("reused-request-id-after-timeout", () => ({})),
  crossedAnswers("reused-correlation-id-after-timeout", (id) => ({ correlationId: id })),
  progressFlood,
  hugeErrorBody,
  stalledBody,
  hugeFrame,
  closeEndsRest,
  longRetryAfter,
  rateLimitedDefaults,
  uncheckedOptions,
  shortLivedToken,
  unroutedMegabytes,
  sharedSignal
]

export type { HttpServer, WsServer }
