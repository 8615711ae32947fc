import { SCHEMA_REF } from "../generated/protocol.ts"
import type { EnvelopeHeaders } from "../generated/types.ts"
import type { RequestOptions } from "../request-options.ts"

// The protocol version this client speaks is a schema fact (`protocolFacts`), emitted by codegen.
export { SCHEMA_REF }

export interface EnvelopeSettings {
  readonly sdkVersion: string
  readonly tenantId: string | undefined
}

/** The headers this client always sends (the schema, like the official one, requires fewer). */
export type SentHeaders = EnvelopeHeaders & {
  readonly traceId: string
  readonly idempotencyKey: string
  readonly identifier: "message"
  readonly sdkVersion: string
  readonly issuedAt: string
}

export interface RequestEnvelope {
  readonly action: "message"
  readonly headers: SentHeaders
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
 * The payload as sent: the caller's, with the least the official envelope schema requires filled
 * in (an empty `session` object when absent, `request.requestId` = the correlation id when absent)
 * and nothing else; the official client's placeholder defaults are never added. The
 * caller's object is returned as is when nothing is missing, and never mutated.
 */
const completePayload = (payload: unknown, correlationId: string): unknown => {
  if (typeof payload !== "object" || payload === null) return payload
  const given = payload as { readonly session?: unknown; readonly request?: unknown }
  const request = given.request
  const hasSession = given.session !== undefined
  const requestId = typeof request === "object" && request !== null ? (request as { readonly requestId?: unknown }).requestId : undefined
  const hasRequestId = requestId !== undefined
  if (hasSession && hasRequestId) return payload
  return {
    ...given,
    ...(hasSession ? {} : { session: {} }),
    ...(hasRequestId || typeof request !== "object" || request === null ? {} : { request: { ...request, requestId: correlationId } })
  }
}

/**
 * Builds the WebSocket envelope (`packages/schema/src/envelope.ts` describes each header): correlationId = the caller's
 * override, else a fresh UUID v7 per logical request (`request.requestId` no longer doubles as
 * it: the official schema wants a UUID v7 there, and a reused requestId must not route an earlier
 * request's late answer to a new one); traceId and idempotencyKey = override, else a fresh UUID
 * v7 each; `tenantId`, `timestamp`, `networkLatencyMs` and `traceparent` only when given. The payload is
 * `completePayload`'s; the caller's options never leak into it.
 */
export const makeEnvelope = (
  wireName: string,
  payload: unknown,
  options: RequestOptions | undefined,
  settings: EnvelopeSettings,
  nowMs: number,
  newId: (nowMs: number) => string,
  traceparent?: string
): RequestEnvelope => {
  const correlationId = options?.correlationId ?? newId(nowMs)
  const headers: {
    -readonly [K in keyof SentHeaders]: SentHeaders[K]
  } = {
    correlationId,
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
  // A traced request's span context (request-span.ts); traceId stays the caller's or a fresh UUID v7.
  if (traceparent !== undefined) headers.traceparent = traceparent
  return { action: "message", headers, payload: completePayload(payload, correlationId) }
}
