import type { actionCatalog } from "@org/optave-core/validate"
import type { ActionName, RecordedRequest } from "./request-record.ts"
import type { SuperpowerContent } from "./superpower-content.ts"

/** The superpowers an action is expected to produce, from the catalog. */
export type SuperpowerOf<Action extends ActionName> = (typeof actionCatalog)[Action]["superpowers"][number]

/** Content to answer instead of the generated one, per superpower of the action. */
export type ScenarioResults<Action extends ActionName> = {
  readonly [Superpower in SuperpowerOf<Action>]?: SuperpowerContent<Superpower>
}

/** Answer an HTTP status instead of working (over the socket: an error event per superpower). */
export interface ScenarioHttpFault {
  readonly status: 429 | 500 | 503
  /** `Retry-After`: seconds, or an HTTP date. */
  readonly retryAfter?: number | string
  /** `retry-after-ms`, the millisecond variant some clients read. */
  readonly retryAfterMs?: number
  /** How many attempts get this status before the scenario lets requests through (default 1; `Infinity` for always). */
  readonly times?: number
}

/** Close the socket abruptly after some frames (over REST: destroy the connection without answering). */
export interface ScenarioDrop {
  readonly afterFrames: number
  /** How many requests are dropped this way (default 1). */
  readonly times?: number
}

/** A superpower ending in `error`: the named one, or every superpower of the action. */
export interface ScenarioError<Action extends ActionName> {
  readonly superpower?: SuperpowerOf<Action>
  readonly message: string
  /** Default `PROCESSING_FAILED`. */
  readonly code?: string
}

/**
 * What the engine should do for the requests a test cares about. The most recently added
 * scenario that matches a valid request applies (one per request).
 */
export interface Scenario<Action extends ActionName = ActionName> {
  /** Only requests of this action (any action when absent). */
  readonly action?: Action
  /** Only requests for which this returns true. */
  readonly match?: (request: RecordedRequest<Action>) => boolean
  readonly results?: ScenarioResults<Action>
  readonly error?: ScenarioError<Action>
  /** Delay before the first frame and between frames, overriding the engine's. */
  readonly latencyMs?: number
  readonly http?: ScenarioHttpFault
  readonly drop?: ScenarioDrop
  /** Send every frame twice. */
  readonly duplicate?: boolean
  /** Shuffle the frames (seeded), so `completed` may come before `started`. */
  readonly reorder?: boolean
  /** Apply to one request, then remove itself. */
  readonly once?: boolean
}
