import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"

// What the core reads of a cause: its first typed failure. Effect's `Cause.findError` and
// `Effect.catch` answer the same through a `Result`, whose classes (equality, hashing,
// formatting) would ship in every Worker for this alone (about 0.3 KB gzip); these read the
// cause's reasons with Effect's own predicates instead.

/** The cause's first typed failure (`Fail`), if it has one. */
export const typedFailure = <E>(cause: Cause.Cause<E>): Cause.Fail<E> | undefined => cause.reasons.find(Cause.isFailReason)

/**
 * Recovers from a typed failure as `Effect.catch` does: a cause that holds a defect, or only an
 * interruption, passes on as it is. (`Effect.catch` would also turn a failure found beside a
 * defect into a defect; nothing in the core fails both ways at once.)
 */
export const catchFailure = <A, E, R, B, E2, R2>(
  effect: Effect.Effect<A, E, R>,
  recover: (error: E) => Effect.Effect<B, E2, R2>
): Effect.Effect<A | B, E2, R | R2> =>
  Effect.catchCause(effect, (cause) => {
    const failure = cause.reasons.some(Cause.isDieReason) ? undefined : typedFailure(cause)
    return failure === undefined ? Effect.failCause(cause as Cause.Cause<never>) : recover(failure.error)
  })
