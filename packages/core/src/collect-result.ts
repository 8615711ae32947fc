import type { ActionResult, SuperpowerOutcome } from "./action-result.ts"
import { RemoteError, type OptaveError } from "./errors.ts"
import type { SuperpowerEvent, SuperpowerResult } from "./generated/types.ts"
import type { EventSink } from "./socket-session.ts"
import { superpowerError } from "./superpower-state.ts"

interface MutableOutcome {
  readonly superpower: string
  state: string
  readonly results: Array<SuperpowerResult>
  error?: { readonly message: string; readonly code?: string }
}

/**
 * Folds a request's events into its per-superpower outcome. `finish` gives the result, or a
 * `RemoteError` (the service's message and `error_code`) when a superpower ended in `error`.
 * It is also the request's event sink: `end` and `fail` report the outcome through `done`
 * (one object per request rather than a sink wrapping a collector).
 */
export class ResultCollector<A extends string> implements EventSink {
  private correlationId = ""
  private readonly events: Array<SuperpowerEvent> = []
  private readonly superpowers: Record<string, MutableOutcome> = {}
  private readonly action: A
  private readonly done: (outcome: ActionResult<A> | OptaveError) => void

  constructor(action: A, done: (outcome: ActionResult<A> | OptaveError) => void = () => {}) {
    this.action = action
    this.done = done
  }

  end(): void {
    this.done(this.finish())
  }

  fail(error: OptaveError): void {
    this.done(error)
  }

  push(event: SuperpowerEvent): void {
    this.events.push(event)
    if (this.correlationId === "" && event.correlationId !== undefined) this.correlationId = event.correlationId
    const outcome = (this.superpowers[event.actionType] ??= { superpower: event.actionType, state: event.state, results: [] })
    outcome.state = event.state
    if (event.state === "error") outcome.error = superpowerError(event)
    else if (event.state === "completed") outcome.results.push(...(event.message?.results ?? []))
  }

  finish(): ActionResult<A> | RemoteError {
    for (const outcome of Object.values(this.superpowers)) {
      if (outcome.state === "error" && outcome.error !== undefined) {
        return new RemoteError({
          action: this.action,
          superpower: outcome.superpower,
          reason: outcome.error.message,
          ...(outcome.error.code === undefined ? {} : { errorCode: outcome.error.code }),
          ...(this.correlationId === "" ? {} : { correlationId: this.correlationId })
        })
      }
    }
    return {
      action: this.action,
      correlationId: this.correlationId,
      superpowers: this.superpowers as Readonly<Record<string, SuperpowerOutcome>>,
      events: this.events
    }
  }
}
