/**
 * Where events that belong to no request go (unrouted events, protocol errors): published to
 * every listener, and the most recent kept so a late subscriber still sees them. What is kept is
 * bounded twice: by count, and by the characters the items hold (a hostile server can send 1,000
 * unrouted events of 1 MB each). A plain listener set, lighter in a bundle than Effect's PubSub.
 */
export class EventOutlet<A> {
  readonly #backlog: Array<{ readonly item: A; readonly chars: number }> = []
  #backlogChars = 0
  readonly #listeners = new Set<(item: A) => void>()
  readonly #replay: number
  readonly #replayChars: number

  constructor(replay: number, replayChars: number) {
    this.#replay = replay
    this.#replayChars = replayChars
  }

  /** Publishes `item`; `chars` is what keeping it costs (its frame's length). */
  publish(item: A, chars: number): void {
    this.#backlog.push({ item, chars })
    this.#backlogChars += chars
    // The backlog holds at most `replay` items (1,000): dropping the oldest with `shift` is cheap.
    while (this.#backlog.length > this.#replay || (this.#backlogChars > this.#replayChars && this.#backlog.length > 1)) {
      this.#backlogChars -= this.#backlog.shift()!.chars
    }
    for (const listener of this.#listeners) listener(item)
  }

  /** Replays the backlog to `listener`, then calls it for each new item until unsubscribed. */
  subscribe(listener: (item: A) => void): () => void {
    for (const { item } of this.#backlog) listener(item)
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }
}
