// ws.send / global.send: what one insights request costs the process that sends it, in CPU time,
// against a raw socket sending the same frames. Run as a process of its own (bench.ts starts one
// per runtime and socket path, each printing one JSON line), with the frame-counting server in
// ANOTHER process: `process.cpuUsage()` counts every thread of the sender (the collector's, the
// socket's), and none of the server's.
//
// A round arms the counter, reads the sender's CPU clock, fires N requests without awaiting them
// (each with a new payload object from the same builder, as applications send), and reads the
// clock again when the server has counted N frames: the CPU spent building, validating, encoding,
// writing and collecting, divided by N. The wall time of the same window is the burst rate, a
// secondary figure (corking turns a burst into few writes, which the CPU figure does not hide).
// The sides run in turn, in an order that rotates each round, so drift on a shared machine hits
// them alike.
//
// `--settle` (warm rounds; needs `--expose-gc`): each side pays for its own garbage and no one
// else's. Without it, the side that runs after ours collects the requests ours dropped when its
// client closed; the order rotates, yet raw `ws` follows ours in every round on the `ws` path, so
// that figure leans ours' way (per-round ratios swing 0.8-1.6). With it, a side starts from a
// collected heap, sends one unmeasured burst of N on the same connection (so the young generation
// and the JIT settle on its own work), then its measured window; after closing, the collection of
// its garbage (a forced full GC, timed) is added to its figure, divided by the 2N requests it
// sent. On Node 24 the settled figure overstates (BENCHMARKS.md): the forced collection sets the
// old generation's limit just above the live heap, so a full collection lands in most of ours'
// windows (0.8 a window, against one in three when V8 picks the time). The figure the target is
// read against is bench.ts's steady one: `--sides ours` and `--sides raw-ws` each in processes of
// their own, many rounds, no forced collection, the mean over rounds. `--mark-windows` prints
// `@@ start N` / `@@ end N` around each window, to count a `--trace-gc` log's collections by window.
//
//   node [--expose-gc] dist/send-cpu.js --socket ws|global [--count 10000] [--rounds 5] [--warmup 2] [--settle] [--sides ours,raw-ws,raw-global]
//                         [--core path] [--base-core path] [--server-node path] [--mark-windows]
//
// `--socket ws`: ours (the `ws` package) against raw `ws`. `--socket global`: ours (the runtime's
// global WebSocket) against the raw global WebSocket and raw `ws`.
import { createClientWith, runtimePlatform } from "@org/optave-node"
import type { PlatformShape } from "@org/optave-core/platform"
import WebSocket from "ws"
import { loadClientFactory, silentServerConfig, type ClientFactory } from "./client-factory.ts"
import { freshInsightsPayload } from "./fresh-payload.ts"
import { measureAllocation } from "./heap-allocation.ts"
import { rawEnvelope } from "./raw-envelope.ts"
import { helperThreadsCpuMicroseconds } from "./thread-cpu.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { startProcess, type WorkerChannel } from "./worker-channel.ts"

/** One side's figures in one round. */
export interface SendRound {
  /** The sender's CPU time (user + system, every thread) per request, µs. */
  readonly cpuMicrosecondsPerRequest: number
  readonly msgsPerSecond: number
  /** Bytes allocated on the sender's JS heap per request (heap-allocation.ts). */
  readonly bytesPerRequest: number
  /** Garbage-collection pauses during the round, per request (µs). */
  readonly gcMicrosecondsPerRequest: number
  /**
   * The part of `cpuMicrosecondsPerRequest` spent on threads other than the main one (V8's
   * background compiler and garbage collector, libuv's pool), µs, to 10 ms per round (thread-cpu.ts).
   */
  readonly helperThreadsCpuMicrosecondsPerRequest?: number
  /** With `--settle`: the part of `cpuMicrosecondsPerRequest` that collected the side's own garbage after it closed. */
  readonly cleanupCpuMicrosecondsPerRequest?: number
}

/**
 * `ours-text`: ours over a platform without `encodeFrame` (frames kept as text), only when asked
 * for with `--sides`; `base`: ours from the core build given by `--base-core` (an A/B of two
 * builds, side by side in the same rounds).
 */
export type SendSide = "ours" | "ours-text" | "base" | "raw-ws" | "raw-global"

export interface SendCpuRun {
  readonly node: string
  readonly socket: "ws" | "global"
  readonly count: number
  readonly frameBytes: number
  readonly rounds: ReadonlyArray<Partial<Record<SendSide, SendRound>>>
}

/** The minimal sender both raw sides offer. */
interface RawSocket {
  readonly send: (frame: string) => void
  readonly close: () => void
}

/** `--mark-windows`: "@@ start N" and "@@ end N" lines on stdout around each window of N requests, to read a `--trace-gc` log by window. */
const markWindows = process.argv.includes("--mark-windows")

/** Arms the counter, runs `send`, waits for `count` frames: the sender's CPU, wall time and allocation of that window. */
const counted = async (counter: WorkerChannel, count: number, send: () => void): Promise<SendRound> => {
  await counter.ask({ type: "expect", count }, "armed")
  if (markWindows) process.stdout.write(`@@ start ${count}\n`)
  const reached = counter.next("reached")
  const { result, bytes, collectionMs } = await measureAllocation(async () => {
    const helpersBefore = helperThreadsCpuMicroseconds()
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    send()
    await reached
    const elapsedMs = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    const helpersAfter = helperThreadsCpuMicroseconds()
    const helperMicroseconds = helpersBefore === undefined || helpersAfter === undefined ? undefined : helpersAfter - helpersBefore
    if (markWindows) process.stdout.write(`@@ end ${count}\n`)
    return { elapsedMs, cpuMicroseconds: cpu.user + cpu.system, helperMicroseconds }
  })
  return {
    cpuMicrosecondsPerRequest: result.cpuMicroseconds / count,
    msgsPerSecond: (count / result.elapsedMs) * 1000,
    bytesPerRequest: bytes / count,
    gcMicrosecondsPerRequest: (collectionMs * 1000) / count,
    ...(result.helperMicroseconds === undefined ? {} : { helperThreadsCpuMicrosecondsPerRequest: result.helperMicroseconds / count })
  }
}

const ignore = () => {}

const describeRound = (round: SendRound): string =>
  `${round.cpuMicrosecondsPerRequest.toFixed(1)} µs CPU/req` +
  (round.helperThreadsCpuMicrosecondsPerRequest === undefined ? "" : ` (helper threads ${round.helperThreadsCpuMicrosecondsPerRequest.toFixed(1)})`) +
  ` ${Math.round(round.msgsPerSecond)} req/s ${Math.round(round.bytesPerRequest)} B/req`

/** Ours: a client connected by one counted request, then N requests fired at once. */
const oursRound = async (createClient: ClientFactory, counter: WorkerChannel, port: number, count: number, tag: string, settle: boolean): Promise<SendRound> => {
  const client = createClient(silentServerConfig(port, settle ? 2 * count : count))
  await counted(counter, 1, () => void client.insights(freshInsightsPayload(`${tag}-warm`), { correlationId: `${tag}-warm` }).catch(ignore))
  const burst = (prefix: string) => () => {
    for (let index = 0; index < count; index++) {
      const id = `${prefix}-${index}`
      client.insights(freshInsightsPayload(id), { correlationId: id, settleTimeoutMs: 600_000, timeoutMs: 600_000 }).catch(ignore)
    }
  }
  return settled(settle, counter, count, burst(`${tag}-settle`), burst(tag), () => client.close())
}


const openRawWs = (url: string): Promise<RawSocket> => {
  const socket = new WebSocket(url, ["optave-v1", "bench-token"], { perMessageDeflate: false })
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ send: (frame) => socket.send(frame), close: () => socket.terminate() }))
    socket.once("error", reject)
  })
}

interface GlobalWebSocket {
  send(data: string): void
  close(): void
  addEventListener(type: "open" | "error", listener: (event: unknown) => void, options?: { once: boolean }): void
}

const openRawGlobal = (url: string): Promise<RawSocket> => {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string, protocols: Array<string>) => GlobalWebSocket }).WebSocket
  if (WebSocketClass === undefined) return Promise.reject(new Error("this runtime has no global WebSocket"))
  const socket = new WebSocketClass(url, ["optave-v1", "bench-token"])
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve({ send: (frame) => socket.send(frame), close: () => socket.close() }), { once: true })
    socket.addEventListener("error", reject, { once: true })
  })
}

/** A raw socket: an envelope built by hand and JSON.stringify-ed per message (raw-envelope.ts). */
const rawRound = async (open: (url: string) => Promise<RawSocket>, counter: WorkerChannel, port: number, count: number, tag: string, settle: boolean): Promise<SendRound> => {
  const socket = await open(`ws://127.0.0.1:${port}`)
  await counted(counter, 1, () => socket.send(rawEnvelope(`${tag}-warm`, freshInsightsPayload(`${tag}-warm`))))
  const burst = (prefix: string) => () => {
    for (let index = 0; index < count; index++) {
      const id = `${prefix}-${index}`
      socket.send(rawEnvelope(id, freshInsightsPayload(id)))
    }
  }
  return settled(settle, counter, count, burst(`${tag}-settle`), burst(tag), async () => socket.close())
}

/**
 * One side's measured window; with `settle`, between a collected heap and an unmeasured burst
 * before it, and the timed collection of the side's own garbage after it (see the header).
 */
const settled = async (
  settle: boolean,
  counter: WorkerChannel,
  count: number,
  unmeasured: () => void,
  measured: () => void,
  close: () => Promise<void>
): Promise<SendRound> => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (!settle) {
    const figures = await counted(counter, count, measured)
    await close()
    return figures
  }
  if (collect === undefined) throw new Error("send-cpu --settle needs node --expose-gc")
  collect()
  await counted(counter, count, unmeasured)
  const figures = await counted(counter, count, measured)
  await close()
  const before = process.cpuUsage()
  collect()
  const used = process.cpuUsage(before)
  const cleanup = (used.user + used.system) / (2 * count)
  return { ...figures, cpuMicrosecondsPerRequest: figures.cpuMicrosecondsPerRequest + cleanup, cleanupCpuMicrosecondsPerRequest: cleanup }
}

const main = async () => {
  const args = parseRunArguments()
  const socket = args.string("socket") === "global" ? "global" : "ws"
  const count = args.number("count", 10_000)
  const rounds = args.number("rounds", 5)
  const warmup = args.number("warmup", 2)
  const settle = args.has("settle")
  const log = (message: string) => process.stderr.write(`[send ${socket} node ${process.versions.node}] ${message}\n`)
  const createClient = await loadClientFactory(args.string("core"), { webSocket: socket })
  const { encodeFrame: _kept, ...withoutEncodeFrame }: PlatformShape = runtimePlatform({ webSocket: socket })
  const createTextClient: ClientFactory = (config) => createClientWith(withoutEncodeFrame, config)
  const counter = startProcess("./frame-counter-worker.js", args.string("server-node"))
  const { port } = await counter.next<{ type: string; port: number }>("listening")
  const all: ReadonlyArray<SendSide> = socket === "ws" ? ["ours", "raw-ws"] : ["ours", "raw-global", "raw-ws"]
  const only = args.string("sides")?.split(",")
  const baseCore = args.string("base-core")
  const createBaseClient = baseCore === undefined ? undefined : await loadClientFactory(baseCore, { webSocket: socket })
  const withBase: ReadonlyArray<SendSide> = createBaseClient === undefined ? all : ["ours", "base", ...all.slice(1)]
  const sides = only === undefined ? withBase : [...withBase, "ours-text" as const].filter((side) => only.includes(side))
  const runSide = (side: SendSide, tag: string): Promise<SendRound> =>
    side === "ours" || side === "ours-text" || side === "base"
      ? oursRound(side === "ours" ? createClient : side === "base" ? createBaseClient! : createTextClient, counter, port, count, tag, settle)
      : rawRound(side === "raw-ws" ? openRawWs : openRawGlobal, counter, port, count, tag, settle)
  // Warm-up, not recorded (JIT, socket buffers, the server's loop).
  for (let round = 0; round < warmup; round++) for (const side of sides) await runSide(side, `warm-${side}-${round}`)
  const recorded: Array<Partial<Record<SendSide, SendRound>>> = []
  for (let round = 0; round < rounds; round++) {
    const figures: Partial<Record<SendSide, SendRound>> = {}
    for (let turn = 0; turn < sides.length; turn++) {
      const side = sides[(round + turn) % sides.length]!
      figures[side] = await runSide(side, `${side}-${round}`)
    }
    recorded.push(figures)
    log(
      `round ${round + 1}: ` +
        sides.map((side) => `${side} ${describeRound(figures[side]!)}`).join(", ")
    )
  }
  await counter.close()
  const run: SendCpuRun = { node: process.versions.node, socket, count, frameBytes: Buffer.byteLength(rawEnvelope("c0-0", freshInsightsPayload("c0-0"))), rounds: recorded }
  process.stdout.write(`${JSON.stringify(run)}\n`)
  process.exit(0)
}

// A failure must end the run: the counter's process would otherwise keep this one alive.
await main().catch((error: unknown) => {
  process.stderr.write(`send-cpu failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
