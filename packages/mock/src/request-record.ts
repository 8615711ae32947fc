import type { ActionPayloads, EnvelopeHeaders } from "@org/optave-core/validate"

/** An action's wire name (lowercase; `customerinteraction` is the deprecated alias). */
export type ActionName = keyof ActionPayloads

/** One problem of a request, with the path of the offending value (`request.context.organizationId`). */
export interface RequestIssue {
  readonly path: string
  readonly message: string
}

interface RecordedRequestFields<Action extends string> {
  /**
   * The action asked for, as the catalog names it: `headers.action` over the socket, the path
   * segment over REST ("" when unreadable; an unknown name as received). The official client's
   * `customerInteraction` is recorded as `customerinteraction`, the deprecated alias of `interaction`.
   */
  readonly action: Action
  /** The action's name exactly as it arrived (`customerInteraction` or `customerinteraction`, say). */
  readonly receivedAs: string
  /**
   * The payload `{ session, request }` as received. Typed as the action's payload; when `valid`
   * is false it is whatever arrived, so look at `issues` first.
   */
  readonly payload: Action extends ActionName ? ActionPayloads[Action] : unknown
  /** True when the envelope (socket) and the payload passed validation. */
  readonly valid: boolean
  readonly issues: ReadonlyArray<RequestIssue>
  /** ISO 8601 time the engine received it. */
  readonly receivedAt: string
  readonly correlationId?: string
  readonly idempotencyKey?: string
}

/** A request received over the WebSocket: `headers` are the envelope's headers. */
export interface RecordedSocketRequest<Action extends string = string> extends RecordedRequestFields<Action> {
  readonly via: "socket"
  readonly headers: EnvelopeHeaders
  readonly connectionId: string
}

/** A request received over REST: `headers` are the HTTP headers, names in lowercase. */
export interface RecordedRestRequest<Action extends string = string> extends RecordedRequestFields<Action> {
  readonly via: "rest"
  readonly headers: Readonly<Record<string, string>>
}

/** Every request the engine received, parsed and typed; narrow on `via` for the headers' type. */
export type RecordedRequest<Action extends string = string> = RecordedSocketRequest<Action> | RecordedRestRequest<Action>

/** One call of the OAuth2 token endpoint (no secret is kept, only where it travelled). */
export interface RecordedTokenRequest {
  readonly method: string
  /** Where the client secret came: `query` (the URL), `body` (the form), `basic` (HTTP Basic), `none`. */
  readonly credentialsIn: "query" | "body" | "basic" | "none"
  /** True when `client_secret` was in the URL query string, where proxies and logs record it. */
  readonly secretInUrl: boolean
  /** The status answered: 200 with a token, else the OAuth2 error's. */
  readonly status: number
  /** ISO 8601 time the engine received it. */
  readonly receivedAt: string
}
