import * as Effect from "effect/Effect"

/**
 * `effect` raced against a timer of `duration` ms whose end runs `orElse`: what Effect's own
 * `timeoutOrElse` does when `orElse` is immediate (as every use here is: a failure or a value
 * built at once), since that one also races the effect against a sleep. Without its detour
 * through `Option`, whose classes (equality, hashing, formatting) would otherwise ship in every
 * Worker for this alone (about 0.3 KB gzip). The duration is a number of ms, as everywhere in the
 * core.
 */
export const timeoutOrElse =
  <A2, E2, R2>(options: { readonly duration: number; readonly orElse: () => Effect.Effect<A2, E2, R2> }) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A | A2, E | E2, R | R2> =>
    Effect.raceFirst(effect, Effect.flatMap(Effect.sleep(options.duration), options.orElse))
