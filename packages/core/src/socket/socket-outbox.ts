import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type { SocketLike } from "../platform.ts"
import type { SocketRequest } from "./socket-request.ts"

// Frames kept as bytes go out as text on a socket that sends only strings (a platform that fell back
// to the runtime's WebSocket at run time): one decoder for all of them, not one per frame.
const frameText = /* @__PURE__ */ new TextDecoder()

/** How the outbox runs its drain poll and reads the clock (the session's Effect services). */
export interface OutboxRuntime {
  readonly fork: (effect: Effect.Effect<void>) => Fiber.Fiber<void>
  readonly now: () => number
  /** Counts (and logs) a frame written again after a reconnect. */
  readonly onResend: (request: SocketRequest) => void
}

/**
 * What goes out on the socket, in submission order: a request is written at once when nothing
 * waits before it and the socket's buffer is under the high-water mark; otherwise it queues, and
 * the queue drains from its head as the buffer empties (backpressure). On each new connection
 * every pending request goes in again, oldest first (resend, verbatim). It also counts the
 * requests never written, which `maxQueuedRequests` bounds while no connection is open.
 */
export class SocketOutbox {
  /** Requests admitted and not yet written once. */
  unsent = 0
  #socket: SocketLike | undefined
  #generation = 0
  #queue: Array<SocketRequest> = []
  #head = 0
  #drainer: Fiber.Fiber<void> | undefined
  readonly #highWaterMarkBytes: number
  readonly #runtime: OutboxRuntime

  constructor(highWaterMarkBytes: number, runtime: OutboxRuntime) {
    this.#highWaterMarkBytes = highWaterMarkBytes
    this.#runtime = runtime
  }

  get connected(): boolean {
    return this.#socket !== undefined
  }

  /** A new request: written now if it can be, else queued (or left for the next connection). */
  admit(request: SocketRequest): void {
    this.unsent++
    const socket = this.#socket
    if (socket === undefined) return
    if (this.#head === this.#queue.length && this.#drainer === undefined && socket.bufferedAmount <= this.#highWaterMarkBytes) this.#write(socket, request)
    else {
      this.#queue.push(request)
      this.#flush()
    }
  }

  /** A request ended or was cancelled: it no longer counts as waiting (the queue skips it). */
  forget(request: SocketRequest): void {
    if (request.transport === "unsent") this.unsent--
  }

  /** A connection opened: everything still pending goes (again) on it, oldest first. */
  attach(socket: SocketLike, generation: number, pending: Iterable<SocketRequest>): void {
    this.#socket = socket
    this.#generation = generation
    this.#queue = [...pending]
    this.#head = 0
    this.#flush()
  }

  /** The connection closed: nothing is written until the next `attach`. */
  detach(): void {
    this.#socket = undefined
  }

  readonly close: Effect.Effect<void> = Effect.suspend(() => {
    this.#socket = undefined
    // `interruptAll` of one: `Fiber.interrupt`'s interruption and wait, by the function Effect's race already brings (one less in a Worker).
    return this.#drainer === undefined ? Effect.void : Fiber.interruptAll([this.#drainer])
  })

  #write(socket: SocketLike, request: SocketRequest): void {
    if (request.written(this.#generation, this.#runtime.now())) this.#runtime.onResend(request)
    else this.unsent--
    const frame = request.frame
    if (typeof frame === "string") socket.send(frame)
    else if (socket.sendFrameBytes !== undefined) socket.sendFrameBytes(frame)
    else socket.send(frameText.decode(frame))
  }

  /** Writes queued frames while the socket's buffer stays under the high-water mark. */
  #flush(): void {
    const socket = this.#socket
    if (socket === undefined) return
    while (this.#head < this.#queue.length) {
      const request = this.#queue[this.#head]!
      if (request.phase !== "pending" || request.writtenOn(this.#generation)) {
        this.#head++
        continue
      }
      if (socket.bufferedAmount > this.#highWaterMarkBytes) return this.#ensureDrainer()
      this.#head++
      this.#write(socket, request)
    }
    this.#queue = []
    this.#head = 0
  }

  // Backpressure: while the socket buffers more than the high-water mark, poll until it drains.
  #ensureDrainer(): void {
    if (this.#drainer !== undefined) return
    const stillFull = () => this.#socket !== undefined && this.#socket.bufferedAmount > this.#highWaterMarkBytes
    this.#drainer = this.#runtime.fork(
      Effect.gen(function* () {
        while (stillFull()) yield* Effect.sleep(5)
      }).pipe(
        Effect.ensuring(
          Effect.sync(() => {
            this.#drainer = undefined
            this.#flush()
          })
        )
      )
    )
  }
}
