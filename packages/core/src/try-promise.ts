import * as Effect from "effect/Effect"

/**
 * `Effect.tryPromise({ try, catch })` as the core uses it: `try` gets an `AbortSignal` aborted
 * when the fiber is interrupted; a throw or a rejection fails with `catch(error)` (a throwing
 * `catch` is a defect). Written on `Effect.callback` because Effect's version brings its
 * stack-trace helpers (`internalCall`, stack-trace-limit probing) into a Worker that, without it
 * and `Effect.map`, needs none of them (tooling/stress/src/edge-bundle.ts holds its budget).
 */
export const tryPromise = <A, E>(options: {
  readonly try: (signal: AbortSignal) => PromiseLike<A>
  readonly catch: (error: unknown) => E
}): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume, signal) => {
    // `suspend`: `catch` runs once the fiber resumes, as in Effect's version.
    const failed = (error: unknown) => resume(Effect.suspend(() => Effect.fail(options.catch(error))))
    try {
      options.try(signal).then((value) => resume(Effect.succeed(value)), failed)
    } catch (error) {
      failed(error)
    }
  })
