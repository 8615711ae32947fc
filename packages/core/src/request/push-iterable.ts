import { onAbort as subscribeAbort } from "./abort-listeners.ts"

/** What a producer reports to: items, then at most one `end` or `fail`. */
export interface Sink<A, E> {
  readonly push: (item: A) => void
  readonly end: () => void
  readonly fail: (error: E) => void
}

/**
 * An `AsyncIterable` over a callback producer, for the Promise API (no Effect Stream in the
 * bundle). Each iteration calls `start`, which returns what stops the producer; items wait in a
 * buffer until read. `break` (or `return()`) stops the producer; an aborted `signal` stops it and
 * fails the iteration with `abortError()`. A failure is thrown after the items before it.
 */
export const pushIterable = <A, E>(
  start: (sink: Sink<A, E>) => () => void,
  signal: AbortSignal | undefined,
  abortError: () => E
): AsyncIterable<A> => ({
  [Symbol.asyncIterator](): AsyncIterator<A> {
    const buffer: Array<A> = []
    let ended = false
    let failure: { readonly error: E } | undefined
    // Reads waiting for an item, oldest first (for-await waits for one; a caller may ask for more).
    const readers: Array<{ resolve: (result: IteratorResult<A>) => void; reject: (error: unknown) => void }> = []
    let stop = () => {}
    let unsubscribeAbort = () => {}

    const serve = () => {
      while (readers.length > 0) {
        if (buffer.length > 0) readers.shift()!.resolve({ value: buffer.shift()!, done: false })
        else if (failure !== undefined) {
          const { error } = failure
          failure = undefined
          readers.shift()!.reject(error)
        } else if (ended) readers.shift()!.resolve({ value: undefined, done: true })
        else return
      }
    }
    // After `end`, `fail`, `break` or an abort the producer is stopped and later calls are ignored.
    const settle = (error?: { readonly error: E }) => {
      if (ended) return
      ended = true
      failure = error
      unsubscribeAbort()
      stop()
      serve()
    }
    const onAbort = () => {
      buffer.length = 0
      settle({ error: abortError() })
    }

    if (signal?.aborted) {
      ended = true
      failure = { error: abortError() }
    } else {
      if (signal !== undefined) unsubscribeAbort = subscribeAbort(signal, onAbort)
      stop = start({
        push: (item) => {
          if (ended) return
          buffer.push(item)
          serve()
        },
        end: () => settle(),
        fail: (error) => settle({ error })
      })
      // `start` may already have ended or failed (a payload rejected before anything was sent).
      if (ended) stop()
    }

    return {
      next: () =>
        new Promise<IteratorResult<A>>((resolve, reject) => {
          readers.push({ resolve, reject })
          serve()
        }),
      return: () => {
        buffer.length = 0
        settle()
        return Promise.resolve({ value: undefined, done: true })
      }
    }
  }
})
