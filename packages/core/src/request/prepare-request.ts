import type { ResolvedConfig } from "../config/client-config.ts"
import { makeEnvelope, SCHEMA_REF } from "./envelope.ts"
import { ValidationError, type OptaveError } from "../errors.ts"
import { actionRoutes, payloadValidators, type ActionName } from "../generated/catalog.ts"
import { validateEnvelopeHeaders } from "#validators"
import { serializeJson } from "./json-serialization.ts"
import { checkRequestLimits, type RequestOptions } from "../request-options.ts"
import type { RetryOptions } from "./retry-policy.ts"

// A request before it goes out: its payload and options checked, its envelope made and
// serialized once (the frame is resent verbatim), its budgets resolved from options and config.
// It keeps the serialized text and the two header ids it needs, never the envelope or the
// caller's payload: a pending request would otherwise hold the payload's whole object graph
// next to its frame until it ends (thousands may be pending; see BENCHMARKS.md, ws.send).

/** A validated, serialized request, ready for either transport. */
export interface Prepared {
  readonly action: ActionName
  /** The envelope's correlation id (routes the answers). */
  readonly correlationId: string
  /** The envelope's idempotency key (the REST header). */
  readonly idempotencyKey: string
  /** The envelope's trace id (a traced request's span attribute). */
  readonly traceId: string
  /**
   * The serialized body (REST: a string) or frame (WebSocket: the platform's UTF-8 bytes when it
   * has `encodeFrame`, kept outside the JS heap, else the string). Busy retries and resends reuse it.
   */
  readonly text: string | Uint8Array
  readonly now: number
  readonly timeoutMs: number
  readonly settleMs: number
  readonly restPath: string
  readonly transport: "ws" | "rest"
  readonly expected: ReadonlyArray<string>
  readonly retry: RetryOptions
}

const OVERRIDABLE_HEADERS = ["correlationId", "traceId", "idempotencyKey"] as const

const checkHeaderOverrides = (options: RequestOptions | undefined): ValidationError | undefined => {
  if (options === undefined) return undefined
  // Made at the first issue: a request with valid options allocates nothing here.
  let issues: Array<{ path: string; message: string }> | undefined
  for (const key of OVERRIDABLE_HEADERS) {
    const value = options[key]
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) (issues ??= []).push({ path: `options.${key}`, message: "must be a non-empty string" })
  }
  if (options.timestamp !== undefined || options.networkLatencyMs !== undefined) {
    // Reuse the envelope schema for the optional headers the caller supplies.
    const probe = {
      correlationId: "x",
      traceId: "x",
      idempotencyKey: "x",
      identifier: "message",
      action: "x",
      schemaRef: SCHEMA_REF,
      sdkVersion: "x",
      issuedAt: "2000-01-01T00:00:00Z",
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      ...(options.networkLatencyMs === undefined ? {} : { networkLatencyMs: options.networkLatencyMs })
    }
    for (const issue of validateEnvelopeHeaders(probe)) (issues ??= []).push({ path: `options.${issue.path}`, message: issue.message })
  }
  return issues === undefined ? undefined : new ValidationError({ issues })
}

/** Everything a request needs before it goes out; a failure here means nothing was sent. */
export const makePrepare =
  (resolved: ResolvedConfig, now: () => number, newId: (nowMs: number) => string, encodeFrame?: (text: string) => Uint8Array) => {
  // The client's validation options, made once (not an object per request).
  const validation = { strict: resolved.refuseUnknownProperties }
  return (action: ActionName, payload: unknown, options: RequestOptions | undefined, traceparent?: string): Prepared | OptaveError => {
    // Validate first: an invalid payload fails here and nothing is sent.
    const validator = payloadValidators[action]
    if (validator === undefined) return new ValidationError({ issues: [{ path: "action", message: `unknown action ${String(action)}` }] })
    const issues = validator(payload, validation)
    if (issues.length > 0) return new ValidationError({ action, issues })
    const optionsError = checkHeaderOverrides(options)
    if (optionsError !== undefined) return optionsError
    const limitIssues = checkRequestLimits(options)
    if (limitIssues.length > 0) return new ValidationError({ issues: limitIssues })
    const definition = actionRoutes[action]
    const issuedAt = now()
    const transport = options?.transport ?? resolved.transport
    // The correlation id is fresh unless the caller chose one (a reused requestId never collides);
    // a chosen one that belongs to a request which ended unanswered is refused by the session.
    const envelope = makeEnvelope(definition.wireName, payload, options, resolved, issuedAt, newId, traceparent)
    const timeoutMs = options?.timeoutMs ?? resolved.timeouts.requestMs
    // Serialized here, so a value JSON cannot carry (a bigint, a cycle) is a ValidationError
    // with its path, and the frame is made once and resent verbatim.
    const text = transport === "rest" ? serializeJson(envelope.payload) : serializeJson(envelope, envelope.payload)
    if (typeof text !== "string") return new ValidationError({ action, issues: [text] })
    return {
      action,
      correlationId: envelope.headers.correlationId,
      idempotencyKey: envelope.headers.idempotencyKey,
      traceId: envelope.headers.traceId,
      text: transport === "ws" && encodeFrame !== undefined ? encodeFrame(text) : text,
      now: issuedAt,
      timeoutMs,
      restPath: definition.restPath,
      transport,
      expected: options?.expectedSuperpowers ?? resolved.expectedSuperpowers[action] ?? definition.superpowers,
      settleMs: options?.settleTimeoutMs ?? resolved.timeouts.settleMs,
      // The client's policy object itself unless the call overrides it (no copy per request).
      retry:
        options?.retry === undefined
          ? resolved.retry
          : {
              maxRetries: options.retry.maxRetries ?? resolved.retry.maxRetries,
              baseDelayMs: options.retry.baseDelayMs ?? resolved.retry.baseDelayMs,
              maxDelayMs: options.retry.maxDelayMs ?? resolved.retry.maxDelayMs
            }
    }
  }
}
