import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"

/**
 * `Cause.findError` and `Effect.catch` as the core uses them, without Effect's `Result` type
 * (~0.25 KB gzip a Worker needs for nothing else once these two are local; tooling/stress/src/edge-bundle.ts holds the budget).
 */

/** The first typed failure of `cause`, in the shape `Cause.findError` returns. */
export const findError = <E>(cause: Cause.Cause<E>): { readonly _tag: "Success"; readonly success: E } | { readonly _tag: "Failure" } => {
  for (const reason of cause.reasons) if (reason._tag === "Fail") return { _tag: "Success", success: reason.error }
  return { _tag: "Failure" }
}

/**
 * Recovers from a typed failure, as `Effect.catch`: defects and interruptions pass through
 * untouched. (Where a cause holds a defect and a typed failure at once, `Effect.catch` also turns
 * the failure into a defect; here the cause passes as it is. The core's effects fail one way at a time.)
 */
export const catchFailure = <E, A2, E2, R2>(recover: (error: E) => Effect.Effect<A2, E2, R2>) =>
  <A, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A | A2, E2, R | R2> =>
    Effect.catchCause(self, (cause) => {
      const failure = cause.reasons.some((reason) => reason._tag === "Die") ? undefined : findError(cause)
      return failure?._tag === "Success" ? recover(failure.success) : Effect.failCause(cause as Cause.Cause<never>)
    })
