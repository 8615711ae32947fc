// `pnpm hostile`, the socket: servers that accept and then close (item 4), late answers to a
// reused id (6), a frame over the cap (8).
import type { ClientConfig } from "@org/optave-node"
import type { WebSocket } from "ws"
import { check, client, contentOf, describeError, expectError, failureOf, heapAfterGcMb, payload, quiet, sleep, socketInUse, using, within, type Scenario } from "./hostile-harness.ts"
import { answerElevate, startWsServer, type Envelope } from "./hostile-servers.ts"

// 4 ---------------------------------------------------------------------------------------------
/** A server that accepts every connection and then misbehaves; the client must give up within `reconnect.maxAttempts`. */
const closeStorm = (name: string, item: number, misbehave: (socket: WebSocket) => void, expected: readonly [string, string], extra: { autoPong?: boolean; heartbeatMs?: number; maxConnections: number }): Scenario => ({
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
          // Where the socket has no ping (the global WebSocket), the liveness window finds the silent server.
          timeouts: { heartbeatMs: extra.heartbeatMs ?? 0, ...(extra.heartbeatMs === undefined ? {} : { livenessMs: extra.heartbeatMs * 2 }), requestMs: 30_000, settleMs: 30_000 } as ClientConfig["timeouts"]
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

const closeWith = (code: number) => (socket: WebSocket) => setTimeout(() => socket.close(code, "go away"), 5)
const transportLost = ["TransportError", "CONNECTION_LOST"] as const
const authRefused = ["AuthError", "TOKEN_REJECTED"] as const
export const closeStorms: ReadonlyArray<Scenario> = [
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

export const crossedAnswers = (name: string, options: (id: string) => { correlationId?: string }): Scenario => ({
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

export const hugeFrame: Scenario = {
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
      // Each connection's close reaches the server a moment after the request failed.
      for (let wait = 0; wait < 40 && server.closeCodes.length < server.connections(); wait++) await sleep(50)
      // The WHATWG WebSocket cannot send 1009 (its close() takes 1000 or 3000-4999): there the
      // client ends each connection at the frame without that code (Node's global socket is dropped, 1006).
      const refusedEach = server.closeCodes.includes(1009) || (socketInUse() === "global" && server.closeCodes.length === server.connections())
      check(refusedEach, `the client did not end the connection at the oversized frame (close codes ${server.closeCodes.join(",")}, ${server.connections()} connections)`)
      const heapMb = heapAfterGcMb()
      return { detail: `${frameBytes / 2 ** 20} MiB frame refused (close codes ${server.closeCodes.join(",")}) on each of ${server.connections()} connections, heap +${(heapMb - before).toFixed(1)} MiB`, heapMb, connections: server.connections() }
    })
}
