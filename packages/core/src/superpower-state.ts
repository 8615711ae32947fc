import type { SuperpowerEvent } from "./generated/types.ts"

// What the protocol says about a superpower's events, in one place for the client, the mock
// engine and the CLI.

/**
 * `completed` and `error` end a superpower; any other state (`started`, 3.1's `processing`,
 * anything newer) is progress, never an end.
 */
export const isTerminalState = (state: string): boolean => state === "completed" || state === "error"

/** The message and `error_code` of an `error` event: the first response item's, else the event's code. */
export const superpowerError = (event: SuperpowerEvent): { readonly message: string; readonly code?: string } => {
  const item = event.message?.results?.[0]?.response?.[0]
  const message = typeof item?.content === "string" ? item.content : "the superpower reported an error without a message"
  const code = item?.error_code ?? event.error_code
  return code === undefined ? { message } : { message, code }
}

/**
 * `error_code`s that refuse a whole request because the service is busy: the socket's form of
 * HTTP 429 and 503 (inferred: the API pages document no WebSocket busy signal). A request whose
 * every superpower ended with one of these is retried like a 429/503 over REST.
 */
export const busyErrorCodes: ReadonlyArray<string> = ["RATE_LIMITED", "SERVICE_UNAVAILABLE"]

/** An `error` event that says the service was too busy to run the request. */
export const isBusyError = (event: SuperpowerEvent): boolean => {
  if (event.state !== "error") return false
  const code = superpowerError(event).code
  return code !== undefined && busyErrorCodes.includes(code)
}

/**
 * The one rule for "has this superpower ended?", used by the request that counts its superpowers
 * and the result that reports them: a terminal state, or any event the service sent in an
 * `optave.error.v3` envelope (whatever its state says; the official client mistakes these for
 * successes). Over REST there is no envelope, so only the state decides.
 */
export const endsSuperpower = (state: string, errorEnvelope: boolean): boolean => errorEnvelope || isTerminalState(state)
