import type { RemoteError } from "./errors.ts"
import type { ActionName, actionCatalog } from "./generated/catalog.ts"
import type { DocumentedSuperpowerResults, SuperpowerEvent, SuperpowerResult } from "./generated/types.ts"

/** The superpowers the catalog expects from an action, e.g. `"performance_criteria" | "sentiment_analysis"` for insights. */
export type ExpectedSuperpower<A extends ActionName> = (typeof actionCatalog)[A]["superpowers"][number]

/**
 * What one result of a superpower holds: typed where the API pages document it (`improve_answer`:
 * every `response[].content` is the improved text, a string, checked on arrival), else `SuperpowerResult`
 * whose `content` is `unknown` (the pages show `//?`; what the mock sends there is its own invention).
 */
export type SuperpowerResultOf<S extends string> = S extends keyof DocumentedSuperpowerResults ? DocumentedSuperpowerResults[S] : SuperpowerResult

/** Where one superpower of a request ended up. */
export interface SuperpowerOutcome<S extends string = string> {
  readonly superpower: S
  /**
   * `completed` or `error` once ended; `missing` for a catalog superpower that never came because
   * you replaced the expected list (`expectedSuperpowers`); the last seen state otherwise.
   */
  readonly state: "completed" | "error" | "missing" | (string & {})
  /** Results of its completed events, in arrival order (several frames are concatenated). */
  readonly results: ReadonlyArray<SuperpowerResultOf<S>>
  /** The service's message (`response[0].content`) and `error_code` when `state` is `error`. */
  readonly error?: { readonly message: string; readonly code?: string }
}

/** Outcomes by superpower: the action's expected ones by name (a misspelt name does not compile). */
export type SuperpowerOutcomes<A extends ActionName> = ActionName extends A
  ? Readonly<Record<string, SuperpowerOutcome>>
  : { readonly [S in ExpectedSuperpower<A>]: SuperpowerOutcome<S> }

/**
 * The collected outcome of one request: every event, and per superpower where it ended. A
 * superpower in `error` does not discard the others: the request resolves with every outcome,
 * and `errors` lists the failed ones (empty when all completed).
 */
export interface ActionResult<A extends ActionName = ActionName> {
  readonly action: A
  /** The request's correlation id (empty if no event arrived). */
  readonly correlationId: string
  /** Every expected superpower's outcome. */
  readonly superpowers: SuperpowerOutcomes<A>
  /** Superpowers that arrived although the catalog does not list them for this action. */
  readonly otherSuperpowers: Readonly<Record<string, SuperpowerOutcome>>
  /** One `RemoteError` per superpower that ended in `error`, in arrival order; throw one if you need all-or-nothing. */
  readonly errors: ReadonlyArray<RemoteError>
  readonly events: ReadonlyArray<SuperpowerEvent>
}
