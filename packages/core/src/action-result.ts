import type { SuperpowerEvent, SuperpowerResult } from "./generated/types.ts"

/** Where one superpower of a request ended up. */
export interface SuperpowerOutcome {
  readonly superpower: string
  /** `completed` or `error` once ended; the last seen state otherwise (settle timeout). */
  readonly state: string
  /** Results of its completed events, in arrival order (several frames are concatenated). */
  readonly results: ReadonlyArray<SuperpowerResult>
  /** The error's message and code when `state` is `error`. */
  readonly error?: { readonly message: string; readonly code?: string }
}

/** The collected outcome of one request: every event, and per superpower where it ended. */
export interface ActionResult<Action extends string = string> {
  readonly action: Action
  /** The request's correlation id (empty if no event arrived). */
  readonly correlationId: string
  readonly superpowers: Readonly<Record<string, SuperpowerOutcome>>
  readonly events: ReadonlyArray<SuperpowerEvent>
}
