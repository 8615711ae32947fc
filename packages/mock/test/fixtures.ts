// Payloads and envelopes for the engine's tests, built from the API's own examples.
import { elevateExample, insightsExample, type ActionPayloads } from "@org/optave-schema"
import type { ActionName } from "../src/index.ts"

const clone = <T>(value: T): T => structuredClone(value)

/** A valid payload for every action of the catalog. */
export const payloads: { readonly [Action in ActionName]: ActionPayloads[Action] } = {
  insights: clone(insightsExample),
  elevate: clone(elevateExample),
  summarize: clone(insightsExample),
  translate: { ...clone(insightsExample), session: { channel: { language: "fr-FR" } } },
  recommend: {
    ...clone(insightsExample),
    request: {
      ...clone(insightsExample.request),
      resources: {
        offers: [
          { id: "o1", name: "Gym membership", description: "Monthly access to the gym" },
          { id: "o2", name: "Flexible rebooking", description: "Rebook any cancelled flight for free" },
          { id: "o3", name: "Lounge pass", description: "Airport lounge access" }
        ]
      }
    }
  },
  adjust: {
    ...clone(elevateExample),
    request: {
      ...clone(elevateExample.request),
      attributes: {
        content: "hi. i can't find your booking, give me the reference and i'll check it for you now.",
        instruction: "make it more formal"
      }
    }
  },
  interaction: clone(insightsExample),
  reception: clone(insightsExample),
  customerinteraction: clone(insightsExample)
}

let counter = 0

/** A request envelope as a conforming client builds it; `headers` override the defaults. */
export const envelope = (action: string, payload: unknown, headers: Record<string, unknown> = {}) => {
  counter++
  return {
    action: "message",
    headers: {
      correlationId: `corr-${counter}`,
      traceId: `trace-${counter}`,
      idempotencyKey: `key-${counter}`,
      identifier: "message",
      action,
      schemaRef: "optave.message.v3",
      sdkVersion: "none",
      issuedAt: "2025-09-05T16:30:00.000Z",
      ...headers
    },
    payload
  }
}

export const frameText = (action: string, payload: unknown, headers: Record<string, unknown> = {}): string =>
  JSON.stringify(envelope(action, payload, headers))

/** A superpower event as the tests read it. */
export interface Event {
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
export interface Enveloped {
  readonly action: "message"
  readonly headers: { readonly correlationId?: string; readonly schemaRef: string; readonly traceId?: string }
  readonly payload: Event
}

export const parseEnveloped = (text: string): Enveloped => JSON.parse(text) as Enveloped

/** `results[0].response[0].content` of an event. */
/** The events of a REST answer's body: one event object (one expected superpower) or an array of them. */
export const restEventsOf = (answer: { readonly body: unknown }): ReadonlyArray<Event> =>
  Array.isArray(answer.body) ? (answer.body as ReadonlyArray<Event>) : [answer.body as Event]

export const contentOf = (event: Event): unknown => event.message?.results?.[0]?.response?.[0]?.content

/** The conversation of the insights example with other customer words. */
export const withCustomerWords = (words: ReadonlyArray<string>): ActionPayloads["insights"] => {
  const payload = clone(insightsExample)
  const conversation = payload.request.scope.conversations[0]!
  const customer = conversation.participants![0]!.participantId!
  conversation.messages = words.map((content, index) => ({
    content,
    participantId: customer,
    timestamp: `2024-01-15T10:3${index % 10}:00.000Z`
  }))
  return payload
}
