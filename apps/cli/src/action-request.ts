import { isTerminalState, RemoteError, superpowerError, type ActionName, type OptaveClientPromise, type PromiseRequestOptions, type SuperpowerEvent } from "@org/optave-node"
import type { EventPrinter } from "./event-printer.ts"

/** How one request ended, superpower by superpower. */
export interface RequestOutcome {
  readonly action: ActionName
  /** Last state of each superpower seen. */
  readonly states: ReadonlyMap<string, string>
  readonly completed: number
  /** Superpowers that ended in `error`, as `RemoteError`s (the first one decides exit code 5). */
  readonly errors: ReadonlyArray<RemoteError>
  readonly elapsedMs: number
}

type StreamMethod = (payload: unknown, options?: PromiseRequestOptions) => AsyncIterable<SuperpowerEvent>

/**
 * Streams one request, handing each event to `printer` as it arrives. Resolves with the outcome
 * (superpowers in `error` included); rejects with the client's tagged error when the request
 * itself fails (validation, auth, transport, timeout, protocol). The printer is always finished.
 */
export const runActionRequest = async (
  client: OptaveClientPromise,
  action: ActionName,
  payload: unknown,
  options: PromiseRequestOptions,
  printer: EventPrinter
): Promise<RequestOutcome> => {
  const startedAt = Date.now()
  const states = new Map<string, string>()
  const errors: Array<RemoteError> = []
  const stream = client.stream[action] as StreamMethod
  try {
    for await (const event of stream(payload, options)) {
      const previous = states.get(event.actionType)
      // A late non-terminal frame does not undo an end (frames may arrive out of order).
      if (previous === undefined || !isTerminalState(previous) || isTerminalState(event.state)) states.set(event.actionType, event.state)
      if (event.state === "error" && previous !== "error") {
        const { message, code } = superpowerError(event)
        errors.push(
          new RemoteError({
            action,
            superpower: event.actionType,
            reason: message,
            ...(code === undefined ? {} : { errorCode: code }),
            ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId })
          })
        )
      }
      printer.event(event)
    }
  } finally {
    printer.finish()
  }
  const completed = [...states.values()].filter((state) => state === "completed").length
  return { action, states, completed, errors, elapsedMs: Date.now() - startedAt }
}
