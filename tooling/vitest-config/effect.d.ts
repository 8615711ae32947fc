// Types of effect.js, so the tests that use `itEffect` type-check with their package's `typecheck`.
import type * as Effect from "effect/Effect"

/** A vitest test that runs `program` with TestClock provided (time moves with `TestClock.adjust`). */
export declare const itEffect: (name: string, program: () => Effect.Effect<unknown, unknown, never>, timeout?: number) => void
