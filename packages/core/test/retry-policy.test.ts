import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { describe, expect, it } from "vitest"
import { TransportError } from "../src/errors.ts"
import { backoffDelayMs, isRetryableStatus, parseRetryAfter, retrySchedule, withRetries, type RetryOptions } from "../src/request/retry-policy.ts"

const options = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000 }

/** Runs `effect` with retries, moving the TestClock 10 ms at a time, and returns when each attempt started. */
const attemptTimes = (
  failures: ReadonlyArray<TransportError>,
  policy = options,
  random = () => 0.5,
  retry: <A>(effect: Effect.Effect<A, TransportError>, policy: RetryOptions, random: () => number) => Effect.Effect<A, TransportError> = withRetries
) =>
  Effect.gen(function* () {
    const times: Array<number> = []
    let index = 0
    const attempt = Effect.gen(function* () {
      times.push(yield* Clock.currentTimeMillis)
      const failure = failures[index++]
      if (failure !== undefined) return yield* Effect.fail(failure)
      return "ok"
    })
    const fiber = yield* Effect.forkChild(retry(attempt, policy, random))
    for (let step = 0; step < 10_000 && fiber.pollUnsafe() === undefined; step++) yield* TestClock.adjust(10)
    const exit = yield* Fiber.await(fiber)
    return { times, exit }
  })

const retryable = (extra: { retryAfterMs?: number; status?: number } = {}) =>
  new TransportError({ code: "HTTP_STATUS", reason: "busy", retryable: true, ...extra })

/** Effect's `retry` with the policy's schedule and its options: what `withRetries` (the same, with an `onRetry` hook) must match. */
const effectRetry = <A>(effect: Effect.Effect<A, TransportError>, policy: RetryOptions, random: () => number) =>
  Effect.retry(effect, { schedule: retrySchedule<TransportError>(policy, random), times: policy.maxRetries, while: (error) => error.retryable })

/** A seeded generator, the same sequence for both runs of a comparison. */
const seeded = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)

describe("retry policy", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<TransportError>, RetryOptions]> = [
    ["two busy answers, then success", [retryable(), retryable()], options],
    ["retries run out", [retryable(), retryable(), retryable(), retryable()], options],
    ["a Retry-After between computed waits", [retryable(), retryable({ retryAfterMs: 1_234 }), retryable()], { ...options, maxRetries: 4 }],
    ["a failure that is not retryable ends it", [retryable(), new TransportError({ code: "HTTP_STATUS", reason: "no", retryable: false })], options],
    ["no retries at all", [retryable()], { ...options, maxRetries: 0 }]
  ]
  for (const [name, failures, policy] of cases) {
    itEffect(`waits exactly as Effect.retry with retrySchedule does: ${name}`, () =>
      Effect.gen(function* () {
        const ours = yield* attemptTimes(failures, policy, seeded(7), withRetries)
        const effects = yield* attemptTimes(failures, policy, seeded(7), effectRetry)
        // The two runs share one TestClock: compare the waits, from each run's first attempt.
        const waits = (times: ReadonlyArray<number>) => times.map((time) => time - times[0]!)
        expect(waits(ours.times)).toEqual(waits(effects.times))
        expect(ours.exit._tag).toBe(effects.exit._tag)
      })
    )
  }

  itEffect("tells onRetry of each retry it takes, with its wait and number, and of no other", () =>
    Effect.gen(function* () {
      const heard: Array<readonly [string, number, number]> = []
      const listening = <A>(effect: Effect.Effect<A, TransportError>, policy: RetryOptions, random: () => number) =>
        withRetries(effect, policy, random, (error, delayMs, retryNumber) => heard.push([error.reason, delayMs, retryNumber]))
      const failures = [retryable(), retryable({ retryAfterMs: 1_234 }), new TransportError({ code: "HTTP_STATUS", reason: "no", retryable: false })]
      const { times, exit } = yield* attemptTimes(failures, { ...options, maxRetries: 4 }, () => 0.5, listening)
      expect(exit._tag).toBe("Failure")
      // random = 0.5: 0.5 * 500 = 250 first, then the server's 1,234; the refusal is not retried.
      expect(heard).toEqual([["busy", 250, 1], ["busy", 1_234, 2]])
      expect(times).toHaveLength(3)
    })
  )

  itEffect("waits full-jitter exponential delays: random * min(cap, base * 2^n)", () =>
    Effect.gen(function* () {
      const { times, exit } = yield* attemptTimes([retryable(), retryable()])
      expect(exit._tag).toBe("Success")
      // random = 0.5: 0.5 * 500 = 250, then 0.5 * 1000 = 500
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(250)
      expect(times[1]! - times[0]!).toBeLessThan(260)
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(500)
      expect(times[2]! - times[1]!).toBeLessThan(510)
    })
  )

  it("caps the ceiling at maxDelayMs and stays within [0, ceiling)", () => {
    expect(backoffDelayMs(10, options, () => 0.999)).toBeLessThan(8_000)
    expect(backoffDelayMs(10, options, () => 0.999)).toBeGreaterThan(7_900)
    expect(backoffDelayMs(0, options, () => 0)).toBe(0)
  })

  itEffect("stops after maxRetries (2 by default): three attempts in all", () =>
    Effect.gen(function* () {
      const { times, exit } = yield* attemptTimes([retryable(), retryable(), retryable(), retryable()])
      expect(exit._tag).toBe("Failure")
      expect(times).toHaveLength(3)
    })
  )

  itEffect("Retry-After wins over the computed delay", () =>
    Effect.gen(function* () {
      const { times } = yield* attemptTimes([retryable({ retryAfterMs: 3_000 })], options, () => 0)
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(3_000)
      expect(times[1]! - times[0]!).toBeLessThan(3_010)
    })
  )

  for (const status of [400, 401, 403, 404, 422]) {
    itEffect(`no retry on ${status}`, () =>
      Effect.gen(function* () {
        const { times, exit } = yield* attemptTimes([
          new TransportError({ code: "HTTP_STATUS", reason: "no", status, retryable: isRetryableStatus(status) })
        ])
        expect(exit._tag).toBe("Failure")
        expect(times).toHaveLength(1)
      })
    )
  }

  it("retryable statuses are 408, 409, 429 and 5xx", () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 410, 422].some(isRetryableStatus)).toBe(false)
  })

  it("parses retry-after-ms, Retry-After seconds and Retry-After HTTP dates", () => {
    const headers = (entries: Record<string, string>) => new Headers(entries)
    const now = Date.parse("2026-01-01T00:00:00Z")
    expect(parseRetryAfter(headers({ "retry-after-ms": "1500" }), now)).toBe(1500)
    expect(parseRetryAfter(headers({ "retry-after": "2" }), now)).toBe(2000)
    expect(parseRetryAfter(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000)
    expect(parseRetryAfter(headers({ "retry-after": "soon" }), now)).toBeUndefined()
    expect(parseRetryAfter(headers({}), now)).toBeUndefined()
  })
})
