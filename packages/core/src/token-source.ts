import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import type { ResolvedAuth, Timeouts } from "./client-config.ts"
import { AuthError, TransportError } from "./errors.ts"
import { validateTokenResponse } from "./generated/validators.ts"
import type { PlatformShape } from "./platform.ts"
import { isRetryableStatus, parseRetryAfter, withRetries, type RetryOptions } from "./retry-policy.ts"
import { makeTokenRequest } from "./token-request.ts"

/** Refresh a cached REST token this long before the server says it expires. */
const EXPIRY_SKEW_MS = 30_000
/** A token response without `expires_in` is trusted for this long. */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000

export interface TokenSource {
  /** A fresh token for one WebSocket connection (the service accepts each token for one connection). */
  readonly socketToken: Effect.Effect<Redacted.Redacted<string>, AuthError>
  /** A REST token, cached until shortly before it expires; one fetch in flight however many callers wait. */
  readonly restToken: Effect.Effect<Redacted.Redacted<string>, AuthError>
  /** Forget a REST token the server refused (401), so the next `restToken` fetches a new one. */
  readonly invalidate: (token: Redacted.Redacted<string>) => void
  /** How many tokens were obtained from the provider or endpoint (diagnostics and tests). */
  readonly fetchCount: () => number
}

const providerFailed = (cause: unknown) =>
  new AuthError({
    code: "TOKEN_PROVIDER_FAILED",
    // The provider's own error may quote the token it failed to fetch: keep only its type.
    reason: `tokenProvider threw or rejected (${cause instanceof Error ? cause.name : typeof cause})`
  })

interface FreshToken {
  readonly token: Redacted.Redacted<string>
  readonly lifetimeMs: number
}

export const makeTokenSource = (
  auth: ResolvedAuth,
  platform: PlatformShape,
  retry: RetryOptions,
  timeouts: Timeouts
): TokenSource => {
  let fetched = 0

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
    const attempt = Effect.tryPromise({
      try: (signal) =>
        platform.fetch(request.url, {
          method: "POST",
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          signal
        }),
      catch: () => new TransportError({ code: "NETWORK", reason: "token endpoint unreachable", retryable: true })
    }).pipe(
      Effect.timeoutOrElse({
        duration: timeouts.attemptMs,
        orElse: () => Effect.fail(new TransportError({ code: "NETWORK", reason: "token endpoint timed out", retryable: true }))
      }),
      Effect.flatMap((response) =>
        Effect.gen(function* () {
          if (!response.ok) {
            const now = yield* Clock.currentTimeMillis
            const retryAfterMs = parseRetryAfter(response.headers, now)
            return yield* Effect.fail(
              new TransportError({
                code: "HTTP_STATUS",
                status: response.status,
                reason: `token endpoint answered ${response.status}`,
                retryable: isRetryableStatus(response.status),
                ...(retryAfterMs === undefined ? {} : { retryAfterMs })
              })
            )
          }
          const json: unknown = yield* Effect.tryPromise({
            try: () => response.json(),
            catch: () => new TransportError({ code: "NETWORK", reason: "token endpoint sent invalid JSON", retryable: false })
          })
          const issues = validateTokenResponse(json)
          if (issues.length > 0) {
            return yield* Effect.fail(new TransportError({ code: "HTTP_STATUS", reason: "token endpoint sent no access_token", retryable: false }))
          }
          const token = json as { access_token: string; expires_in?: number }
          return {
            token: Redacted.make(token.access_token),
            lifetimeMs: token.expires_in === undefined ? DEFAULT_TOKEN_LIFETIME_MS : token.expires_in * 1000
          } satisfies FreshToken
        })
      )
    )
    return withRetries(attempt, retry).pipe(
      Effect.mapError(
        (error) =>
          new AuthError({
            code: "TOKEN_ENDPOINT_FAILED",
            reason: `could not obtain a token: ${error.reason}`,
            ...(error.status === undefined ? {} : { status: error.status })
          })
      )
    )
  }

  const fresh: Effect.Effect<FreshToken, AuthError> = Effect.suspend(() => {
    switch (auth._tag) {
      case "Static":
        return Effect.succeed({ token: auth.token, lifetimeMs: Number.POSITIVE_INFINITY })
      case "Provider":
        return fromProvider(auth.provide)
      case "ClientCredentials":
        return fromEndpoint(auth)
    }
  }).pipe(Effect.tap(() => Effect.sync(() => void fetched++)))

  let cached: { readonly token: Redacted.Redacted<string>; readonly expiresAt: number } | undefined
  let inFlight: Deferred.Deferred<Redacted.Redacted<string>, AuthError> | undefined

  const restToken = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    if (cached !== undefined && now < cached.expiresAt) return cached.token
    if (inFlight !== undefined) return yield* Deferred.await(inFlight)
    const deferred = Deferred.makeUnsafe<Redacted.Redacted<string>, AuthError>()
    inFlight = deferred
    // The fetch runs detached so that one waiter's interruption cannot cancel it for the others.
    yield* Effect.forkDetach(
      fresh.pipe(
        Effect.onExit((exit) =>
          Effect.gen(function* () {
            inFlight = undefined
            if (Exit.isSuccess(exit)) {
              const at = yield* Clock.currentTimeMillis
              cached = { token: exit.value.token, expiresAt: at + Math.max(0, exit.value.lifetimeMs - EXPIRY_SKEW_MS) }
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
    socketToken: Effect.map(fresh, (fresh) => fresh.token),
    restToken,
    invalidate: (token) => {
      if (cached !== undefined && Redacted.value(cached.token) === Redacted.value(token)) cached = undefined
    },
    fetchCount: () => fetched
  }
}
