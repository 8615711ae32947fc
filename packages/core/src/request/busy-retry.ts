import type { OptaveError } from "../errors.ts"
import type { SuperpowerEvent } from "../generated/types.ts"
import type { Prepared } from "./prepare-request.ts"
import type { RequestTrace } from "../observability/request-span.ts"
import { backoffDelayMs } from "./retry-policy.ts"
import type { EventSink } from "../socket/socket-request.ts"
import { isBusyError, superpowerError } from "./superpower-state.ts"
import type { ClientLog } from "../observability/client-log.ts"

/** The clock and timers the rule runs on (Effect's, so tests drive them with `TestClock`). */
export interface BusyRetryRuntime {
  readonly now: () => number
  /** Calls `then` after `delayMs`; returns what cancels it. */
  readonly sleep: (delayMs: number, then: () => void) => () => void
  readonly random: () => number
  readonly log?: ClientLog
}

/** One attempt of a prepared request over its transport, its events into `sink`; returns what cancels it. */
export type Attempt<P> = (prepared: P, sink: EventSink, trace: RequestTrace | undefined) => () => void

type Retried = Pick<Prepared, "retry" | "now" | "timeoutMs" | "correlationId" | "transport">

/**
 * The busy-signal rule, the same on both transports, wrapped once around the transports' attempt:
 * a request the service refused as busy is sent again, verbatim (same idempotency key, same
 * correlation id), after the retry policy's backoff, at most `retry.maxRetries` times and within
 * the request's deadline. Over REST the transport already does this for 408, 429 and 5xx; here a
 * request whose every superpower ended in `error` with a busy code (RATE_LIMITED,
 * SERVICE_UNAVAILABLE) is treated the same. Busy `error` events are held back until the request's
 * fate is known: if anything else ended, they are delivered in order; if the retries run out, they
 * are delivered and the request ends. The result sends a request and returns what cancels it.
 */
export const retryingBusy =
  <P extends Retried>(runtime: BusyRetryRuntime, attempt: Attempt<P>): Attempt<P> =>
  (prepared, sink, trace) => {
    const retrying = new BusyRetry(runtime, attempt, prepared, sink, trace)
    retrying.attempt()
    return () => retrying.cancel()
  }

/**
 * The rule's state for one request, and the sink of each of its attempts: one object per request
 * instead of a closure per callback (thousands of requests may be pending, each holding it).
 * Attempts never overlap: the next starts only after the previous one ended, so one sink serves all.
 */
class BusyRetry<P extends Retried> implements EventSink {
  #retries = 0
  #cancelled = false
  #cancelCurrent: () => void = noop
  /** The current attempt's busy `error` events, held back until its fate is known. */
  #held: Array<SuperpowerEvent> | undefined
  /** True while everything that ended in the current attempt was a busy refusal. */
  #refusedOnly = true
  readonly #runtime: BusyRetryRuntime
  readonly #sendOnce: Attempt<P>
  readonly #prepared: P
  readonly #sink: EventSink
  /** The request's span, when it is traced: each attempt and resend is reported to it. */
  readonly #trace: RequestTrace | undefined

  constructor(runtime: BusyRetryRuntime, sendOnce: Attempt<P>, prepared: P, sink: EventSink, trace: RequestTrace | undefined) {
    this.#runtime = runtime
    this.#sendOnce = sendOnce
    this.#prepared = prepared
    this.#sink = sink
    this.#trace = trace
  }

  attempt(): void {
    // Busy refusals end their superpower (they are `error` events).
    this.#held = undefined
    this.#refusedOnly = true
    this.#cancelCurrent = this.#sendOnce(this.#prepared, this, this.#trace)
  }

  /** The attempt's frame was written again after a reconnect (the socket request calls this). */
  resent(): void {
    this.#trace?.resent()
  }

  cancel(): void {
    this.#cancelled = true
    this.#cancelCurrent()
  }

  push(event: SuperpowerEvent, ends: boolean): void {
    if (this.#refusedOnly && isBusyError(event)) {
      ;(this.#held ??= []).push(event)
      return
    }
    if (ends) {
      this.#refusedOnly = false
      this.#release()
    }
    this.#sink.push(event, ends)
  }

  end(): void {
    const prepared = this.#prepared
    const runtime = this.#runtime
    const delayMs = backoffDelayMs(this.#retries, prepared.retry, runtime.random)
    const withinDeadline = runtime.now() + delayMs < prepared.now + prepared.timeoutMs
    if (this.#held !== undefined && this.#refusedOnly && this.#retries < prepared.retry.maxRetries && withinDeadline && !this.#cancelled) {
      this.#retries++
      runtime.log?.info?.("retry", {
        transport: prepared.transport,
        correlationId: prepared.correlationId,
        retry: this.#retries,
        delayMs,
        error: "busy",
        code: superpowerError(this.#held[0]!).code
      })
      this.#cancelCurrent = runtime.sleep(delayMs, () => {
        if (!this.#cancelled) this.attempt()
      })
      return
    }
    this.#release()
    this.#sink.end()
  }

  fail(error: OptaveError): void {
    this.#sink.fail(error)
  }

  #release(): void {
    const held = this.#held
    this.#held = undefined
    if (held !== undefined) for (const event of held) this.#sink.push(event, true)
  }
}

const noop = () => {}
