import type { Scheduled } from "./deadline-queue.ts"
import { TimeoutError, type OptaveError } from "../errors.ts"
import type { SuperpowerEvent } from "../generated/types.ts"
import type { DecodedEvent } from "../inbound/inbound-frame.ts"
import { endsSuperpower } from "../request/superpower-state.ts"

/**
 * Where a request's events go. `ends` says whether the event ended its superpower, decided once
 * by the request (`endsSuperpower`), so a result never judges it by a rule of its own.
 */
export interface EventSink {
  readonly push: (event: SuperpowerEvent, ends: boolean) => void
  readonly end: () => void
  readonly fail: (error: OptaveError) => void
  /** A traced request's hook (request-span.ts): its frame was written again after a reconnect. */
  readonly resent?: (() => void) | undefined
}

/**
 * Where the request's frame stands on the socket:
 * - `unsent`: never written (it counts toward `maxQueuedRequests`; its silence timer has not started);
 * - `in-flight`: written on connection `connection`, still open;
 * - `orphaned`: written on a connection that has since closed; resent on the next one.
 */
export type TransportState = "unsent" | "in-flight" | "orphaned"

/**
 * Where the request stands in its life: `pending` until every expected superpower ended
 * (`answered`), or it failed first (`unanswered`: timeout, transport, auth, close), or its caller
 * stopped listening (`cancelled`).
 */
export type RequestPhase = "pending" | "answered" | "unanswered" | "cancelled"

/** What an event did to the request it was routed to. */
export type Delivery = "duplicate" | "delivered" | "answered"

/**
 * A request's identities of delivered events live in a small array (a request has a handful of
 * events, and thousands may be in flight), moved to a Set past this count: a lookup stays O(1)
 * however many events a request receives (a server may send tens of thousands of progress events).
 */
const SMALL_KEY_COUNT = 16

/** The sink of an ended request: what it held (its events, its result) is let go. */
const ENDED_SINK: EventSink = { push: () => {}, end: () => {}, fail: () => {} }

/**
 * One request on the socket, its one owner from submission until long after it ended: its frame
 * (resent verbatim, same keys, after a reconnect), its transport state, which expected superpowers
 * ended, which events it delivered (so a replay after a resend is dropped), its sink, its timers,
 * and once ended what it remembers for late frames (a finished request its delivered identities,
 * a cancelled one nothing: its caller asked to hear no more).
 */
export class SocketRequest implements Scheduled {
  readonly correlationId: string
  /** The serialized envelope (the text, or the platform's UTF-8 bytes: `encodeFrame`); let go once the request ended (ended requests are remembered by the thousand). */
  frame: string | Uint8Array
  readonly settleMs: number
  readonly timeoutMs: number
  /** Clock time the overall budget runs out. */
  readonly deadline: number
  transport: TransportState = "unsent"
  /** The connection generation of the last write (meaningful while `in-flight`). */
  connection = 0
  phase: RequestPhase = "pending"
  /** When the request's silence runs out: set at each write (a resend too) and on each new event. */
  #settleAt = Number.POSITIVE_INFINITY
  /** The session's deadline queue: when its timeouts are next checked, and its place there. */
  dueAt = 0
  queueIndex = -1
  #sink: EventSink
  /** The expected superpowers not ended yet; shared with the catalog until one ends (never mutated). */
  #remaining: ReadonlyArray<string>
  #deliveredKeys: Array<string> | Set<string> | undefined
  #keyChars = 0

  constructor(fields: {
    readonly correlationId: string
    readonly frame: string | Uint8Array
    readonly expected: ReadonlyArray<string>
    readonly sink: EventSink
    readonly settleMs: number
    readonly timeoutMs: number
    readonly deadline: number
  }) {
    this.correlationId = fields.correlationId
    this.frame = fields.frame
    this.#remaining = fields.expected
    this.#sink = fields.sink
    this.settleMs = fields.settleMs
    this.timeoutMs = fields.timeoutMs
    this.deadline = fields.deadline
  }

  /** True while `superpower` is expected, not ended, and the frame went out (routes uncorrelated events). */
  awaits(superpower: string): boolean {
    return this.transport !== "unsent" && this.#remaining.includes(superpower)
  }

  /** True when the frame was already written on connection `generation`. */
  writtenOn(generation: number): boolean {
    return this.transport === "in-flight" && this.connection === generation
  }

  /** Records a write on connection `generation`; true when it was a resend. */
  written(generation: number, now: number): boolean {
    const resend = this.transport !== "unsent"
    // The silence window starts at each write: after an outage the service has had the request
    // only since its resend. A server that keeps dropping the connection is still bounded, by the
    // overall deadline and by the reconnect attempts such connections use up.
    this.#settleAt = now + this.settleMs
    this.transport = "in-flight"
    this.connection = generation
    if (resend) this.#sink.resent?.()
    return resend
  }

  /** The connection it was written on closed: it goes again on the next one. */
  connectionLost(): void {
    if (this.transport === "in-flight") this.transport = "orphaned"
  }

  /** Hands an event over unless it is a replay; `answered` when it ended the last expected superpower. */
  deliver(decoded: DecodedEvent, now: number): Delivery {
    if (!this.#remember(decoded.dedupeKey)) return "duplicate"
    const ends = endsSuperpower(decoded.event.state, decoded.errorEnvelope)
    if (ends) {
      const index = this.#remaining.indexOf(decoded.event.actionType)
      if (index >= 0) this.#remaining = this.#remaining.filter((_, at) => at !== index)
    }
    this.#settleAt = now + this.settleMs
    const event = decoded.event.correlationId === this.correlationId ? decoded.event : { ...decoded.event, correlationId: this.correlationId }
    this.#sink.push(event, ends)
    return this.#remaining.length === 0 ? "answered" : "delivered"
  }

  /** Ends it: `answered` when every superpower ended, else with `error`. The sink hears once. */
  finish(error?: OptaveError): void {
    if (this.phase !== "pending") return
    const sink = this.#letGo()
    if (error === undefined) {
      this.phase = "answered"
      sink.end()
    } else {
      this.phase = "unanswered"
      sink.fail(error)
    }
  }

  /** Its caller stopped listening: nothing more is sent or heard, and nothing delivered is remembered. */
  cancel(): void {
    if (this.phase !== "pending") return
    this.phase = "cancelled"
    this.#letGo()
    this.#deliveredKeys = undefined
    this.#keyChars = 0
  }

  /** Drops what only a pending request needs (its frame, its sink); returns the sink it had. */
  #letGo(): EventSink {
    const sink = this.#sink
    this.#sink = ENDED_SINK
    this.frame = ""
    return sink
  }

  /**
   * The earliest time at or after `now` that `overdue` can be true, for a pending request: its
   * deadline, or its silence on the open connection. Not yet written (or written on a closed
   * connection), its silence starts no sooner than its next write, so `now + settleMs` is early
   * enough; every later change (a write, an event) only moves the silence later.
   */
  nextCheckAt(now: number): number {
    return Math.min(this.deadline, this.transport === "in-flight" ? this.#settleAt : now + this.settleMs)
  }

  /**
   * The timeout it has run into at `now`: its overall deadline, or its silence while on an open
   * connection. `connectionError`, the last failed attempt to connect, becomes the cause of a
   * deadline passed while waiting for a connection (never sent, or its connection lost).
   */
  overdue(now: number, connectionError?: OptaveError): TimeoutError | undefined {
    if (now >= this.deadline) {
      const timeout = { code: "REQUEST_TIMEOUT", timeoutMs: this.timeoutMs, pendingSuperpowers: [...this.#remaining] } as const
      return new TimeoutError(this.transport === "in-flight" || connectionError === undefined ? timeout : { ...timeout, cause: connectionError })
    }
    if (this.transport === "in-flight" && now >= this.#settleAt) return new TimeoutError({ code: "SETTLE_TIMEOUT", timeoutMs: this.settleMs, pendingSuperpowers: [...this.#remaining] })
    return undefined
  }

  /**
   * For a frame that arrives after the request ended: true when it is stale (anything for a
   * cancelled request, a replay, or progress after the end, from shuffled frames) and is dropped;
   * false for a new result (an action may send more frames than the superpowers it ends with).
   */
  isStale(decoded: DecodedEvent): boolean {
    return this.phase === "cancelled" || this.#hasDelivered(decoded.dedupeKey) || !endsSuperpower(decoded.event.state, decoded.errorEnvelope)
  }

  /** Characters held by the identities of delivered events (what remembering it costs). */
  rememberedChars(): number {
    return this.#keyChars
  }

  #hasDelivered(dedupeKey: string): boolean {
    const keys = this.#deliveredKeys
    if (keys === undefined) return false
    return Array.isArray(keys) ? keys.includes(dedupeKey) : keys.has(dedupeKey)
  }

  /** Records an identity; false when it was already delivered. */
  #remember(key: string): boolean {
    const keys = this.#deliveredKeys
    if (keys === undefined) this.#deliveredKeys = [key]
    else if (Array.isArray(keys)) {
      if (keys.includes(key)) return false
      if (keys.length < SMALL_KEY_COUNT) keys.push(key)
      else this.#deliveredKeys = new Set([...keys, key])
    } else {
      if (keys.has(key)) return false
      keys.add(key)
    }
    this.#keyChars += key.length
    return true
  }
}
