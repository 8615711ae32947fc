import * as Effect from "effect/Effect"

/**
 * A promise as an effect, as Effect's own `tryPromise` with `try` and `catch`: `try` gets a
 * signal aborted when the effect is interrupted, a rejection becomes `catch`'s failure (a `catch`
 * that throws, a defect). For the functions here only, which are `async` and so never throw
 * before their promise exists; that lets this be `Effect.callback` alone, without the call-site
 * tracing Effect's version carries for a throwing `catch` (about 0.3 KB gzip in every Worker).
 */
export const tryPromise = <A, E>(options: {
  readonly try: (signal: AbortSignal) => Promise<A>
  readonly catch: (cause: unknown) => E
}): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume, signal) => {
    options.try(signal).then(
      (value) => resume(Effect.succeed(value)),
      (cause) => resume(Effect.suspend(() => Effect.fail(options.catch(cause))))
    )
  })
