import { ERROR_SCHEMA_REF, RESPONSE_SCHEMA_REF, type ResponseEnvelope, type SuperpowerEvent } from "@org/optave-core/validate"

// A wrapped answer is the schema's `ResponseEnvelope`; the mock does not define its own.
export type { ResponseEnvelope }

/**
 * How answers are framed on the socket:
 * - `enveloped` (default): `{ action: "message", headers: { correlationId, schemaRef, traceId? }, payload: event }`;
 * - `bare-correlated`: the event with a top-level `correlationId`;
 * - `bare`: exactly the documented event, no correlation at all.
 */
export type ResponseStyle = "enveloped" | "bare-correlated" | "bare"

/** The request ids an answer can carry back. */
export interface Correlation {
  readonly correlationId?: string
  readonly traceId?: string
}

/** One outbound frame's value in the chosen style. */
export const styleEvent = (event: SuperpowerEvent, style: ResponseStyle, correlation: Correlation): ResponseEnvelope | SuperpowerEvent => {
  switch (style) {
    case "bare":
      return event
    case "bare-correlated":
      return correlation.correlationId === undefined ? event : { ...event, correlationId: correlation.correlationId }
    case "enveloped":
      return {
        action: "message",
        headers: {
          ...(correlation.correlationId === undefined ? {} : { correlationId: correlation.correlationId }),
          schemaRef: event.state === "error" ? ERROR_SCHEMA_REF : RESPONSE_SCHEMA_REF,
          ...(correlation.traceId === undefined ? {} : { traceId: correlation.traceId })
        },
        payload: event
      }
  }
}
