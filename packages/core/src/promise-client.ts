import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { ActionResult } from "./action-result.ts"
import { ResultCollector } from "./request/collect-result.ts"
import type { ClientConfig } from "./config/client-config.ts"
import { TransportError, type OptaveError, type ProtocolError } from "./errors.ts"
import type { ActionName } from "./generated/catalog.ts"
import { bindActionMethods, bindStreamMethods, type ActionMethodsOf, type StreamMethodsOf } from "./generated/promise-actions.ts"
import type { ActionPayloads, SuperpowerEvent } from "./generated/types.ts"
import type { EventOutlet } from "./request/event-outlet.ts"
import { makeEngine, type ClientEngine, type ClientStats } from "./request/client-engine.ts"
import { Platform, type PlatformShape } from "./platform.ts"
import { onAbort as subscribeAbort } from "./request/abort-listeners.ts"
import { pushIterable } from "./request/push-iterable.ts"
import type { PromiseRequestOptions } from "./request-options.ts"
import { tracedOpen } from "./observability/otel-tracer.ts"

/** One method per action: resolves with every superpower's outcome once the request ends. */
export type ActionMethods = ActionMethodsOf<PromiseRequestOptions, { readonly [A in ActionName]: ActionResult<A> }>

/** One method per action: yields each superpower event as it arrives. */
export type StreamMethods = StreamMethodsOf<PromiseRequestOptions>

/** The Promise face of the client: one method per action, plus streaming, outlets and `close`. */
export interface OptaveClientPromise extends ActionMethods {
  /** The same actions, as `AsyncIterable`s of events in arrival order. */
  readonly stream: StreamMethods
  /**
   * Events that answer no pending request (a new result after its request ended, an unknown
   * correlation, uncorrelated in strict mode); late subscribers first get the last 1000 (at most
   * 4 million characters of frames).
   */
  readonly unrouted: (options?: { readonly signal?: AbortSignal }) => AsyncIterable<SuperpowerEvent>
  /** Inbound frames that failed their checks (`ProtocolError`), as they happen. */
  readonly protocolErrors: (options?: { readonly signal?: AbortSignal }) => AsyncIterable<ProtocolError>
  readonly stats: () => ClientStats
  /** Drops the socket as a network failure would; pending requests are resent after the reconnect. */
  readonly dropConnection: () => void
  /** Ends every pending request with a `TransportError` (`CLIENT_CLOSED`) and closes the socket. */
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * The callback that settles a request's Promise. Made outside the executor on purpose: a closure
 * made inside it would keep the executor's scope alive, and with it the caller's payload and
 * options, for as long as the request is pending.
 */
const settleWith =
  (resolve: (result: ActionResult) => void, reject: (error: OptaveError) => void) =>
  (outcome: ActionResult | OptaveError): void =>
    "_tag" in outcome ? reject(outcome) : resolve(outcome)

/**
 * Starts a request (`start`) that `signal` can abort. Outside `call` for the same reason as
 * `settleWith`: the callbacks kept while the request is pending must not hold the payload.
 */
const abortable = (
  signal: AbortSignal,
  settle: (outcome: ActionResult | OptaveError) => void,
  reject: (error: OptaveError) => void,
  start: (done: (outcome: ActionResult | OptaveError) => void) => () => void
): void => {
  let settled = false
  let unsubscribe = () => {}
  const cancel = start((outcome) => {
    settled = true
    unsubscribe()
    settle(outcome)
  })
  if (!settled)
    unsubscribe = subscribeAbort(signal, () => {
      cancel()
      reject(cancelled())
    })
}

const cancelled = () => new TransportError({ code: "CANCELLED", reason: "the request was aborted by its AbortSignal", retryable: false })

/**
 * Creates the Promise client over a platform. Throws `ConfigError` at once when the
 * configuration is unusable; connects on the first WebSocket request.
 */
export const createClientWith = (platform: PlatformShape, config: ClientConfig): OptaveClientPromise => {
  // Effect's `runSyncWith` throws the first typed failure (the `ConfigError`) as it is.
  const client: ClientEngine = Effect.runSyncWith(Context.make(Platform, platform))(makeEngine(config))
  // Chosen once: without a tracer a request goes straight to the engine, with no span object.
  const open = config.tracer === undefined ? client.open : tracedOpen(client.open, config.tracer)

  /** Sends one request into a `ResultCollector`, which reports its outcome once through `done`. */
  const collect = (action: ActionName, payload: unknown, options: PromiseRequestOptions | undefined, done: (outcome: ActionResult | OptaveError) => void) =>
    open(action, payload as ActionPayloads[typeof action], options, new ResultCollector(action, done))

  // A native Promise over the engine's callback form: no fiber per request on the hot path.
  const call = (action: ActionName, payload: unknown, options?: PromiseRequestOptions): Promise<ActionResult> =>
    new Promise((resolve, reject) => {
      const settle = settleWith(resolve, reject)
      const signal = options?.signal
      // Without a signal (the common case) a request costs this one callback and nothing else.
      if (signal === undefined) return void collect(action, payload, options, settle)
      if (signal.aborted) return reject(cancelled())
      abortable(signal, settle, reject, (done) => collect(action, payload, options, done))
    })

  const iterate = (action: ActionName, payload: unknown, options?: PromiseRequestOptions): AsyncIterable<SuperpowerEvent> =>
    pushIterable<SuperpowerEvent, OptaveError>((sink) => open(action, payload as ActionPayloads[typeof action], options, sink), options?.signal, cancelled)

  /** An outlet as an endless iterable: `break` or the signal ends it. */
  const follow = <A>(outlet: EventOutlet<A>, options?: { readonly signal?: AbortSignal }): AsyncIterable<A> =>
    pushIterable<A, OptaveError>((sink) => outlet.subscribe(sink.push), options?.signal, cancelled)

  const close = () => Effect.runPromise(client.close)

  return {
    ...bindActionMethods<PromiseRequestOptions, { readonly [A in ActionName]: ActionResult<A> }>(call),
    stream: bindStreamMethods(iterate),
    unrouted: (options) => follow(client.unrouted, options),
    protocolErrors: (options) => follow(client.protocolErrors, options),
    stats: client.stats,
    dropConnection: client.dropConnection,
    close,
    [Symbol.asyncDispose]: close,
    // Printing the client (console.log, JSON.stringify) shows no configuration, so no secret.
    toJSON: () => ({ client: "optave", platform: platform.name }),
    [Symbol.for("nodejs.util.inspect.custom")]: () => `OptaveClient { platform: ${platform.name} }`
  } as OptaveClientPromise
}
