import { actionCatalog, type ActionName } from "./actions.ts"
import { RequestEnvelope } from "./envelope.ts"
import { InboundFrame, ResponseEnvelope, RestResponseBody, SuperpowerEvent } from "./superpower-event.ts"
import { TokenResponse } from "./token.ts"

// TypeBox schemas are JSON Schema already; a JSON round trip drops TypeBox's symbol keys so
// what callers get is a plain, serialisable document (draft 2020-12 compatible).
const toDocument = (schema: object): Record<string, unknown> => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  ...(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>)
})

/** JSON Schema documents of every action's payload, keyed by action name. */
export const payloadJsonSchemas = Object.fromEntries(
  Object.entries(actionCatalog).map(([name, definition]) => [name, toDocument(definition.payload)])
) as Record<ActionName, Record<string, unknown>>

/** JSON Schema documents of the envelope, events and token response. */
export const protocolJsonSchemas = {
  RequestEnvelope: toDocument(RequestEnvelope),
  SuperpowerEvent: toDocument(SuperpowerEvent),
  ResponseEnvelope: toDocument(ResponseEnvelope),
  InboundFrame: toDocument(InboundFrame),
  RestResponseBody: toDocument(RestResponseBody),
  TokenResponse: toDocument(TokenResponse)
} as const
