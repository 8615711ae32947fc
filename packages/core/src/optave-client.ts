import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { ActionResult } from "./action-result.ts"
import { makeEngine, type ClientStats } from "./client-engine.ts"
import type { ClientConfig, ResolvedConfig } from "./client-config.ts"
import type { EventOutlet } from "./event-outlet.ts"
import type { ConfigError, OptaveError, ProtocolError } from "./errors.ts"
import type { ActionName } from "./generated/catalog.ts"
import type { ActionPayloads, SuperpowerEvent } from "./generated/types.ts"
import type { Platform } from "./platform.ts"
import type { RequestOptions } from "./request-options.ts"

export type { ClientStats }

export interface OptaveClientShape {
  /** Sends one request and streams its events until every expected superpower ended. */
  readonly stream: <A extends ActionName>(
    action: A,
    payload: ActionPayloads[A],
    options?: RequestOptions
  ) => Stream.Stream<SuperpowerEvent, OptaveError>
  /** Sends one request and collects its results per superpower; `RemoteError` if one ended in `error`. */
  readonly collect: <A extends ActionName>(
    action: A,
    payload: ActionPayloads[A],
    options?: RequestOptions
  ) => Effect.Effect<ActionResult<A>, OptaveError>
  /**
   * `collect` with plain callbacks: reports once through `done`, returns a canceller. For
   * facades that should not pay for a fiber per request (the Promise API).
   */
  readonly collectWith: <A extends ActionName>(
    action: A,
    payload: ActionPayloads[A],
    options: RequestOptions | undefined,
    done: (outcome: ActionResult<A> | OptaveError) => void
  ) => () => void
  /**
   * Events that answer no pending request: a new result after its request ended (insights may send
   * `performance_criteria` as several frames), an unknown correlation, or uncorrelated in strict mode.
   */
  readonly unrouted: Stream.Stream<SuperpowerEvent>
  /** Frames that failed their checks; they never reach a request. */
  readonly protocolErrors: Stream.Stream<ProtocolError>
  /** Counters: connects, reconnects, resends, dropped duplicates... */
  readonly stats: () => ClientStats
  /** Simulates a network drop of the current socket (for resilience tests). */
  readonly dropConnection: () => void
  /** Ends every pending request with `CLIENT_CLOSED` and closes the socket. */
  readonly close: Effect.Effect<void>
  /** The resolved configuration, secrets redacted. */
  readonly config: ResolvedConfig
}

/** The client as an Effect service; `layer(config)` provides it, given a `Platform`. */
export class OptaveClient extends Context.Service<OptaveClient, OptaveClientShape>()("@org/optave-core/OptaveClient") {}

/**
 * Builds a client from its configuration. Checks everything before any connection (a bad
 * tenant, an insecure URL or a secret in a browser fail here with `ConfigError`); connects lazily.
 */
export const make = (
  config: ClientConfig,
  random: () => number = Math.random
): Effect.Effect<OptaveClientShape, ConfigError, Platform | Scope.Scope> =>
  Effect.flatMap(makeEngine(config, random), (engine) => Effect.as(Effect.addFinalizer(() => engine.close), {
    stream: (action, payload, options) =>
      Stream.callback<SuperpowerEvent, OptaveError>((queue) =>
        Effect.suspend(() => {
          const cancel = engine.open(action, payload, options, {
            push: (event) => void Queue.offerUnsafe(queue, event),
            end: () => void Queue.endUnsafe(queue),
            fail: (error) => void Queue.failCauseUnsafe(queue, Cause.fail(error))
          })
          // Interruption forgets the request: no resend, nothing more sent.
          return Effect.addFinalizer(() => Effect.sync(cancel))
        })
      ),
    collect: engine.collect,
    collectWith: engine.collectWith,
    unrouted: outletStream(engine.unrouted),
    protocolErrors: outletStream(engine.protocolErrors),
    stats: engine.stats,
    dropConnection: engine.dropConnection,
    close: engine.close,
    config: engine.config
  } satisfies OptaveClientShape))

/** An outlet as an endless Stream (end it with `Stream.take`, interruption or `close`). */
const outletStream = <A>(outlet: EventOutlet<A>): Stream.Stream<A> =>
  Stream.callback<A>((queue) =>
    Effect.acquireRelease(
      Effect.sync(() => outlet.subscribe((item) => void Queue.offerUnsafe(queue, item))),
      (unsubscribe) => Effect.sync(unsubscribe)
    )
  )

/** Provides `OptaveClient` from a configuration; needs a `Platform` layer (node, edge or deno). */
export const layer = (config: ClientConfig): Layer.Layer<OptaveClient, ConfigError, Platform> =>
  Layer.effect(OptaveClient)(make(config))

/** Streams the events of one request (Effect API). */
export const requestStream = <A extends ActionName>(
  action: A,
  payload: ActionPayloads[A],
  options?: RequestOptions
): Stream.Stream<SuperpowerEvent, OptaveError, OptaveClient> =>
  Stream.unwrap(OptaveClient.useSync((client) => client.stream(action, payload, options)))

/**
 * Sends one request and collects its results per superpower (Effect API). Fails with
 * `RemoteError` when a superpower ended in the `error` state.
 */
export const request = <A extends ActionName>(
  action: A,
  payload: ActionPayloads[A],
  options?: RequestOptions
): Effect.Effect<ActionResult<A>, OptaveError, OptaveClient> =>
  OptaveClient.use((client) => client.collect(action, payload, options))
