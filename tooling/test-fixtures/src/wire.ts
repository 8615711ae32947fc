// The wire as a test speaks and reads it by hand: request envelopes a conforming client would
// send, and a loose reading of the superpower events that come back (tests assert on them, so the
// type stays permissive on purpose: a malformed event must reach the assertion, not the compiler).
import { SCHEMA_REF } from "@org/optave-schema"

let counter = 0

/** A request envelope as a conforming client builds it; `headers` override the defaults. */
export const requestEnvelope = (action: string, payload: unknown, headers: Record<string, unknown> = {}) => {
  counter++
  return {
    action: "message",
    headers: {
      correlationId: `corr-${counter}`,
      traceId: `trace-${counter}`,
      idempotencyKey: `key-${counter}`,
      identifier: "message",
      action,
      schemaRef: SCHEMA_REF,
      sdkVersion: "none",
      issuedAt: "2025-09-05T16:30:00.000Z",
      ...headers
    },
    payload
  }
}

/** `requestEnvelope` as the text of a WebSocket frame. */
export const requestFrame = (action: string, payload: unknown, headers: Record<string, unknown> = {}): string =>
  JSON.stringify(requestEnvelope(action, payload, headers))

/** A superpower event as tests read it. */
export interface WireEvent {
  readonly action: string
  readonly actionType: string
  readonly state: string
  readonly correlationId?: string
  readonly error_code?: string
  readonly message?: {
    readonly results?: ReadonlyArray<{ readonly response?: ReadonlyArray<{ readonly content?: unknown; readonly error_code?: string }> }>
  }
}

/** An outbound frame in the enveloped style. */
export interface EnvelopedEvent {
  readonly action: "message"
  readonly headers: { readonly correlationId?: string; readonly schemaRef: string; readonly traceId?: string }
  readonly payload: WireEvent
}

export const parseEnveloped = (text: string): EnvelopedEvent => JSON.parse(text) as EnvelopedEvent

/** `results[0].response[0].content` of an event. */
export const contentOf = (event: WireEvent): unknown => event.message?.results?.[0]?.response?.[0]?.content

/** The events of a REST answer's body: one event object (one expected superpower) or an array of them. */
export const restEventsOf = (answer: { readonly body: unknown }): ReadonlyArray<WireEvent> =>
  Array.isArray(answer.body) ? (answer.body as ReadonlyArray<WireEvent>) : [answer.body as WireEvent]
