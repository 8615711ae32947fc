import type { Overrides } from "./config/client-config.ts"
import { isPositiveNumber } from "./config/client-config.ts"
import type { RetryOptions } from "./request/retry-policy.ts"
import type { ValidationIssue } from "./validation-issue.ts"

/** Per-call options of every action (Effect API). */
export interface RequestOptions {
  /**
   * Correlation id for this request (routes its answers); default a fresh UUID v7 per logical
   * request. `request.requestId` is not used for it. Give a UUID v7 to satisfy the official schema.
   */
  readonly correlationId?: string | undefined
  /** Trace id; default a fresh UUID v7. */
  readonly traceId?: string | undefined
  /** Idempotency key; default a fresh UUID v7, kept across every retry and resend. */
  readonly idempotencyKey?: string | undefined
  /** A timestamp to send in the envelope (ISO 8601). Never made up when absent. */
  readonly timestamp?: string | undefined
  /** A measured network latency to send in the envelope. */
  readonly networkLatencyMs?: number | undefined
  /** `ws` (default) streams superpowers over the shared socket; `rest` POSTs to `/message/{action}`. */
  readonly transport?: "ws" | "rest" | undefined
  /** Overall deadline for the request, from call to last superpower. */
  readonly timeoutMs?: number | undefined
  /** How long to wait for the next event once the request was sent (or resent after a reconnect) before giving up on missing superpowers. */
  readonly settleTimeoutMs?: number | undefined
  /** Superpowers to wait for instead of the catalog's (for undocumented actions). */
  readonly expectedSuperpowers?: ReadonlyArray<string> | undefined
  /** Retry policy overrides for this call. */
  readonly retry?: Overrides<RetryOptions> | undefined
}

/** Per-call options of the Promise API: the Effect options plus an `AbortSignal`. */
export interface PromiseRequestOptions extends RequestOptions {
  /** Aborting stops retries, drops the request from the resend set and sends nothing more for it. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Checks the per-call limits with the client's own rules (`timeouts`, `retry`): a `timeoutMs` of
 * `NaN` would never settle and a `maxRetries` of `Infinity` would never stop. Empty when fine.
 */
export const checkRequestLimits = (options: RequestOptions | undefined): ReadonlyArray<ValidationIssue> => {
  if (options === undefined) return []
  const issues: Array<ValidationIssue> = []
  const positive = (path: string, value: unknown, allowZero = false) => {
    if (value !== undefined && !isPositiveNumber(value, allowZero)) issues.push({ path, message: `must be a finite ${allowZero ? "non-negative" : "positive"} number` })
  }
  positive("options.timeoutMs", options.timeoutMs)
  positive("options.settleTimeoutMs", options.settleTimeoutMs)
  if (options.retry !== undefined) {
    if (options.retry === null || typeof options.retry !== "object") issues.push({ path: "options.retry", message: "must be an object" })
    else {
      positive("options.retry.maxRetries", options.retry.maxRetries, true)
      positive("options.retry.baseDelayMs", options.retry.baseDelayMs)
      positive("options.retry.maxDelayMs", options.retry.maxDelayMs)
      if (isPositiveNumber(options.retry.maxRetries, true) && !Number.isInteger(options.retry.maxRetries)) {
        issues.push({ path: "options.retry.maxRetries", message: "must be a whole number" })
      }
    }
  }
  if (options.transport !== undefined && options.transport !== "ws" && options.transport !== "rest") {
    issues.push({ path: "options.transport", message: 'must be "ws" or "rest"' })
  }
  if (
    options.expectedSuperpowers !== undefined &&
    (!Array.isArray(options.expectedSuperpowers) || options.expectedSuperpowers.length === 0 || options.expectedSuperpowers.some((name) => typeof name !== "string" || name === ""))
  ) {
    issues.push({ path: "options.expectedSuperpowers", message: "must be a non-empty array of superpower names" })
  }
  return issues
}
