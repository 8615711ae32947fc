import { TERMINAL_STATES } from "../generated/protocol.ts"
import type { SuperpowerEvent } from "../generated/types.ts"

// What the protocol says about a superpower's events, in one place for the client, the mock
// engine and the CLI.

const terminalStates: ReadonlySet<string> = new Set(TERMINAL_STATES)

/**
 * `completed` and `error` (the schema's `TERMINAL_STATES`) end a superpower; any other state
 * (`started`, 3.1's `processing`, anything newer) is progress, never an end.
 */
export const isTerminalState = (state: string): boolean => terminalStates.has(state)

/** The text an event carries: its first response item's `content`, when that is a string. */
export const eventText = (event: SuperpowerEvent): string | undefined => {
  const content = event.message?.results?.[0]?.response?.[0]?.content
  return typeof content === "string" ? content : undefined
}

/** The message and `error_code` of an `error` event: the first response item's, else the event's code. */
export const superpowerError = (event: SuperpowerEvent): { readonly message: string; readonly code?: string } => {
  const message = eventText(event) ?? "the superpower reported an error without a message"
  const code = event.message?.results?.[0]?.response?.[0]?.error_code ?? event.error_code
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
