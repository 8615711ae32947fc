import * as Effect from "effect/Effect"

/**
 * A one-shot signal fibers can wait for: the part of `effect/Deferred` the core uses
 * (`makeUnsafe`, `await`, `doneUnsafe`, `isDoneUnsafe`) with the same semantics (the first
 * `doneUnsafe` wins; each waiter then runs the effect it was completed with). Written here because
 * Effect's module is ~0.1 KB gzip more in a Worker (whose budget tooling/stress/src/edge-bundle.ts holds). Internal to the core.
 */
export interface Deferred<A, E = never> {
  /** Set once, by the first `doneUnsafe`. */
  effect: Effect.Effect<A, E> | undefined
  /** Fibers waiting; emptied when done. */
  waiters: Array<(effect: Effect.Effect<A, E>) => void>
}

export const makeUnsafe = <A, E = never>(): Deferred<A, E> => ({ effect: undefined, waiters: [] })

const wait = <A, E>(deferred: Deferred<A, E>): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume) => {
    if (deferred.effect !== undefined) return resume(deferred.effect)
    deferred.waiters.push(resume)
    // An interrupted waiter leaves the list.
    return Effect.sync(() => {
      const index = deferred.waiters.indexOf(resume)
      if (index >= 0) deferred.waiters.splice(index, 1)
    })
  })
export { wait as await }

/** Completes with `effect` unless already done; true when this call completed it. */
export const doneUnsafe = <A, E>(deferred: Deferred<A, E>, effect: Effect.Effect<A, E>): boolean => {
  if (deferred.effect !== undefined) return false
  deferred.effect = effect
  const waiters = deferred.waiters
  deferred.waiters = []
  for (const resume of waiters) resume(effect)
  return true
}

export const isDoneUnsafe = <A, E>(deferred: Deferred<A, E>): boolean => deferred.effect !== undefined
