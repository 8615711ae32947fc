import type { SuperpowerEvent } from "@org/optave-core/validate"

// The documented (bare) superpower events. `error_code` travels both on the event and on its
// response item: the docs show it on the item, some clients read it from the event.

/** `started`: the superpower began; no results yet. */
export const startedEvent = (actionType: string): SuperpowerEvent => ({
  action: "superpower",
  actionType,
  state: "started",
  message: { results: [] }
})

/** `completed` with one result whose first response item holds `content`. */
export const completedEvent = (actionType: string, content: unknown): SuperpowerEvent => ({
  action: "superpower",
  actionType,
  state: "completed",
  message: { results: [{ response: [{ content }] }] }
})

/** `error` with the message as the content and a machine-readable code. */
export const errorEvent = (actionType: string, message: string, code: string): SuperpowerEvent => ({
  action: "superpower",
  actionType,
  state: "error",
  error_code: code,
  message: { results: [{ response: [{ content: message, error_code: code }] }] }
})
