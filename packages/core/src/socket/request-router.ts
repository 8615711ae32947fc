import type { SuperpowerEvent } from "../generated/types.ts"
import type { DecodedEvent } from "../inbound/inbound-frame.ts"
import type { SocketRequest } from "./socket-request.ts"

/** Ended requests are remembered for late frames this long, by count... */
const ENDED_LIMIT = 10_000
/** ...and while the delivered identities they remember stay under this many characters (about 4 MB). */
const ENDED_CHARS = 2_000_000

/** What a routed frame came to, for the session's counters and the driver's idea of progress. */
export type Routing = "delivered" | "answered" | "duplicate" | "unrouted"

/**
 * Correlation and de-duplication: which request an inbound event answers. It holds the pending
 * requests by correlation id, and the recently ended ones (oldest first, bounded) so that a late
 * frame is told apart as stale (dropped) or a new result (published as unrouted).
 */
export class RequestRouter {
  readonly pending = new Map<string, SocketRequest>()
  readonly #ended = new Map<string, SocketRequest>()
  #endedChars = 0
  readonly #strict: boolean
  /** `endedId`: the correlation id of the ended request the event is a new result for, if it is one. */
  readonly #publishUnrouted: (event: SuperpowerEvent, chars: number, endedId: string | undefined) => void

  constructor(strict: boolean, publishUnrouted: (event: SuperpowerEvent, chars: number, endedId: string | undefined) => void) {
    this.#strict = strict
    this.#publishUnrouted = publishUnrouted
  }

  /**
   * True when `correlationId` belonged to a request that ended without all its answers (timed
   * out, aborted, failed) and is still remembered: its late answers may yet arrive, and would be
   * taken for those of a new request with the same id.
   */
  endedUnanswered(correlationId: string): boolean {
    const ended = this.#ended.get(correlationId)
    return ended !== undefined && ended.phase !== "answered"
  }

  add(request: SocketRequest): void {
    this.pending.set(request.correlationId, request)
  }

  /** Moves an ended request from pending to the bounded memory of ended ones. */
  retire(request: SocketRequest): void {
    if (this.pending.get(request.correlationId) !== request) return
    this.pending.delete(request.correlationId)
    const previous = this.#ended.get(request.correlationId)
    if (previous !== undefined) {
      this.#ended.delete(request.correlationId)
      this.#endedChars -= previous.rememberedChars()
    }
    this.#ended.set(request.correlationId, request)
    this.#endedChars += request.rememberedChars()
    while (this.#ended.size > ENDED_LIMIT || this.#endedChars > ENDED_CHARS) {
      const [oldest, forgotten] = this.#ended.entries().next().value!
      this.#ended.delete(oldest)
      this.#endedChars -= forgotten.rememberedChars()
    }
  }

  /** Gives `decoded` to the request it answers; returns that request when the event answered it fully. */
  route(decoded: DecodedEvent, now: number): { readonly routing: Routing; readonly request?: SocketRequest } {
    const request = this.#recipient(decoded)
    if (request === undefined) {
      const ended = decoded.correlationId === undefined ? undefined : this.#ended.get(decoded.correlationId)
      if (ended !== undefined && ended.isStale(decoded)) return { routing: "duplicate" }
      this.#publishUnrouted(decoded.event, decoded.frameChars, ended?.correlationId)
      return { routing: "unrouted" }
    }
    const delivery = request.deliver(decoded, now)
    return { routing: delivery, request }
  }

  /**
   * The pending request an event answers: by correlation id, or for the documented bare form
   * (no correlation) the oldest request still waiting for that superpower, unless strict mode
   * keeps such events apart.
   */
  #recipient(decoded: DecodedEvent): SocketRequest | undefined {
    if (decoded.correlationId !== undefined) return this.pending.get(decoded.correlationId)
    if (this.#strict) return undefined
    for (const candidate of this.pending.values()) if (candidate.awaits(decoded.event.actionType)) return candidate
    return undefined
  }
}
