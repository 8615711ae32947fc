import type { SuperpowerEvent } from "@org/optave-core/validate"

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

/** A wrapped answer, as the `enveloped` style sends it. */
export interface ResponseEnvelope {
  readonly action: "message"
  readonly headers: {
    readonly correlationId?: string
    readonly schemaRef: "optave.response.v3" | "optave.error.v3"
    readonly traceId?: string
  }
  readonly payload: SuperpowerEvent
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
          schemaRef: event.state === "error" ? "optave.error.v3" : "optave.response.v3",
          ...(correlation.traceId === undefined ? {} : { traceId: correlation.traceId })
        },
        payload: event
      }
  }
}
