// The core's few stand-ins for Effect combinators (each keeps an Effect module out of the Worker
// bundle): they must answer as the Effect functions they replace.
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { describe, expect } from "vitest"
import { catchFailure, typedFailure } from "../src/request/typed-failure.ts"
import { timeoutOrElse } from "../src/request/timeout-or-else.ts"
import { tryPromise } from "../src/request/try-promise.ts"

class Refused extends Error {
  readonly _tag = "Refused"
}

describe("typedFailure and catchFailure", () => {
  itEffect("find the typed failure as Cause.findError does, and recover from it as Effect.catch does", () =>
    Effect.gen(function* () {
      const refused = new Refused("no")
      const cause = Cause.fail(refused)
      expect(typedFailure(cause)?.error).toBe(refused)
      const found = Cause.findError(cause)
      expect(found._tag === "Success" ? found.success : undefined).toBe(refused)
      expect(typedFailure(Cause.die("boom"))).toBeUndefined()
      const recovered = yield* catchFailure(Effect.fail(refused), (error) => Effect.succeed(`recovered ${error.message}`))
      expect(recovered).toBe("recovered no")
    })
  )

  itEffect("let a defect and an interruption pass, untouched, as Effect.catch does", () =>
    Effect.gen(function* () {
      const died = yield* Effect.exit(catchFailure(Effect.die("boom"), () => Effect.succeed("recovered")))
      const effects = yield* Effect.exit(Effect.catch(Effect.die("boom"), () => Effect.succeed("recovered")))
      expect(Exit.isFailure(died) && Cause.squash(died.cause)).toBe("boom")
      expect(Exit.isFailure(effects) && Cause.squash(effects.cause)).toBe("boom")
      const interrupted = yield* Effect.exit(catchFailure(Effect.interrupt, () => Effect.succeed("recovered")))
      expect(Exit.isFailure(interrupted) && Cause.hasInterruptsOnly(interrupted.cause)).toBe(true)
    })
  )
})

describe("timeoutOrElse", () => {
  itEffect("runs orElse once the duration has passed on Effect's clock, and interrupts the effect", () =>
    Effect.gen(function* () {
      let interrupted = false
      const slow = Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))))
      const fiber = yield* Effect.forkChild(slow.pipe(timeoutOrElse({ duration: 1_000, orElse: () => Effect.fail(new Refused("late")) })))
      yield* TestClock.adjust(999)
      expect(fiber.pollUnsafe()).toBeUndefined()
      yield* TestClock.adjust(1)
      expect(fiber.pollUnsafe()).toBeDefined()
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isFailure(exit) && typedFailure(exit.cause)?.error.message).toBe("late")
      expect(interrupted).toBe(true)
    })
  )

  itEffect("keeps the effect's own answer when it comes first", () =>
    Effect.gen(function* () {
      const answer = yield* Effect.succeed("in time").pipe(timeoutOrElse({ duration: 1_000, orElse: () => Effect.succeed("late") }))
      expect(answer).toBe("in time")
    })
  )
})

describe("tryPromise", () => {
  itEffect("resolves with the promise's value and fails with catch's answer on a rejection", () =>
    Effect.gen(function* () {
      expect(yield* tryPromise({ try: async () => 42, catch: () => new Refused("no") })).toBe(42)
      const exit = yield* Effect.exit(tryPromise({ try: () => Promise.reject(new Error("down")), catch: (cause) => new Refused(`caught ${(cause as Error).message}`) }))
      expect(Exit.isFailure(exit) && typedFailure(exit.cause)?.error.message).toBe("caught down")
    })
  )

  itEffect("makes a catch that throws a defect, as Effect's tryPromise does", () =>
    Effect.gen(function* () {
      const thrown = new Error("catch threw")
      const exit = yield* Effect.exit(
        tryPromise({
          try: () => Promise.reject(new Error("down")),
          catch: () => {
            throw thrown
          }
        })
      )
      expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBe(thrown)
      expect(Exit.isFailure(exit) && typedFailure(exit.cause)).toBeUndefined()
    })
  )

  itEffect("aborts the signal it gave when interrupted", () =>
    Effect.gen(function* () {
      let given: AbortSignal | undefined
      const fiber = yield* Effect.forkChild(tryPromise({ try: (signal) => ((given = signal), new Promise<never>(() => {})), catch: () => new Refused("no") }))
      yield* Effect.yieldNow
      expect(given?.aborted).toBe(false)
      yield* Fiber.interrupt(fiber)
      expect(given?.aborted).toBe(true)
    })
  )
})
