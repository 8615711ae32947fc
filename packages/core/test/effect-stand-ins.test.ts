// The core's small stand-ins for Effect modules it no longer bundles in a Worker (tooling/stress/src/edge-bundle.ts holds that bundle's budget):
// each is run side by side with Effect's own function on the same inputs, which is the reference.
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as EffectDeferred from "effect/Deferred"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { describe, expect, it } from "vitest"
import { catchFailure, findError } from "../src/cause-failure.ts"
import * as Deferred from "../src/deferred.ts"
import { timeoutOrElse } from "../src/effect-timeout.ts"
import { tryPromise } from "../src/try-promise.ts"

const outcome = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isSuccess(exit) ? { success: exit.value } : { failure: exit.cause.reasons.map((reason) => (reason._tag === "Fail" ? reason.error : reason._tag)) }

describe("tryPromise", () => {
  const cases: ReadonlyArray<[string, () => PromiseLike<unknown>]> = [
    ["resolves", () => Promise.resolve(1)],
    ["rejects", () => Promise.reject(new Error("no"))],
    ["throws before its promise", () => { throw new Error("sync") }]
  ]
  for (const [name, run] of cases) {
    it(`ends as Effect.tryPromise does when the promise ${name}`, async () => {
      const options = { try: run, catch: (error: unknown) => `caught ${(error as Error).message}` }
      const ours = await Effect.runPromiseExit(tryPromise(options))
      const effects = await Effect.runPromiseExit(Effect.tryPromise(options))
      expect(outcome(ours)).toEqual(outcome(effects))
    })
  }

  it("a throwing catch is a defect, as in Effect.tryPromise", async () => {
    const options = { try: () => Promise.reject(new Error("no")), catch: (): string => { throw new Error("catch broke") } }
    expect(outcome(await Effect.runPromiseExit(tryPromise(options)))).toEqual(outcome(await Effect.runPromiseExit(Effect.tryPromise(options))))
    expect(outcome(await Effect.runPromiseExit(tryPromise(options)))).toEqual({ failure: ["Die"] })
  })

  it("aborts the signal when the fiber is interrupted", async () => {
    let seen: AbortSignal | undefined
    const fiber = Effect.runFork(tryPromise({ try: (signal) => { seen = signal; return new Promise(() => {}) }, catch: String }))
    await Promise.resolve()
    expect(seen?.aborted).toBe(false)
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(seen?.aborted).toBe(true)
  })
})

describe("Deferred", () => {
  it("the first completion wins and every waiter, early or late, runs it, as with effect/Deferred", async () => {
    const run = async <D>(make: () => D, wait: (d: D) => Effect.Effect<number, string>, done: (d: D, e: Effect.Effect<number, string>) => boolean) => {
      const deferred = make()
      const early = Effect.runPromiseExit(wait(deferred))
      const first = done(deferred, Effect.fail("first"))
      const second = done(deferred, Effect.succeed(2))
      return { first, second, early: outcome(await early), late: outcome(await Effect.runPromiseExit(wait(deferred))) }
    }
    const ours = await run(() => Deferred.makeUnsafe<number, string>(), Deferred.await, Deferred.doneUnsafe)
    const effects = await run(() => EffectDeferred.makeUnsafe<number, string>(), EffectDeferred.await, EffectDeferred.doneUnsafe)
    expect(ours).toEqual(effects)
    expect(ours).toEqual({ first: true, second: false, early: { failure: ["first"] }, late: { failure: ["first"] } })
  })

  it("an interrupted waiter leaves the list", async () => {
    const deferred = Deferred.makeUnsafe<number>()
    const fiber = Effect.runFork(Deferred.await(deferred))
    await Promise.resolve()
    expect(deferred.waiters).toHaveLength(1)
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(deferred.waiters).toHaveLength(0)
    expect(Deferred.isDoneUnsafe(deferred)).toBe(false)
  })
})

describe("timeoutOrElse", () => {
  const slow = Effect.never
  const options = { duration: 5, orElse: () => Effect.fail("timed out") }
  for (const [name, self] of [["times out", slow], ["ends first", Effect.succeed("fast")], ["fails first", Effect.fail("failed")]] as const) {
    it(`ends as Effect.timeoutOrElse does when the effect ${name}`, async () => {
      const ours = await Effect.runPromiseExit(timeoutOrElse(options)(self))
      const effects = await Effect.runPromiseExit(Effect.timeoutOrElse(self, options))
      expect(outcome(ours)).toEqual(outcome(effects))
    })
  }
})

describe("findError and catchFailure", () => {
  const causes: ReadonlyArray<[string, Effect.Effect<never, string>]> = [
    ["a failure", Effect.fail("no")],
    ["a defect", Effect.die(new Error("bug"))],
    ["an interruption", Effect.interrupt],
    ["a failure with a finalizer", Effect.fail("first").pipe(Effect.ensuring(Effect.sync(() => undefined)))]
  ]
  for (const [name, effect] of causes) {
    it(`read ${name} as Cause.findError and Effect.catch do`, async () => {
      const exit = await Effect.runPromiseExit(effect)
      if (Exit.isSuccess(exit)) throw new Error("expected a failure")
      const theirs = Cause.findError(exit.cause)
      const ours = findError(exit.cause)
      expect(ours._tag).toBe(theirs._tag)
      if (ours._tag === "Success" && theirs._tag === "Success") expect(ours.success).toBe(theirs.success)
      const recover = (error: string) => Effect.succeed(`recovered ${error}`)
      expect(outcome(await Effect.runPromiseExit(catchFailure(recover)(effect)))).toEqual(outcome(await Effect.runPromiseExit(Effect.catch(effect, recover))))
    })
  }
})
