import { isRecoverableTokenFailure } from "../auth/token-failure.ts"
import { AuthError, TransportError, type OptaveError } from "../errors.ts"
import type { SocketCloseInfo } from "../platform.ts"
import { backoffDelayMs } from "../request/retry-policy.ts"

/**
 * The connection's rules as data: what happened (an event) and the state so far in, the next
 * step (a decision) and the new state out. No clock, timer or socket: the driver
 * (connection-driver.ts) feeds it the time with each event and carries out its decisions, and
 * tests drive it directly.
 */

/** What the rules read from the client's configuration. */
export interface PolicyConfig {
  /** Failed attempts in a row tolerated before giving up (`reconnect.maxAttempts`). */
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** The token is a static `token`: a refused one cannot be replaced. */
  readonly staticToken: boolean
  /** The platform's socket shows the HTTP status of a refused upgrade (the `ws` package does; the WHATWG WebSocket does not). */
  readonly seesUpgradeStatus: boolean
}

export interface PolicyState {
  /** Failed attempts in a row (refused, timed out, token failures, and connections that were not stable). */
  readonly failures: number
  /** Credentials refused in a row (upgrade 401/403 or an auth close code). */
  readonly authRefusals: number
  /** Upgrades in a row that failed before opening on a socket that hides the HTTP status. */
  readonly unseenRefusals: number
  /** Connections opened so far (the current one's generation). */
  readonly connections: number
  /** When the current connection opened. */
  readonly openedAt: number
  /** Did the current connection deliver a new event to a request, and complete one (what makes it stable). */
  readonly progressed: boolean
  readonly completedOne: boolean
}

export type PolicyEvent =
  /** No token: the provider or endpoint failed, timed out, or gave one that cannot travel. */
  | { readonly _tag: "TokenFailed"; readonly error: AuthError }
  /** The socket failed before it opened: `closed` when it closed (a refusal), absent on a timeout or a platform error. */
  | { readonly _tag: "OpenFailed"; readonly error: OptaveError; readonly closed?: SocketCloseInfo | undefined }
  | { readonly _tag: "Opened"; readonly now: number }
  /** A request got a new event on the current connection (`answered`: it ended with all its answers). */
  | { readonly _tag: "Progress"; readonly answered: boolean }
  | { readonly _tag: "Closed"; readonly info: SocketCloseInfo; readonly now: number }
  /** The liveness watchdog gave up on the current connection: nothing arrived within the window. */
  | { readonly _tag: "Silent"; readonly now: number }

export type Decision =
  /** Open a connection after `delayMs` (if requests still wait for one); `cause` is for the log. */
  | { readonly _tag: "Connect"; readonly delayMs: number; readonly cause: string }
  /** End every pending request with `error`. */
  | { readonly _tag: "GiveUp"; readonly error: OptaveError }
  /** Nothing to do (the event only updated the state). */
  | { readonly _tag: "Wait" }

export interface Step {
  readonly state: PolicyState
  readonly decision: Decision
}

export const initialState: PolicyState = { failures: 0, authRefusals: 0, unseenRefusals: 0, connections: 0, openedAt: 0, progressed: false, completedOne: false }

/**
 * A connection that delivered no new event to a request was a failed attempt, and so was one that
 * closed sooner than this after opening without completing a request: `reconnect.maxAttempts`
 * holds against a server that accepts and closes at once, or that makes up a new progress event
 * per connection.
 */
export const STABLE_CONNECTION_MS = 1_000

/**
 * Upgrades in a row that may have been refused, on a socket that cannot show why: the WHATWG
 * WebSocket reports a 401 exactly as an unreachable host (close 1006 before open). Each attempt
 * spends a token, and a service may accept a token once: after this many the requests end with
 * `AuthError` instead of walking through more tokens. Counted before the client's first
 * connection and for a static token (see `decide`).
 */
export const UNSEEN_REFUSAL_LIMIT = 3

// Close codes a server uses to refuse credentials: 1008 "policy violation" (RFC 6455 §7.4.1), and
// in the private range 4000-4999 (RFC 6455 §7.4.2) the HTTP statuses 401/403 as 4401/4403, and
// 4001, by convention. One retry with a fresh token, then `AuthError`.
const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4001, 4401, 4403])

export const isAuthRefusal = (info: SocketCloseInfo): boolean =>
  info.httpStatus === 401 || info.httpStatus === 403 || AUTH_CLOSE_CODES.has(info.code)

/**
 * A static token refused on reconnect: the service accepts a token for one WebSocket connection,
 * so a reconnect needs a fresh one that a static `token` cannot give.
 */
const staticTokenSpent = (status: number | undefined): AuthError =>
  new AuthError({
    code: "TOKEN_REJECTED",
    reason:
      "the server refused the static token on reconnect: the service accepts a token for one WebSocket connection only, " +
      "so after a dropped connection a static `token` has no fresh token to offer. Pass `tokenProvider` (a function returning " +
      "a fresh token) or `clientId` with `clientSecret` (server-side only), or create a client per connection",
    ...(status === undefined ? {} : { status })
  })

const unseenRefusal = (count: number): AuthError =>
  new AuthError({
    code: "TOKEN_REJECTED",
    reason:
      `${count} WebSocket upgrades in a row closed before opening (code 1006), each with a fresh token, and this runtime's ` +
      "WebSocket does not show the HTTP status of a refused upgrade: the server most likely refused the token (401/403), " +
      "or it could not be reached. Check the credentials and the URL; no more tokens are spent on it"
  })

/** Counts one more failed attempt: backoff, or give up with `error` past `maxAttempts`. */
const failed = (config: PolicyConfig, state: PolicyState, error: OptaveError, cause: string, random: () => number): Step => {
  const failures = state.failures + 1
  const next = { ...state, failures }
  if (failures > config.maxAttempts) return { state: next, decision: { _tag: "GiveUp", error } }
  return { state: next, decision: { _tag: "Connect", delayMs: backoffDelayMs(failures - 1, config, random), cause } }
}

const giveUp = (state: PolicyState, error: OptaveError): Step => ({ state, decision: { _tag: "GiveUp", error } })

/** The end of an open connection, closed by the peer or the network (`Closed`) or dropped by the watchdog (`Silent`). */
const ended = (config: PolicyConfig, state: PolicyState, now: number, info: SocketCloseInfo | undefined, random: () => number): Step => {
  const stable = state.progressed && (state.completedOne || now - state.openedAt >= STABLE_CONNECTION_MS)
  const base: PolicyState = stable ? { ...state, failures: 0, authRefusals: 0 } : state
  if (info !== undefined && isAuthRefusal(info)) {
    const authRefusals = base.authRefusals + 1
    if (authRefusals > 1) {
      return giveUp(
        { ...base, authRefusals },
        new AuthError({ code: "TOKEN_REJECTED", reason: `the server closed the connection with code ${info.code} (credentials refused), again after a fresh token` })
      )
    }
    return { state: { ...base, authRefusals }, decision: { _tag: "Connect", delayMs: backoffDelayMs(Math.max(0, base.failures - 1), config, random), cause: "auth-refused" } }
  }
  const cause = info === undefined ? "silent" : stable ? "closed" : "closed-unstable"
  if (stable) return { state: base, decision: { _tag: "Connect", delayMs: backoffDelayMs(0, config, random), cause } }
  const reason =
    info === undefined
      ? `${base.failures + 1} connections in a row went silent before they were stable`
      : `${base.failures + 1} connections in a row closed before they were stable (last close code ${info.code})`
  return failed(config, base, new TransportError({ code: "CONNECTION_LOST", reason, retryable: true }), cause, random)
}

/**
 * The rules: failed attempts (a refusal, a timeout, a token failure that may pass, or a connection
 * that was not stable) back off with full jitter and count toward `maxAttempts`; only a stable
 * connection resets the count. A refused token gets one retry with a fresh one, then `AuthError`;
 * a static token refused on reconnect ends at once (it cannot be replaced). On a socket that hides
 * the upgrade's status, `UNSEEN_REFUSAL_LIMIT` failures before opening in a row end with
 * `AuthError`. A silent connection is ended like a close, and its requests go on a new one.
 */
export const decide = (config: PolicyConfig, state: PolicyState, event: PolicyEvent, random: () => number): Step => {
  switch (event._tag) {
    case "TokenFailed":
      if (!isRecoverableTokenFailure(event.error)) return giveUp(state, event.error)
      return failed(config, state, event.error, "token-failed", random)
    case "OpenFailed": {
      const error = event.error
      const closed = event.closed
      if (error._tag === "AuthError" && error.code === "TOKEN_REJECTED") {
        if (config.staticToken && state.connections > 0) return giveUp(state, staticTokenSpent(error.status))
        const authRefusals = state.authRefusals + 1
        if (authRefusals > 1) return giveUp({ ...state, authRefusals }, error)
        return failed(config, { ...state, authRefusals }, error, "auth-refused", random)
      }
      if (error._tag === "TransportError" && !error.retryable) return giveUp(state, error)
      // Only before any connection opened, or with a static token: once tokens from the same
      // provider or endpoint have opened a connection, a run of such closes is likelier an outage
      // (a restarting service, a lost network), which `maxAttempts` bounds as it does any other.
      const unseen =
        !config.seesUpgradeStatus && closed !== undefined && closed.httpStatus === undefined && closed.code === 1006 && (state.connections === 0 || config.staticToken)
      const unseenRefusals = unseen ? state.unseenRefusals + 1 : 0
      if (unseenRefusals >= UNSEEN_REFUSAL_LIMIT) {
        // A static token after its first connection is the likely cause: say what to pass instead.
        return giveUp({ ...state, unseenRefusals }, config.staticToken && state.connections > 0 ? staticTokenSpent(undefined) : unseenRefusal(unseenRefusals))
      }
      return failed(config, { ...state, authRefusals: 0, unseenRefusals }, error, "connect-failed", random)
    }
    case "Opened":
      return {
        state: { ...state, connections: state.connections + 1, unseenRefusals: 0, openedAt: event.now, progressed: false, completedOne: false },
        decision: { _tag: "Wait" }
      }
    case "Progress":
      return { state: { ...state, progressed: true, completedOne: state.completedOne || event.answered }, decision: { _tag: "Wait" } }
    case "Closed":
      return ended(config, state, event.now, event.info, random)
    case "Silent":
      return ended(config, state, event.now, undefined, random)
  }
}
