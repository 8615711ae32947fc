import type { Overrides } from "./client-config.ts"
import type { RetryOptions } from "./retry-policy.ts"

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
  /** How long to wait for the next event once the request was sent before giving up on missing superpowers. */
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
