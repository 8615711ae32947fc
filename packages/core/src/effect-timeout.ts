import * as Effect from "effect/Effect"

/**
 * `Effect.timeoutOrElse` for the core's use, where `orElse` is always an immediate failure: races
 * `self` against a sleep that then runs `orElse`; the first to end wins and the other is
 * interrupted. Effect's version wraps the result in an `Option` first, and `Option` (with its
 * `Equal`/`Hash` implementations) is ~0.3 KB gzip a Worker needs for nothing else (see its budget in tooling/stress/src/edge-bundle.ts).
 * Unlike Effect's, `orElse` runs before `self` is interrupted: keep it a plain failure.
 */
export const timeoutOrElse = <A2, E2, R2>(options: { readonly duration: number; readonly orElse: () => Effect.Effect<A2, E2, R2> }) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A | A2, E | E2, R | R2> =>
    Effect.raceFirst(self, Effect.flatMap(Effect.sleep(options.duration), options.orElse))
