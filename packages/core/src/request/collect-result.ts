import type { ActionResult, SuperpowerOutcome } from "../action-result.ts"
import { RemoteError, TimeoutError, type OptaveError } from "../errors.ts"
import { actionRoutes, type ActionName } from "../generated/catalog.ts"
import type { SuperpowerEvent, SuperpowerResult } from "../generated/types.ts"
import type { EventSink } from "../socket/socket-request.ts"
import { isTerminalState, superpowerError } from "./superpower-state.ts"

interface MutableOutcome {
  readonly superpower: string
  state: string
  readonly results: Array<SuperpowerResult>
  error?: { readonly message: string; readonly code?: string }
}

/**
 * Folds a request's events into its per-superpower outcome. The one rule of partial failure:
 * a superpower in `error` is an outcome, not a failure of the request, so `finish` always gives
 * the result (the failed superpowers also listed in `errors`); only the request itself failing
 * (validation, auth, transport, timeout, protocol) reaches `fail`. The stream APIs follow the same
 * rule: an `error` event is yielded and the stream ends normally.
 * It is also the request's event sink: `end` and `fail` report the outcome through `done`
 * (one object per request rather than a sink wrapping a collector).
 */
export class ResultCollector<A extends ActionName> implements EventSink {
  #correlationId = ""
  /** Made at the first event, like the Map below. */
  #events: Array<SuperpowerEvent> | undefined
  /** Made at the first event: a pending request that has heard nothing holds no Map. */
  #outcomesByName: Map<string, MutableOutcome> | undefined
  readonly #action: A
  readonly #done: (outcome: ActionResult<A> | OptaveError) => void

  constructor(action: A, done: (outcome: ActionResult<A> | OptaveError) => void = () => {}) {
    this.#action = action
    this.#done = done
  }

  end(): void {
    this.#done(this.finish())
  }

  fail(error: OptaveError): void {
    // A timeout after some events keeps them: nothing that arrived is thrown away.
    if (error._tag === "TimeoutError" && this.#events !== undefined && error.partialResult === undefined) {
      this.#done(
        new TimeoutError({
          code: error.code,
          timeoutMs: error.timeoutMs,
          ...(error.pendingSuperpowers === undefined ? {} : { pendingSuperpowers: error.pendingSuperpowers }),
          partialResult: this.finish() as ActionResult
        })
      )
      return
    }
    this.#done(error)
  }

  /**
   * `ends` is the request's verdict (`endsSuperpower`): an event that ended its superpower without
   * a terminal state (one in an `optave.error.v3` envelope) ended it in `error`, so the result and
   * the request agree on which superpowers ended.
   */
  push(event: SuperpowerEvent, ends: boolean): void {
    ;(this.#events ??= []).push(event)
    if (this.#correlationId === "" && event.correlationId !== undefined) this.#correlationId = event.correlationId
    const outcomes = (this.#outcomesByName ??= new Map())
    let outcome = outcomes.get(event.actionType)
    if (outcome === undefined) {
      outcome = { superpower: event.actionType, state: event.state, results: [] }
      outcomes.set(event.actionType, outcome)
    }
    outcome.state = ends && !isTerminalState(event.state) ? "error" : event.state
    if (outcome.state === "error") outcome.error = superpowerError(event)
    else if (event.state === "completed") outcome.results.push(...(event.message?.results ?? []))
  }

  finish(): ActionResult<A> {
    const outcomes = this.#outcomesByName ?? new Map<string, MutableOutcome>()
    const catalogSuperpowers: ReadonlyArray<string> = actionRoutes[this.#action]?.superpowers ?? []
    const superpowers: Record<string, SuperpowerOutcome> = {}
    const otherSuperpowers: Record<string, SuperpowerOutcome> = {}
    // A catalog superpower is always there, so `result.superpowers.<name>` never reads undefined.
    for (const name of catalogSuperpowers) superpowers[name] = outcomes.get(name) ?? { superpower: name, state: "missing", results: [] }
    const errors: Array<RemoteError> = []
    for (const outcome of outcomes.values()) {
      if (!catalogSuperpowers.includes(outcome.superpower)) otherSuperpowers[outcome.superpower] = outcome
      if (outcome.state === "error" && outcome.error !== undefined) {
        errors.push(
          new RemoteError({
            action: this.#action,
            superpower: outcome.superpower,
            reason: outcome.error.message,
            ...(outcome.error.code === undefined ? {} : { errorCode: outcome.error.code }),
            ...(this.#correlationId === "" ? {} : { correlationId: this.#correlationId })
          })
        )
      }
    }
    return {
      action: this.#action,
      correlationId: this.#correlationId,
      superpowers: superpowers as ActionResult<A>["superpowers"],
      otherSuperpowers,
      errors,
      events: this.#events ?? []
    }
  }
}
