import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ActionResult, SuperpowerOutcome } from "./action-result.ts"
import { RemoteError, type OptaveError } from "./errors.ts"
import type { SuperpowerEvent, SuperpowerResult } from "./generated/types.ts"

interface Collecting {
  correlationId: string
  readonly events: Array<SuperpowerEvent>
  readonly superpowers: Record<string, { superpower: string; state: string; results: Array<SuperpowerResult>; error?: { message: string; code?: string } }>
}

const errorOf = (event: SuperpowerEvent): { message: string; code?: string } => {
  const item = event.message?.results?.[0]?.response?.[0]
  const message = typeof item?.content === "string" ? item.content : "the superpower reported an error without a message"
  const code = item?.error_code ?? event.error_code
  return code === undefined ? { message } : { message, code }
}

const add = (state: Collecting, event: SuperpowerEvent): Collecting => {
  state.events.push(event)
  if (state.correlationId === "" && event.correlationId !== undefined) state.correlationId = event.correlationId
  const outcome = (state.superpowers[event.actionType] ??= { superpower: event.actionType, state: event.state, results: [] })
  outcome.state = event.state
  if (event.state === "error") outcome.error = errorOf(event)
  else if (event.state === "completed") outcome.results.push(...(event.message?.results ?? []))
  return state
}

/**
 * Folds a request's event stream into its per-superpower outcome. Fails with `RemoteError`
 * (the service's message and `error_code`) when a superpower ended in `error`.
 */
export const collectResult = <A extends string>(
  action: A,
  events: Stream.Stream<SuperpowerEvent, OptaveError>
): Effect.Effect<ActionResult<A>, OptaveError> =>
  Stream.runFold(events, (): Collecting => ({ correlationId: "", events: [], superpowers: {} }), add).pipe(
    Effect.flatMap((state) => {
      for (const [superpower, outcome] of Object.entries(state.superpowers)) {
        if (outcome.state === "error" && outcome.error !== undefined) {
          return Effect.fail(
            new RemoteError({
              action,
              superpower,
              reason: outcome.error.message,
              ...(outcome.error.code === undefined ? {} : { errorCode: outcome.error.code }),
              ...(state.correlationId === "" ? {} : { correlationId: state.correlationId })
            })
          )
        }
      }
      return Effect.succeed({
        action,
        correlationId: state.correlationId,
        superpowers: state.superpowers as Readonly<Record<string, SuperpowerOutcome>>,
        events: state.events
      })
    })
  )
