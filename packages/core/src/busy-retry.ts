import type { SuperpowerEvent } from "./generated/types.ts"
import type { Prepared } from "./prepare-request.ts"
import { backoffDelayMs } from "./retry-policy.ts"
import type { EventSink } from "./socket-request.ts"
import { isBusyError, superpowerError } from "./superpower-state.ts"
import type { ClientLog } from "./client-log.ts"

/** The clock and timers the rule runs on (Effect's, so tests drive them with `TestClock`). */
export interface BusyRetryRuntime {
  readonly now: () => number
  /** Calls `then` after `delayMs`; returns what cancels it. */
  readonly sleep: (delayMs: number, then: () => void) => () => void
  readonly random: () => number
  readonly log?: ClientLog
}

/**
 * The busy-signal rule, the same on both transports: a request the service refused as busy is
 * sent again, verbatim (same idempotency key, same correlation id), after the retry policy's
 * backoff, at most `retry.maxRetries` times and within the request's deadline. Over REST the
 * transport already does this for 408, 429 and 5xx; here a request whose every superpower
 * ended in `error` with a busy code (RATE_LIMITED, SERVICE_UNAVAILABLE) is treated the same.
 * Busy `error` events are held back until the request's fate is known: if anything else ended,
 * they are delivered in order; if the retries run out, they are delivered and the request ends.
 * `sendOnce` makes one attempt of `prepared` into the sink it is given and returns what cancels it.
 */
export const sendRetryingBusy = <P extends Pick<Prepared, "retry" | "now" | "timeoutMs" | "envelope" | "transport">>(
  runtime: BusyRetryRuntime,
  prepared: P,
  sendOnce: (prepared: P, sink: EventSink) => () => void,
  sink: EventSink
): (() => void) => {
  let retries = 0
  let cancelCurrent: () => void = () => {}
  let cancelled = false
  const attempt = () => {
    // Busy refusals end their superpower (they are `error` events).
    let held: Array<SuperpowerEvent> = []
    let refusedOnly = true
    const release = () => {
      for (const event of held) sink.push(event, true)
      held = []
    }
    cancelCurrent = sendOnce(prepared, {
      push: (event, ends) => {
        if (refusedOnly && isBusyError(event)) return void held.push(event)
        if (ends) {
          refusedOnly = false
          release()
        }
        sink.push(event, ends)
      },
      end: () => {
        const delayMs = backoffDelayMs(retries, prepared.retry, runtime.random)
        const withinDeadline = runtime.now() + delayMs < prepared.now + prepared.timeoutMs
        if (held.length > 0 && refusedOnly && retries < prepared.retry.maxRetries && withinDeadline && !cancelled) {
          retries++
          runtime.log?.info?.("retry", {
            transport: prepared.transport,
            correlationId: prepared.envelope.headers.correlationId,
            retry: retries,
            delayMs,
            error: "busy",
            code: superpowerError(held[0]!).code
          })
          cancelCurrent = runtime.sleep(delayMs, () => {
            if (!cancelled) attempt()
          })
          return
        }
        release()
        sink.end()
      },
      fail: (error) => sink.fail(error)
    })
  }
  attempt()
  return () => {
    cancelled = true
    cancelCurrent()
  }
}
