// A ten-line `it.effect` for vitest 4 on Node 20 (@effect/vitest 4 needs vitest 5 / Node 22):
// runs an Effect program with TestClock provided, so tests move time with TestClock.adjust
// instead of sleeping.
import { it } from "vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/testing/TestClock"

/**
 * @param {string} name
 * @param {() => Effect.Effect<unknown, unknown, never>} program
 * @param {number} [timeout]
 */
export const itEffect = (name, program, timeout) =>
  it(name, () => Effect.runPromise(Effect.provide(Effect.suspend(program), TestClock.layer())), timeout)
