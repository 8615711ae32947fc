// A fault-injecting TCP proxy on loopback. It sits between a WebSocket client and a server and,
// at random (seeded): splits the byte stream into small pieces written separately (so WebSocket
// frames, and the HTTP upgrade, arrive in pieces), delays chunks (order kept), drops connections
// abruptly at any point (during the handshake, mid-frame), and now and then stalls a connection
// (stops forwarding without closing, which only a heartbeat can detect).
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net"
import type { SeededRandom } from "@org/optave-mock"

export interface ChaosProxyOptions {
  readonly upstreamHost?: string
  readonly upstreamPort: number
  readonly random: SeededRandom
  /** Probability that a chunk is split into 2..maxPieces pieces. */
  readonly splitRate: number
  readonly maxPieces: number
  /** Probability that a chunk is held back for 1..maxDelayMs ms (later chunks wait behind it). */
  readonly delayRate: number
  readonly maxDelayMs: number
  /** Each connection is dropped after a random lifetime in [minLifetimeMs, maxLifetimeMs]. */
  readonly minLifetimeMs: number
  readonly maxLifetimeMs: number
  /** Probability that a connection's lifetime is tiny (0..30 ms): a drop during the upgrade. */
  readonly earlyDropRate: number
  /** Probability that the end of a connection's lifetime is a stall instead of a drop. */
  readonly stallRate: number
  /** How long a stalled connection is kept open before the proxy destroys it. */
  readonly stallHoldMs: number
}

export interface FaultCounts {
  drops: number
  earlyDrops: number
  stalls: number
  delays: number
  splits: number
  pieces: number
}

export interface ChaosProxy {
  readonly port: number
  readonly faults: () => Readonly<FaultCounts>
  readonly totalFaults: () => number
  readonly connections: () => number
  /** Stops injecting drops and stalls (the run is draining). */
  readonly calm: () => void
  readonly close: () => Promise<void>
}

const HIGH_WATER = 4 * 1024 * 1024
const LOW_WATER = 1024 * 1024

interface Step {
  readonly data: Buffer
  /** What to wait for before writing this piece: nothing, the next turn of the event loop, or ms. */
  wait: "none" | "immediate" | number
}

/** One direction of one connection: an ordered queue of pieces written one after another. */
class FaultyPipe {
  private readonly steps: Array<Step> = []
  private queuedBytes = 0
  private busy = false
  stalled = false
  closed = false

  private readonly source: Socket
  private readonly target: Socket
  private readonly options: ChaosProxyOptions
  private readonly counts: FaultCounts
  private readonly injecting: () => boolean

  constructor(source: Socket, target: Socket, options: ChaosProxyOptions, counts: FaultCounts, injecting: () => boolean) {
    this.source = source
    this.target = target
    this.options = options
    this.counts = counts
    this.injecting = injecting
    source.on("data", (chunk: Buffer) => this.accept(chunk))
  }

  private accept(chunk: Buffer): void {
    if (this.closed || this.stalled) return
    const { random, options } = this
    const faulty = this.injecting()
    let first: Step["wait"] = "none"
    if (faulty && random.chance(options.delayRate)) {
      this.counts.delays++
      first = random.integer(1, options.maxDelayMs)
    }
    if (faulty && chunk.length > 1 && random.chance(options.splitRate)) {
      this.counts.splits++
      const pieces = random.integer(2, Math.min(options.maxPieces, chunk.length))
      const cuts = new Set<number>()
      while (cuts.size < pieces - 1) cuts.add(random.integer(1, chunk.length - 1))
      const sorted = [...cuts].sort((a, b) => a - b)
      let start = 0
      for (const [index, cut] of [...sorted, chunk.length].entries()) {
        this.push({ data: chunk.subarray(start, cut), wait: index === 0 ? first : "immediate" })
        start = cut
      }
      this.counts.pieces += pieces
    } else this.push({ data: chunk, wait: first })
    if (this.queuedBytes > HIGH_WATER) this.source.pause()
    this.pump()
  }

  private get random(): SeededRandom {
    return this.options.random
  }

  private push(step: Step): void {
    this.steps.push(step)
    this.queuedBytes += step.data.length
  }

  private pump(): void {
    if (this.busy) return
    while (!this.closed && !this.stalled) {
      const step = this.steps[0]
      if (step === undefined) break
      if (step.wait !== "none") {
        this.busy = true
        const resume = () => {
          this.busy = false
          step.wait = "none"
          this.pump()
        }
        if (step.wait === "immediate") setImmediate(resume)
        else setTimeout(resume, step.wait)
        return
      }
      this.steps.shift()
      this.queuedBytes -= step.data.length
      this.target.write(step.data)
    }
    if (this.queuedBytes < LOW_WATER && this.source.isPaused()) this.source.resume()
  }
}

/** Starts the proxy on 127.0.0.1 with a free port. */
export const startChaosProxy = async (options: ChaosProxyOptions): Promise<ChaosProxy> => {
  const counts: FaultCounts = { drops: 0, earlyDrops: 0, stalls: 0, delays: 0, splits: 0, pieces: 0 }
  const live = new Set<Socket>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let injecting = true
  const { random } = options

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      action()
    }, ms)
    timers.add(timer)
  }

  const server: Server = createServer((downstream) => {
    const upstream = connect({ host: options.upstreamHost ?? "127.0.0.1", port: options.upstreamPort })
    for (const socket of [downstream, upstream]) {
      socket.setNoDelay(true)
      live.add(socket)
      socket.on("error", () => {})
      socket.on("close", () => {
        live.delete(socket)
        down.closed = true
        up.closed = true
        downstream.destroy()
        upstream.destroy()
      })
    }
    const down = new FaultyPipe(downstream, upstream, options, counts, () => injecting)
    const up = new FaultyPipe(upstream, downstream, options, counts, () => injecting)
    if (!injecting) return
    const early = random.chance(options.earlyDropRate)
    const lifetime = early ? random.integer(0, 30) : random.integer(options.minLifetimeMs, options.maxLifetimeMs)
    const stall = !early && random.chance(options.stallRate)
    later(lifetime, () => {
      if (!injecting || downstream.destroyed) return
      if (stall) {
        counts.stalls++
        down.stalled = true
        up.stalled = true
        later(options.stallHoldMs, () => {
          downstream.destroy()
          upstream.destroy()
        })
        return
      }
      if (early) counts.earlyDrops++
      else counts.drops++
      // Abrupt: RST to the client, no close frame, whatever was queued is lost.
      downstream.resetAndDestroy()
      upstream.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })

  return {
    port: (server.address() as AddressInfo).port,
    faults: () => ({ ...counts }),
    totalFaults: () => counts.drops + counts.earlyDrops + counts.stalls + counts.delays + counts.splits,
    connections: () => live.size / 2,
    calm: () => {
      injecting = false
    },
    close: async () => {
      injecting = false
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const socket of live) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
