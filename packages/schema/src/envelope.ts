import Type from "typebox"
import { IsoTimestamp } from "./iso-timestamp.ts"

export const SCHEMA_REF = "optave.message.v3"

export const EnvelopeHeaders = Type.Object(
  {
    correlationId: Type.String({ minLength: 1, description: "Routes the response events back to this request: the caller's override, else a fresh UUID v7 per logical request (the official schema wants a UUID v7 here; request.requestId no longer doubles as it)." }),
    traceId: Type.Optional(Type.String({ minLength: 1, description: "Distributed-tracing id: the caller's override, else a fresh UUID v7 (always sent by this client)." })),
    idempotencyKey: Type.Optional(Type.String({ minLength: 1, description: "One key per logical request, the same on every retry and resend, so the service executes it once (always sent by this client)." })),
    identifier: Type.Optional(Type.Literal("message", { description: "Always \"message\" (always sent by this client)." })),
    action: Type.String({ minLength: 1, description: "The action's wire name, e.g. insights (lowercase customerinteraction for the deprecated alias)." }),
    schemaRef: Type.String({ pattern: "^optave\\.message\\.v\\d+$", description: "The protocol schema version: optave.message.v3." }),
    sdkVersion: Type.Optional(Type.String({ minLength: 1, description: "Version of the official SDK that built the envelope; \"none\" for other clients, as the API docs ask (always sent by this client)." })),
    issuedAt: Type.Optional({ ...IsoTimestamp, description: "When the envelope was built (ISO 8601; always sent by this client)." }),
    tenantId: Type.Optional(Type.String({ minLength: 1, description: "Your tenant id; sent only when configured." })),
    timestamp: Type.Optional({ ...IsoTimestamp, description: "A caller-supplied timestamp; sent only when given, never made up." }),
    networkLatencyMs: Type.Optional(Type.Number({ minimum: 0, description: "A caller-measured network latency in milliseconds; sent only when given." })),
    traceparent: Type.Optional(
      Type.String({
        pattern: "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
        description:
          "W3C Trace Context `traceparent` (version 00) of the client's span for this request; sent only when the request is traced. Inferred: the service documents no trace header, and traceId must be a UUID v7, which a 32-hex W3C trace id does not fit (its version and variant bits are fixed), so the trace context travels here, in the open headers, and traceId is left as it was."
      })
    )
  },
  {
    $id: "EnvelopeHeaders",
    description:
      "Headers of a WebSocket request envelope. Required as in the official schema (correlationId, action, schemaRef), so the docs' own frame (no issuedAt) is accepted; other headers pass through."
  }
)
export type EnvelopeHeaders = Type.Static<typeof EnvelopeHeaders>

export const RequestEnvelope = Type.Object(
  {
    action: Type.Literal("message", { description: "Always \"message\" for requests." }),
    headers: EnvelopeHeaders,
    payload: Type.Record(Type.String(), Type.Unknown(), { description: "The action's payload { session, request }, validated against the action's own schema." })
  },
  { $id: "RequestEnvelope", description: "What the client sends over the WebSocket for one request (open, as the official schema)." }
)
export type RequestEnvelope = Type.Static<typeof RequestEnvelope>
