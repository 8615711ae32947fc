import * as Redacted from "effect/Redacted"
import { ConfigError } from "../errors.ts"
import type { ActionName } from "../generated/catalog.ts"
import { checkTenant, checkTld, checkUrl } from "./host-safety.ts"
import { makeClientLog, type ClientLog, type ClientLogger, type LogLevel } from "../observability/client-log.ts"
import type { RetryOptions } from "../request/retry-policy.ts"
import type { OpenTelemetryTracer } from "../observability/otel-tracer.ts"

/** A function that returns a fresh bearer token, e.g. minted by your backend (the browser-safe way). */
export type TokenProvider = () => string | Promise<string>

/**
 * Some fields of `T` to override; each optional field also takes `undefined` (meaning "the
 * default"), so `process.env.X` or an optional variable passes under `exactOptionalPropertyTypes`.
 */
export type Overrides<T> = { readonly [K in keyof T]?: T[K] | undefined }

/** Everything `createClient` accepts. Give `tenant` and `tld` for the real service, or `urls` for another server. */
export interface ClientConfig {
  /** Your tenant: hosts are `ws-{tenant}.oco.optave.{tld}` and `{tenant}.oco.optave.{tld}`. A DNS label. */
  readonly tenant?: string | undefined
  /** Top-level domain of your Optave region, e.g. `tech` or `co.uk`. */
  readonly tld?: string | undefined
  /** Explicit endpoints (a local or mock server); `ws://`/`http://` only on loopback unless `allowInsecure`. */
  readonly urls?: { readonly ws?: string | undefined; readonly rest?: string | undefined } | undefined
  /** Allow `ws://`/`http://` to non-loopback hosts (never do this in production). */
  readonly allowInsecure?: boolean | undefined
  /** A static bearer token. Note that the service accepts a token for one WebSocket connection only. */
  readonly token?: string | undefined
  /** Returns a fresh token for each connection and when a REST token expires. */
  readonly tokenProvider?: TokenProvider | undefined
  /** OAuth2 client credentials (server-side only). */
  readonly clientId?: string | undefined
  readonly clientSecret?: string | undefined
  /**
   * The OAuth2 token endpoint. Default: the documented `https://{tenant}.oco.optave.{tld}/auth/oauth2/token`
   * (with `urls`: `{urls.rest}/auth/oauth2/token`, where the mock server answers). `/token` is
   * appended when the URL does not end with it, as the official client does. `configFromEnv`
   * reads `OPTAVE_AUTH_URL`; the CLI takes `--auth-url`.
   */
  readonly authenticationUrl?: string | undefined
  /**
   * How the client credentials reach the token endpoint: `body` (default; RFC 6749 §2.3.1 form
   * body, so the secret never lands in a URL or a log), `basic` (HTTP Basic, the other RFC way) or
   * `query` (the documented `?client_id=..&client_secret=..` form, for a service that reads only
   * that one: URLs get logged, so it warns).
   */
  readonly credentialsTransport?: "body" | "basic" | "query" | undefined
  /** How the token reaches the WebSocket: `subprotocol` (default) or `query` (discouraged: URLs get logged). */
  readonly socketTokenTransport?: "subprotocol" | "query" | undefined
  /** `sdkVersion` header; the API asks clients not built on the official SDK to send `"none"`. */
  readonly sdkVersion?: string | undefined
  /** `tenantId` header, sent only when set. */
  readonly tenantId?: string | undefined
  /** Default transport of every action: `ws` (default) or `rest`. */
  readonly transport?: "ws" | "rest" | undefined
  /** Send a bare event without correlation to the unrouted stream instead of the oldest matching request. */
  readonly strict?: boolean | undefined
  /**
   * Refuse payloads with properties the schema does not know (a `ValidationError` naming each
   * path), to catch typos. Off by default: unknown properties are sent unchanged, as the official
   * schemas allow, so a field the service adds can be used before this client knows it.
   */
  readonly refuseUnknownProperties?: boolean | undefined
  /** Superpowers to wait for per action, replacing the catalog's (for actions the docs leave open). */
  readonly expectedSuperpowers?: { readonly [A in ActionName]?: ReadonlyArray<string> | undefined } | undefined
  readonly timeouts?: Overrides<Timeouts> | undefined
  readonly retry?: Overrides<RetryOptions> | undefined
  readonly reconnect?: Overrides<ReconnectOptions> | undefined
  /** Largest inbound frame accepted, in bytes (default 1 MiB). */
  readonly maxFrameBytes?: number | undefined
  /** Requests held while the socket is down, before new ones are refused (default 1000). */
  readonly maxQueuedRequests?: number | undefined
  /** Pause sending while the socket's `bufferedAmount` is above this many bytes (default 1 MiB). */
  readonly highWaterMarkBytes?: number | undefined
  /**
   * The `fetch` used for REST requests and token requests, in place of the platform's: e.g. one
   * that goes through a proxy (on Node, undici's `fetch` with a `ProxyAgent` as `dispatcher`), or
   * one that adds headers or records traffic. It receives the URL and a `RequestInit` and must
   * honour `signal` and `redirect: "manual"`. The WebSocket does not use it (see your adapter's README).
   */
  readonly fetch?: ClientFetch | undefined
  /**
   * Where log lines go: anything with `debug`, `info`, `warn` and `error` methods, like `console`
   * (the default; the Effect API defaults to Effect's logger). Each call gets the line
   * (`optave <event> key=value ...`) and the same facts as an object. No line holds a token, a
   * secret or payload content. The events are listed in the README.
   */
  readonly logger?: ClientLogger | undefined
  /** The least severe level written: `debug`, `info`, `warn` (default), `error` or `off`. `configFromEnv` reads `OPTAVE_LOG`. */
  readonly logLevel?: LogLevel | undefined
  /**
   * Promise API: an OpenTelemetry `Tracer` (e.g. `trace.getTracer("my-app")` from `@opentelemetry/api`;
   * any object of that shape). Each request is then one CLIENT span `optave.<action>`, a child of the
   * caller's active span, with its attributes, an event per superpower state and the error on failure;
   * its `traceparent` travels with the request. The Effect API ignores it: it reports to Effect's
   * `Tracer` (e.g. `@effect/opentelemetry`) instead.
   */
  readonly tracer?: OpenTelemetryTracer | undefined
}

/** What the `fetch` option must be: the WHATWG `fetch` called with a URL string. */
export type ClientFetch = (input: string, init: RequestInit) => Promise<Response>

export interface Timeouts {
  /** Opening the WebSocket (default 10 s). */
  readonly connectMs: number
  /** A whole request, from call to last superpower (default 120 s). */
  readonly requestMs: number
  /** Silence allowed after a request is sent (or resent after a reconnect) or after its last event, before it settles (default 60 s). */
  readonly settleMs: number
  /** Heartbeat ping interval where the platform can ping (default 15 s; 0 disables). */
  readonly heartbeatMs: number
  /**
   * Liveness window (default 30 s; 0 disables): a connection on which requests wait and nothing
   * arrives for this long is taken for dead, as a NAT or load balancer that dropped it silently
   * leaves it. It is dropped at once and its requests are resent on a new connection with the
   * same idempotency keys. Checked every quarter window, so a silence is caught within 1.25
   * windows; on every runtime, including sockets that cannot ping (the WHATWG WebSocket).
   */
  readonly livenessMs: number
  /** A REST attempt, headers and body (default 30 s). */
  readonly attemptMs: number
  /**
   * Obtaining one token from your `tokenProvider` or the token endpoint, retries included
   * (default 10 s). A stuck one is abandoned with `AuthError` `TOKEN_TIMEOUT`; the next request asks again.
   */
  readonly tokenMs: number
}

export interface ReconnectOptions {
  /** Consecutive failed connection attempts before pending requests fail (default 8). */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const defaultTimeouts: Timeouts = { connectMs: 10_000, requestMs: 120_000, settleMs: 60_000, heartbeatMs: 15_000, livenessMs: 30_000, attemptMs: 30_000, tokenMs: 10_000 }
export const defaultRetry: RetryOptions = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000 }
export const defaultReconnect: ReconnectOptions = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 5_000 }

/** Authentication, with every secret wrapped in `Redacted` so it never prints. */
export type ResolvedAuth =
  | { readonly _tag: "Static"; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "Provider"; readonly provide: TokenProvider }
  | {
      readonly _tag: "ClientCredentials"
      readonly tokenUrl: string
      readonly clientId: string
      readonly clientSecret: Redacted.Redacted<string>
      readonly credentialsTransport: CredentialsTransport
    }

export type CredentialsTransport = "body" | "basic" | "query"

export interface ResolvedConfig {
  readonly wsUrl: string
  readonly restUrl: string
  readonly auth: ResolvedAuth
  readonly socketTokenTransport: "subprotocol" | "query"
  readonly sdkVersion: string
  readonly tenantId: string | undefined
  readonly transport: "ws" | "rest"
  readonly strict: boolean
  readonly refuseUnknownProperties: boolean
  readonly expectedSuperpowers: Partial<Record<string, ReadonlyArray<string>>>
  readonly timeouts: Timeouts
  readonly retry: RetryOptions
  readonly reconnect: ReconnectOptions
  readonly maxFrameBytes: number
  readonly maxQueuedRequests: number
  readonly highWaterMarkBytes: number
  /** The checked `logger` and `logLevel`: one writer per enabled level. */
  readonly log: ClientLog
}

/** The rule every duration and count of the configuration follows (per-call options too). */
export const isPositiveNumber = (value: unknown, allowZero = false): boolean =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 && (allowZero || value > 0)

const positive = (field: string, value: number | undefined, fallback: number, allowZero = false): number => {
  if (value === undefined) return fallback
  if (!isPositiveNumber(value, allowZero)) {
    throw new ConfigError({ field, reason: `must be a ${allowZero ? "non-negative" : "positive"} number` })
  }
  return value
}

/** Each field of `defaults`, overridden where `given` sets it (checked; those in `zeroAllowed` may be 0). */
const section = <T extends object>(name: string, given: Overrides<T>, defaults: T, zeroAllowed: ReadonlyArray<keyof T> = []): T => {
  const resolved = { ...defaults }
  for (const key in defaults) {
    resolved[key] = positive(`${name}.${key}`, given[key] as number | undefined, defaults[key] as number, zeroAllowed.includes(key)) as T[typeof key]
  }
  return resolved
}

/** Where the documented token endpoint sits under the REST base URL. */
export const DOCUMENTED_TOKEN_PATH = "/auth/oauth2/token"

const resolveAuth = (config: ClientConfig, isBrowserLike: boolean, allowInsecure: boolean, restUrl: string): ResolvedAuth => {
  const given = [config.token !== undefined, config.tokenProvider !== undefined, config.clientId !== undefined || config.clientSecret !== undefined]
  if (given.filter(Boolean).length !== 1) {
    throw new ConfigError({ field: "token", reason: "give exactly one of token, tokenProvider, or clientId with clientSecret" })
  }
  if (config.token !== undefined) {
    if (typeof config.token !== "string" || config.token.length === 0) throw new ConfigError({ field: "token", reason: "must be a non-empty string" })
    return { _tag: "Static", token: Redacted.make(config.token) }
  }
  if (config.tokenProvider !== undefined) {
    if (typeof config.tokenProvider !== "function") throw new ConfigError({ field: "tokenProvider", reason: "must be a function returning a token" })
    return { _tag: "Provider", provide: config.tokenProvider }
  }
  if (isBrowserLike) {
    throw new ConfigError({
      field: "clientSecret",
      reason: "a client secret must never ship to a browser-like runtime; mint tokens on your backend and pass tokenProvider instead"
    })
  }
  if (!config.clientId || !config.clientSecret) {
    throw new ConfigError({ field: config.clientId ? "clientSecret" : "clientId", reason: "client credentials need both clientId and clientSecret" })
  }
  const credentialsTransport = config.credentialsTransport ?? "body"
  if (credentialsTransport !== "body" && credentialsTransport !== "basic" && credentialsTransport !== "query") {
    throw new ConfigError({ field: "credentialsTransport", reason: 'must be "body", "basic" or "query"' })
  }
  // The REST base URL was checked already (and built from a checked tenant and tld).
  const authenticationUrl = config.authenticationUrl ?? `${restUrl}${DOCUMENTED_TOKEN_PATH}`
  const base = checkUrl("authenticationUrl", authenticationUrl, { secure: "https:", insecure: "http:" }, allowInsecure)
  if (base.search !== "") throw new ConfigError({ field: "authenticationUrl", reason: "must not carry a query string" })
  const tokenUrl = base.pathname.endsWith("/token") ? base.href : `${base.href.replace(/\/+$/, "")}/token`
  return { _tag: "ClientCredentials", tokenUrl, clientId: config.clientId, clientSecret: Redacted.make(config.clientSecret), credentialsTransport }
}

/** Checks and completes a configuration. Throws `ConfigError` (before any connection) on bad input. */
export const resolveConfig = (config: ClientConfig, isBrowserLike: boolean): ResolvedConfig => {
  if (config === null || typeof config !== "object") throw new ConfigError({ field: "(root)", reason: "must be an object" })
  const allowInsecure = config.allowInsecure === true
  let wsUrl: string | undefined
  let restUrl: string | undefined
  if (config.urls?.ws !== undefined || config.urls?.rest !== undefined) {
    // The field the caller gave is checked first, so an error names what they wrote; the other
    // URL is derived from it (same host, the matching scheme, so it passes when the given one does).
    const wsSpec = { secure: "wss:", insecure: "ws:" }
    const restSpec = { secure: "https:", insecure: "http:" }
    const { ws, rest } = config.urls
    if (rest !== undefined) restUrl = checkUrl("urls.rest", rest, restSpec, allowInsecure).href.replace(/\/$/, "")
    wsUrl = checkUrl(ws === undefined ? "urls.rest" : "urls.ws", ws ?? rest!.replace(/^http/, "ws"), wsSpec, allowInsecure).href.replace(/\/$/, "")
    restUrl ??= checkUrl("urls.ws", ws!.replace(/^ws/, "http"), restSpec, allowInsecure).href.replace(/\/$/, "")
  } else {
    const tenant = checkTenant(config.tenant)
    const tld = checkTld(config.tld)
    wsUrl = `wss://ws-${tenant}.oco.optave.${tld}`
    restUrl = `https://${tenant}.oco.optave.${tld}`
  }
  const socketTokenTransport = config.socketTokenTransport ?? "subprotocol"
  if (socketTokenTransport !== "subprotocol" && socketTokenTransport !== "query") {
    throw new ConfigError({ field: "socketTokenTransport", reason: 'must be "subprotocol" or "query"' })
  }
  if (config.fetch !== undefined && typeof config.fetch !== "function") throw new ConfigError({ field: "fetch", reason: "must be a function like fetch" })
  if (config.tracer !== undefined && typeof (config.tracer as { startSpan?: unknown } | null)?.startSpan !== "function") {
    throw new ConfigError({ field: "tracer", reason: "must be an OpenTelemetry Tracer (an object with startSpan)" })
  }
  const transport = config.transport ?? "ws"
  if (transport !== "ws" && transport !== "rest") throw new ConfigError({ field: "transport", reason: 'must be "ws" or "rest"' })
  const timeouts = config.timeouts ?? {}
  const retry = config.retry ?? {}
  const reconnect = config.reconnect ?? {}
  return {
    wsUrl,
    restUrl,
    auth: resolveAuth(config, isBrowserLike, allowInsecure, restUrl),
    socketTokenTransport,
    sdkVersion: config.sdkVersion ?? "none",
    tenantId: config.tenantId,
    transport,
    strict: config.strict === true,
    refuseUnknownProperties: config.refuseUnknownProperties === true,
    expectedSuperpowers: config.expectedSuperpowers ?? {},
    timeouts: section("timeouts", timeouts, defaultTimeouts, ["heartbeatMs", "livenessMs"]),
    retry: section("retry", retry, defaultRetry, ["maxRetries"]),
    reconnect: section("reconnect", reconnect, defaultReconnect),
    maxFrameBytes: positive("maxFrameBytes", config.maxFrameBytes, 1024 * 1024),
    maxQueuedRequests: positive("maxQueuedRequests", config.maxQueuedRequests, 1000),
    highWaterMarkBytes: positive("highWaterMarkBytes", config.highWaterMarkBytes, 1024 * 1024),
    log: makeClientLog(config.logger, config.logLevel)
  }
}
