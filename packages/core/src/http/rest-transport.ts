import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { ResolvedConfig } from "../config/client-config.ts"
import { exchangeBounded, statusFailure } from "./bounded-fetch.ts"
import { AuthError, ProtocolError, type OptaveError } from "../errors.ts"
import type { SuperpowerEvent } from "../generated/types.ts"
import { documentedResultIssues } from "../results/documented-results.ts"
import { validateRestResponseBody } from "#validators"
import type { PlatformShape } from "../platform.ts"
import { withRetries, type RetryOptions } from "../request/retry-policy.ts"
import { parseJsonSafely } from "../inbound/safe-json.ts"
import { isRecoverableTokenFailure } from "../auth/token-failure.ts"
import type { TokenSource } from "../auth/token-source.ts"
import { failureFields } from "../observability/client-log.ts"
import { keepFirstIssues } from "../validation-issue.ts"
import { eventText } from "../request/superpower-state.ts"

export interface RestCall {
  readonly restPath: string
  /** The JSON body: the bare payload `{ session, request }`. */
  readonly body: string
  readonly idempotencyKey: string
  readonly correlationId: string
  readonly retry: RetryOptions
  /** Clock time the request's budget runs out: a server's wait that ends later is not waited for. */
  readonly deadline: number
  /** A traced request's W3C `traceparent`, sent as the HTTP header of that name. */
  readonly traceparent?: string | undefined
  /** Called at each HTTP attempt of a traced request. */
  readonly onAttempt?: (() => void) | undefined
}

/** Reads the events out of a REST answer (one event, or an array of them); `undefined` text: too large. */
const readEvents = (text: string | undefined, maxBytes: number): ReadonlyArray<SuperpowerEvent> | ProtocolError => {
  if (text === undefined) return new ProtocolError({ code: "FRAME_TOO_LARGE", reason: `response is larger than ${maxBytes} bytes` })
  let body: unknown
  try {
    body = parseJsonSafely(text)
  } catch {
    return new ProtocolError({ code: "INVALID_JSON", reason: "response body is not valid JSON" })
  }
  const issues = validateRestResponseBody(body)
  if (issues.length > 0) return new ProtocolError({ code: "INVALID_RESPONSE", reason: "response body is not a superpower event", ...keepFirstIssues(issues) })
  const events = Array.isArray(body) ? (body as ReadonlyArray<SuperpowerEvent>) : [body as SuperpowerEvent]
  for (const event of events) {
    const contentIssues = documentedResultIssues(event)
    if (contentIssues.length > 0) {
      return new ProtocolError({ code: "INVALID_RESPONSE", reason: `${event.actionType} results do not have their documented shape`, ...keepFirstIssues(contentIssues) })
    }
  }
  return events
}

/**
 * `POST {restUrl}{restPath}` with a bearer token and the payload as JSON. Retries what the
 * policy allows (network errors, 408, 409, 429, 5xx, honouring `Retry-After` when it fits
 * `maxDelayMs` and the request's time left) with the same `Idempotency-Key` on every attempt; a
 * 401 refreshes the token and tries once more. Each attempt (headers and body) is bounded by
 * `attemptMs` and its body by `maxFrameBytes`; a redirect is refused, never followed.
 */
export const makeRestTransport = (config: ResolvedConfig, platform: PlatformShape, tokens: TokenSource, random: () => number = Math.random) => {
  const url = (call: RestCall) => config.restUrl + call.restPath
  const onRetry = (call: RestCall) => config.log.info && ((error: OptaveError, delayMs: number, retryNumber: number) =>
    config.log.info?.("retry", { transport: "rest", correlationId: call.correlationId, retry: retryNumber, delayMs, ...failureFields(error) }))
  const attempt = (call: RestCall): Effect.Effect<ReadonlyArray<SuperpowerEvent>, OptaveError> =>
    Effect.gen(function* () {
      call.onAttempt?.()
      // A token fetch that timed out, or failed for a reason that may pass (a 5xx, an unreachable
      // endpoint, a provider that threw), is asked again as the policy retries (backoff, at most
      // `maxRetries` times) while the request has time left, as a reconnecting socket does: nothing
      // was sent yet. Callers that wait together share one fetch (`restToken` is single-flight).
      const token = yield* withRetries(tokens.restToken, call.retry, random, onRetry(call), isRecoverableTokenFailure, call.deadline)
      const response = yield* exchangeBounded(platform, {
        url: url(call),
        init: {
          method: "POST",
          headers: {
            authorization: `Bearer ${Redacted.value(token)}`,
            "content-type": "application/json",
            accept: "application/json",
            "idempotency-key": call.idempotencyKey,
            "x-correlation-id": call.correlationId,
            ...(call.traceparent === undefined ? {} : { traceparent: call.traceparent })
          },
          body: call.body
        },
        maxBytes: config.maxFrameBytes,
        attemptMs: config.timeouts.attemptMs,
        target: url(call)
      })
      if (response.status === 401 || response.status === 403) {
        tokens.invalidate(token)
        return yield* Effect.fail(new AuthError({ code: "TOKEN_REJECTED", reason: `the server answered ${response.status}`, status: response.status }))
      }
      if (response.status < 200 || response.status > 299) {
        const now = yield* Clock.currentTimeMillis
        // A refusal that carries an error event (e.g. the service's own validation) keeps its message.
        const events = readEvents(response.text, config.maxFrameBytes)
        const detail = Array.isArray(events) ? events.map(eventText).find((text) => text !== undefined) : undefined
        return yield* Effect.fail(statusFailure(response, { target: url(call), now, maxDelayMs: call.retry.maxDelayMs, timeLeftMs: call.deadline - now, detail }))
      }
      const events = readEvents(response.text, config.maxFrameBytes)
      if (!Array.isArray(events)) return yield* Effect.fail(events as ProtocolError)
      return events
    })

  const withAuthRetry = (call: RestCall) =>
    Effect.catch(attempt(call), (error) =>
      error._tag === "AuthError" && error.code === "TOKEN_REJECTED" && config.auth._tag !== "Static" ? attempt(call) : Effect.fail(error)
    )

  return {
    send: (call: RestCall) =>
      withRetries(withAuthRetry(call), call.retry, random, onRetry(call))
  }
}

export type RestTransport = ReturnType<typeof makeRestTransport>
