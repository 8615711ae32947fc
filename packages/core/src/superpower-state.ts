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
