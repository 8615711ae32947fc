import type { DecodedEvent } from "./inbound-frame.ts"
import { isTerminalState } from "./superpower-state.ts"

/** An event ends its superpower: a terminal state, or any event in an error envelope. */
export const isTerminal = (state: string, errorEnvelope: boolean): boolean => errorEnvelope || isTerminalState(state)

/**
 * Where one request stands: which expected superpowers have ended, and which events were
 * already delivered (so a replay after a resend is recognised and dropped). A request ends
 * when every expected superpower reached `completed` or `error`; an unknown state (3.1's
 * `processing`, or anything newer) is progress, never an end. Small arrays rather than Sets:
 * a request has a handful of events, and thousands of requests may be in flight.
 */
export class RequestTracker {
  private readonly remaining: Array<string>
  private deliveredKeys: Array<string> | undefined

  constructor(expected: ReadonlyArray<string>) {
    this.remaining = [...expected]
  }

  /** True while `superpower` is expected and has not ended yet (used to route uncorrelated events). */
  awaits(superpower: string): boolean {
    return this.remaining.includes(superpower)
  }

  /** Records an event; false when it is a duplicate of one already delivered. */
  accept(decoded: DecodedEvent): boolean {
    if (this.deliveredKeys === undefined) this.deliveredKeys = [decoded.dedupeKey]
    else if (this.deliveredKeys.includes(decoded.dedupeKey)) return false
    else this.deliveredKeys.push(decoded.dedupeKey)
    if (isTerminal(decoded.event.state, decoded.errorEnvelope)) {
      const index = this.remaining.indexOf(decoded.event.actionType)
      if (index >= 0) this.remaining.splice(index, 1)
    }
    return true
  }

  /** True when an event with this identity was already delivered (a replay). */
  delivered(dedupeKey: string): boolean {
    return this.deliveredKeys?.includes(dedupeKey) ?? false
  }

  /** Characters held by the identities of delivered events (what remembering them costs). */
  deliveredChars(): number {
    let chars = 0
    for (const key of this.deliveredKeys ?? []) chars += key.length
    return chars
  }

  get complete(): boolean {
    return this.remaining.length === 0
  }

  pendingSuperpowers(): ReadonlyArray<string> {
    return [...this.remaining]
  }
}
