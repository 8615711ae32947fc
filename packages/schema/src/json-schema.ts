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

/**
 * A record whose values are built on first read and kept, so that importing this entry does no
 * work (a JSON round trip per schema); the properties are enumerable, so spreading, `Object.keys`
 * and `JSON.stringify` see every document.
 */
const builtOnRead = <K extends string>(sources: Readonly<Record<K, object>>): Record<K, Record<string, unknown>> => {
  const record = {} as Record<K, Record<string, unknown>>
  for (const key of Object.keys(sources) as Array<K>) {
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        const document = toDocument(sources[key])
        Object.defineProperty(record, key, { value: document, enumerable: true, configurable: false, writable: false })
        return document
      }
    })
  }
  return record
}

/** JSON Schema documents of every action's payload, keyed by action name. */
export const payloadJsonSchemas: Record<ActionName, Record<string, unknown>> = builtOnRead(
  Object.fromEntries(Object.entries(actionCatalog).map(([name, definition]) => [name, definition.payload])) as Record<ActionName, object>
)

/** JSON Schema documents of the envelope, events and token response. */
export const protocolJsonSchemas: {
  readonly [K in "RequestEnvelope" | "SuperpowerEvent" | "ResponseEnvelope" | "InboundFrame" | "RestResponseBody" | "TokenResponse"]: Record<string, unknown>
} = builtOnRead({ RequestEnvelope, SuperpowerEvent, ResponseEnvelope, InboundFrame, RestResponseBody, TokenResponse })
