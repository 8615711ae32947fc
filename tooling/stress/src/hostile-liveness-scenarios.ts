// `pnpm hostile`, the connection as production networks break it: a connection silenced
// by a NAT or load balancer (no FIN, no RST) while new ones work; an outage longer than `settleMs`;
// per-request deadlines on a real clock; `close()` while the peer is silent (in a child process
// that must exit); an upgrade refused with 401. Each runs on the socket of the run (`--socket`).
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { WebSocket } from "ws"
import type { ClientConfig } from "@org/optave-node"
import { startSilencingProxy } from "@org/optave-test-fixtures/silencing-proxy"
import { check, client, contentOf, describeError, expectError, failureOf, heapAfterGcMb, payload, quiet, sleep, socketInUse, using, within, type Scenario } from "./hostile-harness.ts"
import { startRefusingServer, startSilentPeer } from "./hostile-network.ts"
import { answerElevate, startHttpServer, startWsServer, type Envelope } from "./hostile-servers.ts"

/** The liveness window the scenarios configure: a connection with requests waiting that hears nothing this long is replaced. */
export const LIVENESS_WINDOW_MS = 1_000
/** `timeouts` with the liveness window (and the ping, where the socket has one, at the same pace). */
const liveness = (timeouts: Record<string, number>): ClientConfig["timeouts"] =>
  ({ ...timeouts, heartbeatMs: LIVENESS_WINDOW_MS, livenessMs: LIVENESS_WINDOW_MS }) as ClientConfig["timeouts"]

const idempotencyKeyOf = (envelope: Envelope) => (envelope.headers as { idempotencyKey?: string }).idempotencyKey ?? ""

// 1 ---------------------------------------------------------------------------------------------
export const silentDrop: Scenario = {
  name: "connection-silenced-without-fin-or-rst",
  item: 1,
  issue: 23,
  run: (size) =>
    using(async (track) => {
      // Main, global WebSocket (Node 22+, Workers, Deno, browsers): never detected; every later
      // request timed out, 0 reconnects. `ws`: found by the ping.
      const count = size === "quick" ? 8 : 64
      const received = new Map<string, number>()
      const upstream = track(
        await startWsServer({
          onEnvelope: (socket, envelope) => {
            received.set(idempotencyKeyOf(envelope), (received.get(idempotencyKeyOf(envelope)) ?? 0) + 1)
            // Answers take 150 ms: the requests are on the wire, inside the service, when the network goes silent.
            setTimeout(() => answerElevate(socket, envelope), 150)
          }
        })
      )
      const proxy = track(await startSilencingProxy(Number(new URL(upstream.url).port)))
      let tokens = 0
      const optave = track(
        client({
          urls: { ws: proxy.url },
          tokenProvider: () => `token-${++tokens}`,
          reconnect: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 100 },
          timeouts: liveness({ requestMs: 20_000, settleMs: 20_000 })
        })
      )
      check(contentOf(await within(5_000, optave.elevate(payload("warm")), "the first request")) === "ok:warm", "the first request got another answer")
      const started = performance.now()
      const pending = Array.from({ length: count }, (_, index) => optave.elevate(payload(`silenced-${index}`)).then(contentOf))
      // One more as a stream: its completed event must arrive once, not once per connection.
      const streamed = (async () => {
        let completed = 0
        for await (const event of optave.stream.elevate(payload("silenced-stream"))) if (event.state === "completed") completed++
        return completed
      })().catch((error: unknown) => describeError(error))
      await sleep(50)
      const silenced = proxy.silenceOpen()
      check(silenced === 1, `${silenced} connections were open when the network went silent`)
      const limitMs = 2 * LIVENESS_WINDOW_MS
      const contents = await within(limitMs + 4_000, Promise.all(pending), `${count} requests on the silenced connection`)
      const elapsedMs = performance.now() - started
      const completedEvents = await within(2_000, streamed, "the streamed request")
      contents.forEach((content, index) => check(content === `ok:silenced-${index}`, `request ${index} got ${content}`))
      check(completedEvents === 1, `the streamed request: ${typeof completedEvents === "number" ? `${completedEvents} completed events` : completedEvents}`)
      // Detection (2 windows at most) plus a reconnect and an answer on loopback (150 ms).
      check(elapsedMs <= limitMs + 500, `the silence was found after ${Math.round(elapsedMs)} ms (at most ${limitMs} ms + 500 ms for the resend)`)
      const keys = [...received.entries()].filter(([key]) => key !== "")
      check(keys.every(([, times]) => times <= 2), "a request reached the service more than twice")
      const stats = optave.stats()
      check(stats.reconnects >= 1 && stats.resends >= count, `${stats.reconnects} reconnects, ${stats.resends} resends`)
      return {
        detail: `${count} requests + 1 stream on a silenced connection: all answered once after ${Math.round(elapsedMs)} ms (window ${LIVENESS_WINDOW_MS} ms); ${proxy.connections()} connections, ${stats.resends} resends`,
        heapMb: heapAfterGcMb(),
        connections: proxy.connections()
      }
    })
}

// 3 ---------------------------------------------------------------------------------------------
export const outageLongerThanSettle: Scenario = {
  name: "outage-longer-than-settle-ms",
  item: 3,
  issue: 23,
  run: (size) =>
    using(async (track) => {
      // Main: the resent requests failed with SETTLE_TIMEOUT right after their resend (the settle
      // timer was not restarted), after the service had already received them again.
      const settleMs = 600
      const outageMs = size === "quick" ? 1_500 : 3_000
      // The first connection swallows the requests (the outage takes it down before any answer); later ones answer.
      const indexOf = new WeakMap<WebSocket, number>()
      const upstream = track(
        await startWsServer({
          onConnection: (socket, index) => void indexOf.set(socket, index),
          // Answers take 300 ms (half of settleMs), as the service's do: the resend must not inherit the first send's silence timer.
          onEnvelope: (socket, envelope) => void ((indexOf.get(socket) ?? 0) > 0 && setTimeout(() => answerElevate(socket, envelope), 300))
        })
      )
      const proxy = track(await startSilencingProxy(Number(new URL(upstream.url).port)))
      const optave = track(
        client({
          urls: { ws: proxy.url },
          tokenProvider: () => "t",
          reconnect: { maxAttempts: 100, baseDelayMs: 50, maxDelayMs: 200 },
          timeouts: { ...quiet, requestMs: 20_000, settleMs }
        })
      )
      const pending = Array.from({ length: 4 }, (_, index) => optave.elevate(payload(`outage-${index}`)).then(contentOf, (error) => describeError(error)))
      await sleep(100)
      proxy.startOutage()
      await sleep(outageMs)
      proxy.restore()
      const contents = await within(outageMs + 8_000, Promise.all(pending), "the requests after the outage")
      contents.forEach((content, index) => check(content === `ok:outage-${index}`, `request ${index}: ${content}`))
      return { detail: `${outageMs} ms outage (settleMs ${settleMs}): 4 requests resent and answered; ${proxy.connections()} connection attempts`, heapMb: heapAfterGcMb(), connections: proxy.connections() }
    })
}

// 4 ---------------------------------------------------------------------------------------------
export const exactDeadlines: Scenario = {
  name: "per-request-timeout-300-ms-on-a-real-clock",
  item: 4,
  issue: 23,
  run: (size) =>
    using(async (track) => {
      // Main: the socket's deadlines fired about 700 ms late (a once-a-second sweep, restarted by
      // each new request); REST was exact.
      const server = track(await startWsServer({}))
      const rest = track(await startHttpServer(() => {}))
      const optave = track(client({ urls: { ws: server.url, rest: rest.url }, token: "t", timeouts: { ...quiet, requestMs: 30_000, settleMs: 30_000, attemptMs: 30_000 } }))
      const timeoutMs = 300
      const count = size === "quick" ? 6 : 20
      // Started 50 ms apart, so each new request would restart a shared sweep.
      const lateness = await within(
        10_000,
        Promise.all(
          Array.from({ length: count }, async (_, index) => {
            await sleep(index * 50)
            const transport = index % 3 === 2 ? "rest" : "ws"
            const started = performance.now()
            const error = await failureOf(optave.elevate(payload(`deadline-${index}`), { timeoutMs, transport }))
            const late = performance.now() - started - timeoutMs
            expectError(error, "TimeoutError", "REQUEST_TIMEOUT", `${transport} request ${index}: `)
            return { transport, late }
          })
        ),
        "the requests with timeoutMs 300"
      )
      const socketLate = lateness.filter((entry) => entry.transport === "ws").map((entry) => entry.late)
      const restLate = lateness.filter((entry) => entry.transport === "rest").map((entry) => entry.late)
      const worst = (values: ReadonlyArray<number>) => Math.max(...values)
      const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
      check(Math.min(...lateness.map((entry) => entry.late)) >= -2, "a deadline fired early")
      // Full run: every deadline within 50 ms. Quick run (the test pipeline, on a shared machine
      // where any timer can be held up by other work): the median within 50 ms and none 200 ms late;
      // a sweep once a second (main) is 700 ms late.
      for (const [transport, values] of [["socket", socketLate], ["REST", restLate]] as const) {
        if (size === "full") check(worst(values) <= 50, `${transport} deadlines up to ${Math.round(worst(values))} ms late (at most 50)`)
        else check(median(values) <= 50 && worst(values) <= 200, `${transport} deadlines: median ${Math.round(median(values))} ms late (at most 50), worst ${Math.round(worst(values))} (at most 200)`)
      }
      return {
        detail: `timeoutMs ${timeoutMs}: socket at most +${worst(socketLate).toFixed(0)} ms, REST at most +${worst(restLate).toFixed(0)} ms (${count} requests)`,
        heapMb: heapAfterGcMb(),
        connections: server.connections()
      }
    })
}

// 3 ---------------------------------------------------------------------------------------------
const closeChild = fileURLToPath(new URL("./hostile-close-child.js", import.meta.url))

export const closeWithSilentPeer: Scenario = {
  name: "close-while-the-peer-is-silent-exits",
  item: 3,
  issue: 23,
  run: () =>
    using(async (track) => {
      // Main: with `ws` the process stayed alive about 30 s after close(); with the global WebSocket it never exited.
      const peer = track(await startSilentPeer())
      const child = spawn(process.execPath, [closeChild, peer.url, socketInUse()], { stdio: ["ignore", "pipe", "pipe"] })
      let output = ""
      let closedAt: number | undefined
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString()
        if (closedAt === undefined && output.includes("CLOSED")) closedAt = performance.now()
      })
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
      track({ close: async () => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")) })
      const limitMs = 5_000
      const code = await Promise.race([exited, sleep(limitMs + 10_000).then(() => "hung" as const)])
      check(code !== "hung", `the child neither closed nor exited in ${limitMs + 10_000} ms: ${output.slice(-300)}`)
      check(closedAt !== undefined, `close() never resolved in the child: ${output.slice(-300)}`)
      check(code === 0, `the child exited with ${code}: ${output.slice(-300)}`)
      const afterCloseMs = performance.now() - closedAt!
      check(peer.upgrades() === 1, `${peer.upgrades()} upgrades reached the silent peer`)
      check(afterCloseMs <= 1_000, `the process exited ${Math.round(afterCloseMs)} ms after close() (at most 1,000)`)
      return { detail: `the process exited ${Math.round(afterCloseMs)} ms after close() resolved, with a request pending on a silent peer`, heapMb: heapAfterGcMb(), connections: peer.upgrades() }
    })
}

export const refusedUpgrade: Scenario = {
  name: "upgrade-answered-401",
  item: 3,
  issue: 23,
  run: () =>
    using(async (track) => {
      // Main, global WebSocket: a generic CONNECT_FAILED after 8 s, 18 upgrades and 9 token
      // requests (the status is invisible there; Node 24 sends each refused upgrade twice).
      const server = track(await startRefusingServer(401))
      let tokens = 0
      const optave = track(
        client({
          urls: { ws: server.url },
          tokenProvider: () => `single-use-${++tokens}`,
          reconnect: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 200 },
          timeouts: { ...quiet, connectMs: 5_000, requestMs: 20_000 }
        })
      )
      const started = performance.now()
      const error = await within(12_000, failureOf(optave.elevate(payload("refused"))), "the request")
      const elapsedMs = performance.now() - started
      check(error?._tag === "AuthError", `expected an AuthError, got ${describeError(error)} after ${Math.round(elapsedMs)} ms, ${server.upgrades()} upgrades, ${tokens} tokens`)
      // Where the status is invisible (global WebSocket), a few refusals in a row are needed to tell a refusal from a network failure.
      check(tokens <= 3, `${tokens} tokens asked for (at most 3)`)
      check(server.upgrades() <= 6, `${server.upgrades()} upgrades (at most 6)`)
      check(elapsedMs <= 3_000, `the refusal took ${Math.round(elapsedMs)} ms`)
      return { detail: `${describeError(error).slice(0, 40)} after ${Math.round(elapsedMs)} ms, ${server.upgrades()} upgrades, ${tokens} tokens`, heapMb: heapAfterGcMb(), connections: server.upgrades() }
    })
}
