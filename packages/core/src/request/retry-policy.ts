import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

/** Retry settings, per client and per call. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  readonly maxRetries: number
  /** First backoff ceiling in ms; attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^n)] (default 500). */
  readonly baseDelayMs: number
  /** Largest backoff ceiling in ms (default 8000). */
  readonly maxDelayMs: number
}

/** What the policy needs to know of a failure: may it be retried, and did the server say when. */
export interface RetrySignal {
  readonly retryable: boolean
  /** From `retry-after-ms` or `Retry-After` (seconds or an HTTP date); wins over the computed backoff. */
  readonly retryAfterMs?: number
}

/** HTTP statuses worth another attempt: 408, 409, 429 and 5xx. Never other 4xx. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 409 || status === 429 || status >= 500

/** Waits beyond this are read as this (a day): none is ever waited for anyway (see `waitFits`). */
const LONGEST_READ_WAIT_MS = 86_400_000

/**
 * Reads `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date, RFC 9110
 * §10.2.3), relative to `nowMs`. The server's wait as it asked (up to a day), so an error can
 * report it; whether it is waited for is `waitFits`'s decision.
 */
export const parseRetryAfter = (headers: { get(name: string): string | null }, nowMs: number): number | undefined => {
  const milliseconds = headers.get("retry-after-ms")
  if (milliseconds !== null && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Math.min(Number(milliseconds), LONGEST_READ_WAIT_MS)
  const value = headers.get("retry-after")
  if (value === null) return undefined
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value.trim()) * 1000, LONGEST_READ_WAIT_MS)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - nowMs), LONGEST_READ_WAIT_MS)
}

/**
 * A server's wait is honoured only when it is at most `maxDelayMs` and ends before the request's
 * time runs out; otherwise the request fails at once with the server's answer (and its wait in
 * `retryAfterMs`) rather than sleep past what the caller allowed.
 */
export const waitFits = (retryAfterMs: number | undefined, options: { readonly maxDelayMs: number }, timeLeftMs: number): boolean =>
  retryAfterMs === undefined || (retryAfterMs <= options.maxDelayMs && retryAfterMs < timeLeftMs)

/** Full-jitter backoff: a uniform draw below the exponential, capped ceiling. */
export const backoffDelayMs = (
  attempt: number,
  options: { readonly baseDelayMs: number; readonly maxDelayMs: number },
  random: () => number
): number =>
  Math.floor(random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt))

/**
 * The one retry and reconnect policy: exponential with full jitter, capped, where a server's
 * `Retry-After` replaces the computed delay. Use with `Effect.retry({ schedule, times, while })`.
 */
export const retrySchedule = <E extends RetrySignal>(options: RetryOptions, random: () => number = Math.random) =>
  Schedule.exponential(Duration.millis(options.baseDelayMs)).pipe(
    Schedule.setInputType<E>(),
    Schedule.modifyDelay(({ input, attempt }) =>
      Effect.succeed(Duration.millis(input.retryAfterMs ?? backoffDelayMs(attempt - 1, options, random)))
    )
  )

/** Told of each retry before its wait: the failure that caused it, the wait, and the retry's number (from 1). */
export type OnRetry<E> = (error: E, delayMs: number, retryNumber: number) => void

/**
 * Applies the policy to an effect with Effect's own `retry`: retries only retryable failures (or
 * those `mayPass` accepts, for what is not a resend of the request, such as fetching its token
 * again), at most `maxRetries` times, each only if it starts before `deadline` (clock time),
 * waiting what `retrySchedule` says; `onRetry` hears of each retry once it is decided (the
 * schedule's last check), with the wait it will take.
 */
export const withRetries = <A, E extends RetrySignal, R>(
  effect: Effect.Effect<A, E, R>,
  options: RetryOptions,
  random: () => number = Math.random,
  onRetry?: OnRetry<E>,
  mayPass: (error: E) => boolean = (error) => error.retryable,
  deadline = Number.POSITIVE_INFINITY
): Effect.Effect<A, E, R> =>
  options.maxRetries <= 0
    ? effect
    : Effect.retry(
        effect,
        retrySchedule<E>(options, random).pipe(
          // `attempt` counts the failures so far (from 1); `duration` is the wait `modifyDelay` chose.
          Schedule.while(({ input, attempt, now, duration }) => {
            const delayMs = Duration.toMillis(duration)
            if (!mayPass(input) || attempt > options.maxRetries || now + delayMs >= deadline) return false
            onRetry?.(input, delayMs, attempt)
            return true
          })
        )
      )
