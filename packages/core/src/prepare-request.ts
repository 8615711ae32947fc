import type { ResolvedConfig } from "./client-config.ts"
import { makeEnvelope, SCHEMA_REF, type RequestEnvelope } from "./envelope.ts"
import { ValidationError, type OptaveError } from "./errors.ts"
import { actionRoutes, payloadValidators, type ActionName } from "./generated/catalog.ts"
import { validateEnvelopeHeaders } from "#validators"
import { serializeJson } from "./json-serialization.ts"
import { checkRequestLimits, type RequestOptions } from "./request-options.ts"
import type { RetryOptions } from "./retry-policy.ts"

// A request before it goes out: its payload and options checked, its envelope made and
// serialized once (the frame is resent verbatim), its budgets resolved from options and config.

/** A validated request with its envelope, ready for either transport. */
export interface Prepared {
  readonly action: ActionName
  readonly envelope: RequestEnvelope
  /** The serialized frame (WebSocket) or body (REST). */
  readonly text: string
  readonly now: number
  readonly timeoutMs: number
  readonly settleMs: number
  readonly restPath: string
  readonly transport: "ws" | "rest"
  readonly expected: ReadonlyArray<string>
  readonly retry: RetryOptions
}

const checkHeaderOverrides = (options: RequestOptions | undefined): ValidationError | undefined => {
  if (options === undefined) return undefined
  const issues: Array<{ path: string; message: string }> = []
  for (const key of ["correlationId", "traceId", "idempotencyKey"] as const) {
    const value = options[key]
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) issues.push({ path: `options.${key}`, message: "must be a non-empty string" })
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
    for (const issue of validateEnvelopeHeaders(probe)) issues.push({ path: `options.${issue.path}`, message: issue.message })
  }
  return issues.length > 0 ? new ValidationError({ issues }) : undefined
}

/** Everything a request needs before it goes out; a failure here means nothing was sent. */
export const makePrepare =
  (resolved: ResolvedConfig, now: () => number, newId: (nowMs: number) => string) =>
  (action: ActionName, payload: unknown, options: RequestOptions | undefined): Prepared | OptaveError => {
    // Validate first: an invalid payload fails here and nothing is sent.
    const validator = payloadValidators[action]
    if (validator === undefined) return new ValidationError({ issues: [{ path: "action", message: `unknown action ${String(action)}` }] })
    const issues = validator(payload, { strict: resolved.refuseUnknownProperties })
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
    const envelope = makeEnvelope(definition.wireName, payload, options, resolved, issuedAt, newId)
    const timeoutMs = options?.timeoutMs ?? resolved.timeouts.requestMs
    // Serialized here, so a value JSON cannot carry (a bigint, a cycle) is a ValidationError
    // with its path, and the frame is made once and resent verbatim.
    const text = transport === "rest" ? serializeJson(envelope.payload) : serializeJson(envelope, envelope.payload)
    if (typeof text !== "string") return new ValidationError({ action, issues: [text] })
    return {
      action,
      envelope,
      text,
      now: issuedAt,
      timeoutMs,
      restPath: definition.restPath,
      transport,
      expected: options?.expectedSuperpowers ?? resolved.expectedSuperpowers[action] ?? definition.superpowers,
      settleMs: options?.settleTimeoutMs ?? resolved.timeouts.settleMs,
      retry: {
        maxRetries: options?.retry?.maxRetries ?? resolved.retry.maxRetries,
        baseDelayMs: options?.retry?.baseDelayMs ?? resolved.retry.baseDelayMs,
        maxDelayMs: options?.retry?.maxDelayMs ?? resolved.retry.maxDelayMs
      }
    }
  }
