import type { DecodedEvent } from "./inbound-frame.ts"

const isTerminal = (state: string, errorEnvelope: boolean): boolean => errorEnvelope || state === "completed" || state === "error"

/**
 * Where one request stands: which expected superpowers have ended, and which events were
 * already delivered (so a replay after a resend is recognised and dropped). A request ends
 * when every expected superpower reached `completed` or `error`; an unknown state (3.1's
 * `processing`, or anything newer) is progress, never an end.
 */
export class RequestTracker {
  private readonly remaining: Set<string>
  private readonly delivered = new Set<string>()
  eventCount = 0
  readonly expected: ReadonlyArray<string>

  constructor(expected: ReadonlyArray<string>) {
    this.expected = expected
    this.remaining = new Set(expected)
  }

  /** True while `superpower` is expected and has not ended yet (used to route uncorrelated events). */
  awaits(superpower: string): boolean {
    return this.remaining.has(superpower)
  }

  /** Records an event; false when it is a duplicate of one already delivered. */
  accept(decoded: DecodedEvent): boolean {
    if (this.delivered.has(decoded.dedupeKey)) return false
    this.delivered.add(decoded.dedupeKey)
    this.eventCount++
    if (isTerminal(decoded.event.state, decoded.errorEnvelope)) this.remaining.delete(decoded.event.actionType)
    return true
  }

  get complete(): boolean {
    return this.remaining.size === 0
  }

  pendingSuperpowers(): ReadonlyArray<string> {
    return [...this.remaining]
  }
}
