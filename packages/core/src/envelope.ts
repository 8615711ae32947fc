import type { EnvelopeHeaders } from "./generated/types.ts"
import type { RequestOptions } from "./request-options.ts"

/** `optave.message.v<major>` of the protocol spec this client speaks. */
export const SCHEMA_REF = "optave.message.v3"

export interface EnvelopeSettings {
  readonly sdkVersion: string
  readonly tenantId: string | undefined
}

export interface RequestEnvelope {
  readonly action: "message"
  readonly headers: EnvelopeHeaders
  readonly payload: unknown
}

// Requests built in the same millisecond share one ISO string: formatting a date is a
// measurable share of building an envelope on the hot path.
let lastIssuedAtMs = Number.NaN
let lastIssuedAt = ""
const isoTime = (nowMs: number): string => {
  if (nowMs !== lastIssuedAtMs) {
    lastIssuedAtMs = nowMs
    lastIssuedAt = new Date(nowMs).toISOString()
  }
  return lastIssuedAt
}

/**
 * Builds the WebSocket envelope with the header rules of the official client (PROTOCOL.md):
 * correlationId = override, else `request.requestId`, else a new UUID v7; traceId and
 * idempotencyKey = override, else new UUID v7 each; `tenantId`, `timestamp` and
 * `networkLatencyMs` only when given. Absent fields are left out, never padded, and the caller's
 * options never leak into the payload.
 */
export const makeEnvelope = (
  wireName: string,
  payload: { readonly request?: { readonly requestId?: string } },
  options: RequestOptions | undefined,
  settings: EnvelopeSettings,
  nowMs: number,
  newId: (nowMs: number) => string
): RequestEnvelope => {
  const requestId = payload.request?.requestId
  const headers: {
    -readonly [K in keyof EnvelopeHeaders]: EnvelopeHeaders[K]
  } = {
    correlationId: options?.correlationId ?? (requestId !== undefined && requestId !== "" ? requestId : newId(nowMs)),
    traceId: options?.traceId ?? newId(nowMs),
    idempotencyKey: options?.idempotencyKey ?? newId(nowMs),
    identifier: "message",
    action: wireName,
    schemaRef: SCHEMA_REF,
    sdkVersion: settings.sdkVersion,
    issuedAt: isoTime(nowMs)
  }
  if (settings.tenantId !== undefined) headers.tenantId = settings.tenantId
  if (options?.timestamp !== undefined) headers.timestamp = options.timestamp
  if (typeof options?.networkLatencyMs === "number") headers.networkLatencyMs = options.networkLatencyMs
  return { action: "message", headers, payload }
}
