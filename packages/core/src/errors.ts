import * as Data from "effect/Data"
import type { ActionResult } from "./action-result.ts"
import type { ValidationIssue } from "./validation-issue.ts"

/**
 * Error categories of the official client (`@optave/client-sdk`), kept so that code written
 * against it can switch on `category` unchanged.
 */
export type ErrorCategory = "VALIDATION" | "AUTHENTICATION" | "WEBSOCKET" | "ORCHESTRATOR"

/**
 * Effect's `Data.TaggedError`, declared without Effect's types: a Promise user has no `effect`
 * installed (the adapters' Promise entries carry their own inside), and an error type built on a
 * missing `effect` type would read as `any` there, so `isOptaveError` would narrow to nothing
 * useful. At run time each error is still Effect's tagged error (`Effect.catchTag` matches it;
 * `Effect.fail(error)` fails with it). The cast drops only Effect's `YieldableError` from the type
 * (and its `void` for an error without fields: every error here has fields).
 */
const TaggedError: <Tag extends string>(tag: Tag) => new <A extends Record<string, any> = {}>(args: {
  readonly [P in keyof A as P extends "_tag" ? never : P]: A[P]
}) => Error & { readonly _tag: Tag } & Readonly<A> = Data.TaggedError as never

const formatIssues = (issues: ReadonlyArray<ValidationIssue>): string =>
  issues
    .slice(0, 5)
    .map((issue) => `${issue.path === "" ? "(root)" : issue.path}: ${issue.message}`)
    .join("; ") + (issues.length > 5 ? `; and ${issues.length - 5} more` : "")

/** The payload (or a config value) does not match its schema; nothing was sent. */
export class ValidationError extends TaggedError("ValidationError")<{
  readonly action?: string
  readonly issues: ReadonlyArray<ValidationIssue>
}> {
  readonly category: ErrorCategory = "VALIDATION"
  readonly code = "INVALID_PAYLOAD"
  readonly retryable = false
  override get message(): string {
    return `${this.action === undefined ? "Invalid value" : `Invalid ${this.action} payload`}: ${formatIssues(this.issues)}`
  }
}

/** The client's configuration is unusable (bad tenant or tld, insecure URL, secret in a browser...); nothing was sent. */
export class ConfigError extends TaggedError("ConfigError")<{
  readonly field: string
  readonly reason: string
}> {
  readonly category: ErrorCategory = "VALIDATION"
  readonly code = "INVALID_CONFIG"
  readonly retryable = false
  override get message(): string {
    return `Invalid client configuration at ${this.field}: ${this.reason}`
  }
}

/** Authentication failed: no token, a refused token, or a failing token endpoint. */
export class AuthError extends TaggedError("AuthError")<{
  readonly code:
    | "TOKEN_MISSING"
    | "TOKEN_REJECTED"
    | "TOKEN_ENDPOINT_FAILED"
    | "TOKEN_PROVIDER_FAILED"
    /** The provider or endpoint did not answer within `timeouts.tokenMs`; the next request asks again. */
    | "TOKEN_TIMEOUT"
    /**
     * The token cannot be used: it holds characters no HTTP header may carry (control characters,
     * spaces, non-ASCII; it is never echoed), or the token endpoint issued a type other than Bearer.
     */
    | "TOKEN_INVALID"
    /** The token cannot travel as a WebSocket subprotocol value (`socketTokenTransport: "subprotocol"`); refused before any connection. */
    | "TOKEN_UNFIT_SUBPROTOCOL"
  readonly reason: string
  readonly status?: number
  /** What failed underneath, when there is one: a `tokenProvider`'s own error. */
  readonly cause?: unknown
}> {
  readonly category: ErrorCategory = "AUTHENTICATION"
  readonly retryable = false
  override get message(): string {
    return `Authentication failed (${this.code}): ${this.reason}`
  }
}

/** The network failed: connection refused or dropped, an HTTP error status, the client closed. */
export class TransportError extends TaggedError("TransportError")<{
  readonly code:
    | "CONNECT_FAILED"
    | "CONNECTION_LOST"
    | "HTTP_STATUS"
    | "NETWORK"
    | "CLIENT_CLOSED"
    | "QUEUE_FULL"
    | "CANCELLED"
    /** A 3xx from the token endpoint or REST: redirects are never followed (they could carry a secret elsewhere). */
    | "REDIRECT_REFUSED"
  readonly reason: string
  readonly status?: number
  readonly retryable: boolean
  /** The server's requested wait (`Retry-After` / `retry-after-ms`), in ms. */
  readonly retryAfterMs?: number
  /** What the platform failed to do (a socket it could not create), when it said. */
  readonly cause?: unknown
}> {
  readonly category: ErrorCategory = "WEBSOCKET"
  override get message(): string {
    return `Transport error (${this.code}): ${this.reason}`
  }
}

/** A deadline passed: connect timeout, a request's timeout, or the settle timeout waiting for superpowers. */
export class TimeoutError extends TaggedError("TimeoutError")<{
  readonly code: "CONNECT_TIMEOUT" | "REQUEST_TIMEOUT" | "SETTLE_TIMEOUT" | "ATTEMPT_TIMEOUT"
  readonly timeoutMs: number
  readonly pendingSuperpowers?: ReadonlyArray<string>
  /**
   * What had arrived when a collected request (`client.<action>()`, the Effect `<action>()`) timed
   * out: the superpowers that completed are not lost with the ones still pending.
   */
  readonly partialResult?: ActionResult
  /**
   * Why a request that timed out while waiting for a connection never got one: the last failed
   * attempt to open the WebSocket (a `TransportError`, `AuthError` or connect `TimeoutError`).
   */
  readonly cause?: OptaveError
}> {
  readonly category: ErrorCategory = "WEBSOCKET"
  /** Only a single REST attempt's timeout is worth another attempt. */
  get retryable(): boolean {
    return this.code === "ATTEMPT_TIMEOUT"
  }
  override get message(): string {
    const pending = this.pendingSuperpowers?.length ? ` (still waiting for ${this.pendingSuperpowers.join(", ")})` : ""
    const connection = this.cause === undefined ? "" : `; no connection: ${this.cause.message}`
    return `Timed out after ${this.timeoutMs} ms (${this.code})${pending}${connection}`
  }
}

/** A superpower ended in the `error` state; carries the service's message and code. */
export class RemoteError extends TaggedError("RemoteError")<{
  readonly action: string
  readonly superpower: string
  readonly reason: string
  readonly errorCode?: string
  readonly correlationId?: string
}> {
  readonly category: ErrorCategory = "ORCHESTRATOR"
  readonly retryable = false
  get code(): string {
    return this.errorCode ?? "SUPERPOWER_ERROR"
  }
  override get message(): string {
    return `${this.action}: superpower ${this.superpower} failed${this.errorCode ? ` (${this.errorCode})` : ""}: ${this.reason}`
  }
}

/** A frame from the service is not what the protocol allows (bad JSON, wrong shape, too big). */
export class ProtocolError extends TaggedError("ProtocolError")<{
  readonly code: "INVALID_JSON" | "INVALID_FRAME" | "FRAME_TOO_LARGE" | "INVALID_RESPONSE"
  readonly reason: string
  /** The first issues of the frame only (see `keepFirstIssues`): a hostile frame may hold hundreds of thousands. */
  readonly issues?: ReadonlyArray<ValidationIssue>
  /** How many issues the frame had in all, when more than `issues` holds. */
  readonly issueCount?: number
}> {
  readonly category: ErrorCategory = "ORCHESTRATOR"
  readonly retryable = false
  override get message(): string {
    const more = this.issueCount !== undefined && this.issues !== undefined ? this.issueCount - this.issues.length : 0
    return `Protocol error (${this.code}): ${this.reason}${this.issues?.length ? `: ${formatIssues(this.issues)}` : ""}${more > 0 ? ` (${this.issueCount} issues in all)` : ""}`
  }
}

/** Everything a request can fail with. Match on `_tag`. */
export type OptaveError = ValidationError | ConfigError | AuthError | TransportError | TimeoutError | RemoteError | ProtocolError

const optaveErrorTags: ReadonlyArray<string> = [
  "ValidationError",
  "ConfigError",
  "AuthError",
  "TransportError",
  "TimeoutError",
  "RemoteError",
  "ProtocolError"
]

/**
 * True for every error this client throws or rejects with, so `catch (error)` (typed `unknown`)
 * narrows to `OptaveError` and `error._tag` type-checks. Checks the tag, not the class: it holds
 * even when two copies of the package are installed, where `instanceof` would not.
 */
export const isOptaveError = (error: unknown): error is OptaveError =>
  typeof error === "object" &&
  error !== null &&
  typeof (error as { readonly _tag?: unknown })._tag === "string" &&
  optaveErrorTags.includes((error as { readonly _tag: string })._tag) &&
  typeof (error as { readonly category?: unknown }).category === "string"
