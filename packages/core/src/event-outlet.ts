/**
 * Where events that belong to no request go (unrouted events, protocol errors): published to
 * every listener, and the last `replay` kept so a late subscriber still sees them: nothing is
 * dropped unseen. A plain listener set, lighter in a bundle than Effect's PubSub.
 */
export class EventOutlet<A> {
  private readonly backlog: Array<A> = []
  private readonly listeners = new Set<(item: A) => void>()
  private readonly replay: number

  constructor(replay: number) {
    this.replay = replay
  }

  publish(item: A): void {
    this.backlog.push(item)
    if (this.backlog.length > this.replay) this.backlog.shift()
    for (const listener of this.listeners) listener(item)
  }

  /** Replays the backlog to `listener`, then calls it for each new item until unsubscribed. */
  subscribe(listener: (item: A) => void): () => void {
    for (const item of this.backlog) listener(item)
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }
}
