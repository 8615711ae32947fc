import type { DecodedEvent } from "./inbound-frame.ts"
import { isTerminalState } from "./superpower-state.ts"

/** An event ends its superpower: a terminal state, or any event in an error envelope. */
export const isTerminal = (state: string, errorEnvelope: boolean): boolean => errorEnvelope || isTerminalState(state)

/**
 * Where one request stands: which expected superpowers have ended, and which events were
 * already delivered (so a replay after a resend is recognised and dropped). A request ends
 * when every expected superpower reached `completed` or `error`; an unknown state (3.1's
 * `processing`, or anything newer) is progress, never an end. Delivered identities live in a
 * small array (a request has a handful of events, and thousands of requests may be in flight),
 * moved to a Set past `SMALL_KEY_COUNT`: a lookup stays O(1) however many events a request
 * receives (a server may send tens of thousands of progress events to one request).
 */
const SMALL_KEY_COUNT = 16

export class RequestTracker {
  private readonly remaining: Array<string>
  private deliveredKeys: Array<string> | Set<string> | undefined
  private keyChars = 0

  constructor(expected: ReadonlyArray<string>) {
    this.remaining = [...expected]
  }

  /** True while `superpower` is expected and has not ended yet (used to route uncorrelated events). */
  awaits(superpower: string): boolean {
    return this.remaining.includes(superpower)
  }

  /** Records an event; false when it is a duplicate of one already delivered. */
  accept(decoded: DecodedEvent): boolean {
    const key = decoded.dedupeKey
    const keys = this.deliveredKeys
    if (keys === undefined) this.deliveredKeys = [key]
    else if (Array.isArray(keys)) {
      if (keys.includes(key)) return false
      if (keys.length < SMALL_KEY_COUNT) keys.push(key)
      else this.deliveredKeys = new Set([...keys, key])
    } else {
      if (keys.has(key)) return false
      keys.add(key)
    }
    this.keyChars += key.length
    if (isTerminal(decoded.event.state, decoded.errorEnvelope)) {
      const index = this.remaining.indexOf(decoded.event.actionType)
      if (index >= 0) this.remaining.splice(index, 1)
    }
    return true
  }

  /** True when an event with this identity was already delivered (a replay). */
  delivered(dedupeKey: string): boolean {
    const keys = this.deliveredKeys
    if (keys === undefined) return false
    return Array.isArray(keys) ? keys.includes(dedupeKey) : keys.has(dedupeKey)
  }

  /** Characters held by the identities of delivered events (what remembering them costs). */
  deliveredChars(): number {
    return this.keyChars
  }

  get complete(): boolean {
    return this.remaining.length === 0
  }

  pendingSuperpowers(): ReadonlyArray<string> {
    return [...this.remaining]
  }
}
