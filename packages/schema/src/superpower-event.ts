import Type from "typebox"

// What the service sends is always open (`additionalProperties: true`): a field it adds must
// reach the caller, and the validators' strict mode (for what users send) never applies here.

/** States of 3.2; 3.1 sent "processing". An unknown state is accepted and treated as non-terminal. */
export const KNOWN_STATES = ["started", "completed", "error"] as const
/** The states that end a superpower (codegen emits them, via `protocolFacts`, for the client and the mock). */
export const TERMINAL_STATES = ["completed", "error"] as const

export const ResponseItem = Type.Object(
  {
    content: Type.Optional(Type.Unknown({ description: "The superpower's output; for an error, the error message." })),
    error_code: Type.Optional(Type.String({ description: "Machine-readable error code, e.g. PROCESSING_FAILED." }))
  },
  { $id: "ResponseItem", additionalProperties: true, description: "One piece of a superpower's output." }
)
export type ResponseItem = Type.Static<typeof ResponseItem>

export const SuperpowerResult = Type.Object(
  { response: Type.Optional(Type.Array(ResponseItem, { description: "The output pieces." })) },
  { $id: "SuperpowerResult", additionalProperties: true, description: "One result of a superpower." }
)
export type SuperpowerResult = Type.Static<typeof SuperpowerResult>

export const SuperpowerEvent = Type.Object(
  {
    action: Type.Literal("superpower", { description: "Always \"superpower\" for result events." }),
    actionType: Type.String({ minLength: 1, description: "The superpower this event is about, e.g. performance_criteria." }),
    state: Type.String({ minLength: 1, description: `${KNOWN_STATES.slice(0, -1).join(", ")} or ${KNOWN_STATES.at(-1)}; any other value is a non-terminal progress state.` }),
    message: Type.Optional(
      Type.Object(
        { results: Type.Optional(Type.Array(SuperpowerResult, { description: "The results." })) },
        { additionalProperties: true, description: "The superpower's results." }
      )
    ),
    correlationId: Type.Optional(Type.String({ description: "Correlation id of the request, when the service sends the event bare." })),
    error_code: Type.Optional(Type.String({ description: "Machine-readable error code of an error event." }))
  },
  { $id: "SuperpowerEvent", additionalProperties: true, description: "A superpower's progress or result, as documented (bare form)." }
)
export type SuperpowerEvent = Type.Static<typeof SuperpowerEvent>

/** Headers of a wrapped response; `protocolFacts` holds the two `schemaRef`s. */
export const ResponseHeaders = Type.Object(
  {
    correlationId: Type.Optional(Type.String({ description: "Correlation id of the request this answers." })),
    schemaRef: Type.Optional(Type.String({ description: "optave.response.v3 for results, optave.error.v3 for errors." })),
    traceId: Type.Optional(Type.String({ description: "Trace id of the request this answers, when the service echoes it." }))
  },
  { $id: "ResponseHeaders", additionalProperties: true, description: "Headers of a wrapped response; other headers are passed through." }
)

export const ResponseEnvelope = Type.Object(
  {
    action: Type.Literal("message", { description: "Always \"message\" for wrapped responses." }),
    headers: ResponseHeaders,
    payload: SuperpowerEvent
  },
  { $id: "ResponseEnvelope", additionalProperties: true, description: "A superpower event wrapped with correlation headers." }
)
export type ResponseEnvelope = Type.Static<typeof ResponseEnvelope>

export const InboundFrame = Type.Union([ResponseEnvelope, SuperpowerEvent], {
  $id: "InboundFrame",
  description: "Any frame the service sends: a wrapped or a bare superpower event."
})
export type InboundFrame = Type.Static<typeof InboundFrame>

/** The REST answer: one event, or (inferred) an array of events. */
export const RestResponseBody = Type.Union([SuperpowerEvent, Type.Array(SuperpowerEvent, { description: "Several events." })], {
  $id: "RestResponseBody",
  description: "Body of a 200/201 REST answer."
})
export type RestResponseBody = Type.Static<typeof RestResponseBody>
