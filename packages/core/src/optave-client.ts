import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import type * as Tracer from "effect/Tracer"
import * as Stream from "effect/Stream"
import type { ActionResult } from "./action-result.ts"
import { makeEngine, type ClientStats } from "./request/client-engine.ts"
import { ResultCollector } from "./request/collect-result.ts"
import type { ClientConfig } from "./config/client-config.ts"
import type { EventOutlet } from "./request/event-outlet.ts"
import type { ConfigError, OptaveError, ProtocolError } from "./errors.ts"
import type { ActionName } from "./generated/catalog.ts"
import type { ActionPayloads, SuperpowerEvent } from "./generated/types.ts"
import type { Platform } from "./platform.ts"
import type { RequestOptions } from "./request-options.ts"
import { effectLogger } from "./observability/effect-logger.ts"
import { effectSpanWriter } from "./observability/effect-request-span.ts"
import { RequestSpan, spanName, startAttributes } from "./observability/request-span.ts"
import type { EventSink } from "./socket/socket-request.ts"

export type { ClientStats }

/**
 * The Effect face of the engine, what users call: the same requests as Effects and Streams. The
 * client also closes with the scope (or layer) that built it.
 */
export interface OptaveClientShape {
  /**
   * Sends one request and collects its outcome per superpower. A superpower in `error` does not
   * fail it (it is in `superpowers` and `errors`); only the request failing does.
   */
  readonly collect: <A extends ActionName>(action: A, payload: ActionPayloads[A], options?: RequestOptions) => Effect.Effect<ActionResult<A>, OptaveError>
  /** Sends one request and streams its events until every expected superpower ended. */
  readonly stream: <A extends ActionName>(
    action: A,
    payload: ActionPayloads[A],
    options?: RequestOptions
  ) => Stream.Stream<SuperpowerEvent, OptaveError>
  /**
   * Events that answer no pending request (a new result after its request ended, an unknown
   * correlation, uncorrelated in strict mode), as an endless Stream.
   */
  readonly unrouted: Stream.Stream<SuperpowerEvent>
  /** Inbound frames that failed their checks, as an endless Stream. */
  readonly protocolErrors: Stream.Stream<ProtocolError>
  /** Counters: connects, reconnects, resends, dropped duplicates... */
  readonly stats: () => ClientStats
  /** Drops the socket as a network failure would; pending requests are resent after the reconnect. */
  readonly dropConnection: () => void
  /** Ends every pending request with `CLIENT_CLOSED` and closes the socket, before the scope does. */
  readonly close: Effect.Effect<void>
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
  Effect.flatMap(
    Effect.zip(
      // Log lines go to Effect's logger unless the configuration names another.
      Effect.flatMap(Effect.context<never>(), (context) => makeEngine(typeof config === "object" && config !== null && config.logger === undefined ? { ...config, logger: effectLogger(context) } : config, random)),
      Clock.Clock
    ),
    ([{ open, unrouted, protocolErrors, stats, dropConnection, close }, clock]) => {
    /** Sends a request inside the Effect span `span` (request-span.ts records what it does). */
    const openInSpan = <A extends ActionName>(action: A, payload: ActionPayloads[A], options: RequestOptions | undefined, sink: EventSink, span: Tracer.Span) => {
      const traced = new RequestSpan(effectSpanWriter(span, clock), sink)
      return open(action, payload, options, traced, traced)
    }
    const spanOptions = (action: ActionName) => ({ kind: "client", attributes: startAttributes(action) }) as const
    // Collecting is `open` into a `ResultCollector`: the partial-failure and busy rules are the
    // same for the Promise, Effect and stream APIs. Each request is one span (`Effect.withSpan`'s
    // own primitive, which hands the span over), ended by Effect with the request's Exit.
    const collect = <A extends ActionName>(action: A, payload: ActionPayloads[A], options?: RequestOptions) =>
      Effect.useSpan(spanName(action), spanOptions(action), (span) =>
        Effect.callback<ActionResult<A>, OptaveError>((resume) => {
          const collector = new ResultCollector(action, (outcome) => resume("_tag" in outcome ? Effect.fail(outcome) : Effect.succeed(outcome)))
          return Effect.sync(openInSpan(action, payload, options, collector, span))
        })
      )
    return Effect.as(Effect.addFinalizer(() => close), {
      collect,
      stream: (action, payload, options) =>
        Stream.callback<SuperpowerEvent, OptaveError>((queue) =>
          // `Stream.withSpan` makes the request's span the current one here.
          Effect.flatMap(Effect.option(Effect.currentSpan), (span) => {
            const sink: EventSink = {
              push: (event) => void Queue.offerUnsafe(queue, event),
              end: () => void Queue.endUnsafe(queue),
              fail: (error) => void Queue.failCauseUnsafe(queue, Cause.fail(error))
            }
            const cancel = span._tag === "Some" ? openInSpan(action, payload, options, sink, span.value) : open(action, payload, options, sink)
            // Interruption forgets the request: no resend, nothing more sent.
            return Effect.addFinalizer(() => Effect.sync(cancel))
          })
        ).pipe(Stream.withSpan(spanName(action), spanOptions(action))),
      unrouted: outletStream(unrouted),
      protocolErrors: outletStream(protocolErrors),
      stats,
      dropConnection,
      close
    } satisfies OptaveClientShape)
  })

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
 * Sends one request and collects its outcome per superpower (Effect API). A superpower in the
 * `error` state does not fail it: it is in `superpowers` and `errors`, beside the completed ones.
 */
export const request = <A extends ActionName>(
  action: A,
  payload: ActionPayloads[A],
  options?: RequestOptions
): Effect.Effect<ActionResult<A>, OptaveError, OptaveClient> =>
  OptaveClient.use((client) => client.collect(action, payload, options))
