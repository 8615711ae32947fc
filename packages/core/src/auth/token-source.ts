import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import { exchangeBounded, statusFailure } from "../http/bounded-fetch.ts"
import type { ResolvedAuth, Timeouts } from "../config/client-config.ts"
import { AuthError, TransportError, type TimeoutError } from "../errors.ts"
import type { PlatformShape } from "../platform.ts"
import { failureFields, silentLog, type ClientLog } from "../observability/client-log.ts"
import { withRetries, type RetryOptions } from "../request/retry-policy.ts"
import { parseJsonSafely } from "../inbound/safe-json.ts"
import { makeTokenRequest } from "./token-request.ts"
import { DEFAULT_TOKEN_LIFETIME_MS, readTokenResponse } from "./token-response.ts"

/** Refresh a cached REST token this long before the server says it expires... */
const EXPIRY_SKEW_MS = 30_000
/** ...or, for a short-lived token, once this fraction of its life has passed. */
const SHORT_LIFE_REFRESH_FRACTION = 0.5
/** A token endpoint's answer is a few hundred bytes; more is refused unread. */
const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024

/** How long a token is used before the next one is fetched: `lifetimeMs` less a skew, never less than half of it. */
export const cacheLifetimeMs = (lifetimeMs: number): number =>
  Math.max(lifetimeMs - EXPIRY_SKEW_MS, lifetimeMs * SHORT_LIFE_REFRESH_FRACTION)

/**
 * A token travels in an HTTP header (`Authorization`, `Sec-WebSocket-Protocol`): only visible
 * ASCII fits (RFC 9110 §5.5 field values; RFC 6750 b64token is narrower still). Anything else is
 * refused before use, because a platform's header error quotes the value it refused.
 */
const isHeaderSafeToken = (token: string): boolean => /^[\x21-\x7e]+$/.test(token)

export interface TokenSource {
  /** A fresh token for one WebSocket connection (the service accepts each token for one connection). */
  readonly socketToken: Effect.Effect<Redacted.Redacted<string>, AuthError>
  /** A REST token, cached until shortly before it expires; one fetch in flight however many callers wait. */
  readonly restToken: Effect.Effect<Redacted.Redacted<string>, AuthError>
  /** Forget a REST token the server refused (401), so the next `restToken` fetches a new one. */
  readonly invalidate: (token: Redacted.Redacted<string>) => void
  /** How many tokens were obtained from the provider or endpoint (diagnostics and tests). */
  readonly fetchCount: () => number
  /** How many token acquisitions failed, timed out or gave an unusable token. */
  readonly failureCount: () => number
  /** Abandons a token fetch in flight (the client is closing): no timer or request outlives it. */
  readonly close: Effect.Effect<void>
}

/** The provider's own words, bounded: its message (or the thrown value) in the reason, the error itself as `cause`. */
const PROVIDER_MESSAGE_CHARS = 300
const providerFailed = (cause: unknown) => {
  const said = cause instanceof Error ? `${cause.name}: ${cause.message}` : typeof cause === "string" ? cause : typeof cause
  return new AuthError({
    code: "TOKEN_PROVIDER_FAILED",
    reason: `tokenProvider threw or rejected (${said.length > PROVIDER_MESSAGE_CHARS ? `${said.slice(0, PROVIDER_MESSAGE_CHARS)}...` : said})`,
    cause
  })
}

interface FreshToken {
  readonly token: Redacted.Redacted<string>
  readonly lifetimeMs: number
}

export const makeTokenSource = (
  auth: ResolvedAuth,
  platform: PlatformShape,
  retry: RetryOptions,
  timeouts: Timeouts,
  log: ClientLog = silentLog,
  random: () => number = Math.random
): TokenSource => {
  let fetched = 0
  let failed = 0

  const fromProvider = (provide: () => string | Promise<string>): Effect.Effect<FreshToken, AuthError> =>
    Effect.tryPromise({ try: async () => provide(), catch: providerFailed }).pipe(
      Effect.flatMap((token) =>
        typeof token === "string" && token.length > 0
          ? Effect.succeed({ token: Redacted.make(token), lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS })
          : Effect.fail(new AuthError({ code: "TOKEN_MISSING", reason: "tokenProvider returned an empty or non-string token" }))
      )
    )

  const fromEndpoint = (credentials: Extract<ResolvedAuth, { readonly _tag: "ClientCredentials" }>) => {
    const request = makeTokenRequest(credentials.tokenUrl, credentials.clientId, Redacted.value(credentials.clientSecret), credentials.credentialsTransport)
    // Redirects refused (never followed: a 307 would re-send the secret elsewhere), body bounded,
    // headers and body within one attempt's time.
    const target = "token endpoint"
    const attempt = Effect.gen(function* () {
      const response = yield* exchangeBounded(platform, {
        url: request.url,
        init: { method: "POST", headers: { ...request.headers }, ...(request.body === undefined ? {} : { body: request.body }) },
        maxBytes: TOKEN_RESPONSE_MAX_BYTES,
        attemptMs: Math.min(timeouts.attemptMs, timeouts.tokenMs),
        target
      })
      if (response.status < 200 || response.status > 299) {
        const now = yield* Clock.currentTimeMillis
        return yield* Effect.fail(statusFailure(response, { target, now, maxDelayMs: retry.maxDelayMs, timeLeftMs: timeouts.tokenMs }))
      }
      const text = response.text
      if (text === undefined) {
        return yield* Effect.fail(new TransportError({ code: "NETWORK", reason: `the token endpoint sent more than ${TOKEN_RESPONSE_MAX_BYTES} bytes`, retryable: false }))
      }
      let json: unknown
      try {
        json = parseJsonSafely(text)
      } catch {
        return yield* Effect.fail(new TransportError({ code: "HTTP_STATUS", status: response.status, reason: "the token endpoint's answer is not JSON", retryable: false }))
      }
      const read = readTokenResponse(json)
      if ("refused" in read) {
        // The wrong token type is final and says so; a malformed answer is the endpoint's failure.
        if (read.refused === "token-type") return yield* Effect.fail(new AuthError({ code: "TOKEN_INVALID", reason: read.reason }))
        return yield* Effect.fail(new TransportError({ code: "HTTP_STATUS", status: response.status, reason: read.reason, retryable: false }))
      }
      if (read.clamped !== undefined) {
        log.warn?.("token-lifetime", { expiresIn: read.clamped.expiresIn, why: read.clamped.why, usedMs: read.lifetimeMs })
      }
      return { token: Redacted.make(read.accessToken), lifetimeMs: read.lifetimeMs } satisfies FreshToken
    })
    const onRetry = log.info && ((error: TransportError | TimeoutError | AuthError, delayMs: number, retryNumber: number) =>
      log.info?.("retry", { target: "token", retry: retryNumber, delayMs, ...failureFields(error) }))
    return Effect.catch(withRetries(attempt, retry, random, onRetry), (error) =>
      Effect.fail(
        error._tag === "AuthError"
          ? error
          : new AuthError({
              code: "TOKEN_ENDPOINT_FAILED",
              reason: `could not obtain a token: ${error._tag === "TransportError" ? error.reason : error.message}`,
              ...(error._tag === "TransportError" && error.status !== undefined ? { status: error.status } : {})
            })
      )
    )
  }

  const acquire: Effect.Effect<FreshToken, AuthError> = Effect.suspend(() => {
    switch (auth._tag) {
      case "Static":
        return Effect.succeed({ token: auth.token, lifetimeMs: Number.POSITIVE_INFINITY })
      case "Provider":
        return fromProvider(auth.provide)
      case "ClientCredentials":
        return fromEndpoint(auth)
    }
  })

  const source = auth._tag === "Provider" ? "provider" : "endpoint"

  /**
   * Every acquisition: its own time limit (a stuck provider or endpoint is abandoned), a usable
   * token, counted and logged (`use`: what it is for; `why`: for a REST token, why a new one).
   */
  const fresh = (use: "socket" | "rest", why?: "expired" | "rejected"): Effect.Effect<FreshToken, AuthError> => acquire.pipe(
    Effect.timeoutOrElse({
      duration: timeouts.tokenMs,
      orElse: () =>
        Effect.fail(new AuthError({ code: "TOKEN_TIMEOUT", reason: `no token within ${timeouts.tokenMs} ms from the ${auth._tag === "Provider" ? "tokenProvider" : "token endpoint"}` }))
    }),
    Effect.flatMap((got) =>
      isHeaderSafeToken(Redacted.value(got.token))
        ? Effect.succeed(got)
        : Effect.fail(new AuthError({ code: "TOKEN_INVALID", reason: "the token holds characters an HTTP header cannot carry (control characters, spaces or non-ASCII); it is not shown" }))
    ),
    Effect.onExit((exit) =>
      Effect.sync(() => {
        if (auth._tag === "Static") return
        if (Exit.isSuccess(exit)) {
          fetched++
          // The lifetime the token was given, never the token.
          const lifetimeMs = Number.isFinite(exit.value.lifetimeMs) ? exit.value.lifetimeMs : undefined
          if (why === undefined) log.debug?.("token-fetch", { source, use, lifetimeMs })
          else log.info?.("token-refresh", { source, use, why, lifetimeMs })
        } else {
          failed++
          const error = Cause.findError(exit.cause)
          if (error._tag === "Success") log.warn?.("token-failed", { source, use, ...failureFields(error.success) })
        }
      })
    )
  )

  let cached: { readonly token: Redacted.Redacted<string>; readonly expiresAt: number } | undefined
  /** Why the next REST token is fetched, once one was had: it expired or the server refused it. */
  let refreshReason: "expired" | "rejected" | undefined
  let inFlight: Deferred.Deferred<Redacted.Redacted<string>, AuthError> | undefined
  let inFlightFiber: Fiber.Fiber<unknown, unknown> | undefined

  const restToken = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    if (cached !== undefined && now < cached.expiresAt) return cached.token
    if (inFlight !== undefined) return yield* Deferred.await(inFlight)
    const deferred = Deferred.makeUnsafe<Redacted.Redacted<string>, AuthError>()
    inFlight = deferred
    const why = cached !== undefined ? "expired" : refreshReason
    // The fetch runs detached so that one waiter's interruption cannot cancel it for the others.
    inFlightFiber = yield* Effect.forkDetach(
      fresh("rest", why).pipe(
        Effect.onExit((exit) =>
          Effect.gen(function* () {
            inFlight = undefined
            inFlightFiber = undefined
            if (Exit.isSuccess(exit)) {
              const at = yield* Clock.currentTimeMillis
              cached = { token: exit.value.token, expiresAt: at + cacheLifetimeMs(exit.value.lifetimeMs) }
              Deferred.doneUnsafe(deferred, Effect.succeed(exit.value.token))
            } else {
              Deferred.doneUnsafe(deferred, Effect.failCause(exit.cause))
            }
          })
        )
      )
    )
    return yield* Deferred.await(deferred)
  })

  return {
    socketToken: Effect.flatMap(fresh("socket"), (fresh) => Effect.succeed(fresh.token)),
    restToken,
    invalidate: (token) => {
      if (cached !== undefined && Redacted.value(cached.token) === Redacted.value(token)) {
        cached = undefined
        refreshReason = "rejected"
      }
    },
    fetchCount: () => fetched,
    failureCount: () => failed,
    // `interruptAll` of one: `Fiber.interrupt`'s interruption and wait, by the function Effect's race already brings (one less in a Worker).
    close: Effect.suspend(() => (inFlightFiber === undefined ? Effect.void : Fiber.interruptAll([inFlightFiber])))
  }
}
