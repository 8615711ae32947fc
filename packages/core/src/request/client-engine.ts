import { findError } from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { resolveConfig, type ClientConfig, type ResolvedConfig } from "../config/client-config.ts"
import { EventOutlet } from "./event-outlet.ts"
import { ConfigError, TimeoutError, TransportError, type OptaveError, type ProtocolError } from "../errors.ts"
import type { ActionName } from "../generated/catalog.ts"
import type { ActionPayloads, SuperpowerEvent } from "../generated/types.ts"
import { Platform, type PlatformShape } from "../platform.ts"
import { makeRestTransport } from "../http/rest-transport.ts"
import { makePrepare, type Prepared } from "./prepare-request.ts"
import type { RequestOptions } from "../request-options.ts"
import { retryingBusy, type Attempt } from "./busy-retry.ts"
import { makeSocketSession, type SocketStats } from "../socket/socket-session.ts"
import { SocketRequest, type EventSink } from "../socket/socket-request.ts"
import { makeTokenSource } from "../auth/token-source.ts"
import { makeUuidV7 } from "./uuid-v7.ts"
import { endsSuperpower } from "./superpower-state.ts"
import { makeRefusedFrameLog } from "../observability/client-log.ts"
import type { RequestTrace } from "../observability/request-span.ts"

// The client's engine: requests in, events out through plain callbacks, by one entry (`open`).
// Both faces are adapters over it: the Effect API (optave-client.ts) in Effects and Streams, the
// Promise API (promise-client.ts) in native Promises and async iterables; collecting a result is
// `open` with a `ResultCollector` as its sink. Keeping Effect's Stream out of the engine keeps it out of
// bundles that only use the Promise API (Workers, browsers).

export interface ClientStats extends SocketStats {
  readonly pending: number
}

export type { EventSink }

export interface ClientEngine {
  /**
   * Sends one request; its events go to `sink` until every expected superpower ended (`end`),
   * or the request fails (`fail`, also at once for a rejected payload: nothing is sent).
   * Returns what cancels it: no resend, nothing more sent, `sink` hears nothing more. `trace`, when
   * the request is traced, hears what its span records (request-span.ts).
   */
  readonly open: <A extends ActionName>(action: A, payload: ActionPayloads[A], options: RequestOptions | undefined, sink: EventSink, trace?: RequestTrace) => () => void
  /**
   * Events that answer no pending request: a new result after its request ended (insights may send
   * `performance_criteria` as several frames), an unknown correlation, or uncorrelated in strict mode.
   */
  readonly unrouted: EventOutlet<SuperpowerEvent>
  /** Frames that failed their checks; they never reach a request. */
  readonly protocolErrors: EventOutlet<ProtocolError>
  /** Counters: connects, reconnects, resends, dropped duplicates... */
  readonly stats: () => ClientStats
  /** Simulates a network drop of the current socket (for resilience tests). */
  readonly dropConnection: () => void
  /** Ends every pending request with `CLIENT_CLOSED` and closes the socket. */
  readonly close: Effect.Effect<void>
}

/** Events kept for late subscribers of `unrouted` and `protocolErrors`, so none is lost unseen... */
const OUTLET_REPLAY = 1_000
/** ...while what they hold stays under this many characters (about 8 MB each): bounded whatever the frames. */
const OUTLET_REPLAY_CHARS = 4_000_000

/** What keeping a protocol error costs, in characters (its issues are already cut to a few). */
const charsOfProtocolError = (error: ProtocolError): number => {
  let chars = 64 + error.reason.length
  for (const issue of error.issues ?? []) chars += issue.path.length + issue.message.length + 32
  return chars
}

/**
 * Builds the engine from its configuration. Checks everything before any connection (a bad
 * tenant, an insecure URL or a secret in a browser fail here with `ConfigError`); connects lazily.
 * The caller owns `close` (the Effect API ties it to its scope, the Promise API to `close()`).
 */
export const makeEngine = (
  config: ClientConfig,
  random: () => number = Math.random
): Effect.Effect<ClientEngine, ConfigError, Platform> =>
  Effect.gen(function* () {
    const given: PlatformShape = yield* Platform
    // The one place where the platform's fetch is chosen: REST and tokens both read `platform.fetch`.
    const platform: PlatformShape = typeof config?.fetch === "function" ? { ...given, fetch: config.fetch } : given
    let resolved: ResolvedConfig
    try {
      resolved = resolveConfig(config, platform.isBrowserLike)
    } catch (error) {
      return yield* Effect.fail(error instanceof ConfigError ? error : new ConfigError({ field: "(root)", reason: String(error) }))
    }
    const log = resolved.log
    if (resolved.socketTokenTransport === "query") {
      log.warn?.("insecure-option", { option: "socketTokenTransport", value: "query", risk: "the token travels in the WebSocket URL, where proxies and logs can record it" })
    }
    if (resolved.auth._tag === "ClientCredentials" && resolved.auth.credentialsTransport === "query") {
      log.warn?.("insecure-option", { option: "credentialsTransport", value: "query", risk: "the client secret travels in the token URL, where proxies and logs can record it" })
    }
    const tokens = makeTokenSource(resolved.auth, platform, resolved.retry, resolved.timeouts, log, random)
    const unroutedOutlet = new EventOutlet<SuperpowerEvent>(OUTLET_REPLAY, OUTLET_REPLAY_CHARS)
    const errorOutlet = new EventOutlet<ProtocolError>(OUTLET_REPLAY, OUTLET_REPLAY_CHARS)
    const session = yield* makeSocketSession(
      resolved,
      platform,
      tokens,
      {
        unrouted: (event, chars) => unroutedOutlet.publish(event, chars),
        protocolError: (error) => {
          refusedFrames.note(error)
          errorOutlet.publish(error, charsOfProtocolError(error))
        }
      },
      random
    )
    const rest = makeRestTransport(resolved, platform, tokens, random)
    // Fails (CLIENT_CLOSED) when the client closes: every REST exchange races it, so `close()`
    // ends them at once, their fetch aborted and any Retry-After sleep with them.
    const closing = Deferred.makeUnsafe<never, TransportError>()
    const clientClosed = () => new TransportError({ code: "CLIENT_CLOSED", reason: "the client was closed", retryable: false })
    const newId = makeUuidV7(platform.fillRandom)

    const clock = yield* Clock.Clock
    const fork = Effect.runForkWith(yield* Effect.context<never>())
    const prepare = makePrepare(resolved, () => clock.currentTimeMillisUnsafe(), newId, platform.encodeFrame)
    /** Calls `then` after `delayMs` on Effect's clock; returns what cancels it. */
    const sleep = (delayMs: number, then: () => void): (() => void) => {
      const timer = fork(Effect.sleep(delayMs))
      timer.addObserver((exit) => {
        if (Exit.isSuccess(exit)) then()
      })
      return () => timer.interruptUnsafe()
    }
    const busyRuntime = { now: () => clock.currentTimeMillisUnsafe(), sleep, random, log }
    // Used by the session's protocolError outlet above, which hears no frame before the engine is built.
    const refusedFrames = makeRefusedFrameLog(log, sleep)

    /** The REST exchange: one answer with all events (retried by the policy, bounded by the request's timeout). */
    const sendRest = (prepared: Prepared, trace: RequestTrace | undefined): Effect.Effect<ReadonlyArray<SuperpowerEvent>, OptaveError> => {
      if (Deferred.isDoneUnsafe(closing)) return Effect.fail(clientClosed())
      const correlationId = prepared.correlationId
      return rest
        .send({
          restPath: prepared.restPath,
          // Always a string over REST (only WebSocket frames are encoded); decoded should that ever change.
          body: typeof prepared.text === "string" ? prepared.text : new TextDecoder().decode(prepared.text),
          idempotencyKey: prepared.idempotencyKey,
          correlationId,
          retry: prepared.retry,
          deadline: prepared.now + prepared.timeoutMs,
          traceparent: trace?.traceparent,
          onAttempt: trace?.attempted
        })
        .pipe(
          Effect.timeoutOrElse({
            duration: prepared.timeoutMs,
            orElse: () => Effect.fail(new TimeoutError({ code: "REQUEST_TIMEOUT", timeoutMs: prepared.timeoutMs }))
          }),
          Effect.flatMap((events) => Effect.succeed(events.map((event) => (event.correlationId === undefined ? { ...event, correlationId } : event)))),
          Effect.raceFirst(Deferred.await(closing))
        )
    }

    const isError = <A>(outcome: A | OptaveError): outcome is OptaveError => typeof outcome === "object" && outcome !== null && "_tag" in outcome

    /**
     * Runs a REST exchange in its own fiber and reports its outcome through `done`; interruption
     * (the returned canceller) reports `CANCELLED`.
     */
    const forkRest = <A>(effect: Effect.Effect<A, OptaveError>, done: (outcome: A | OptaveError) => void): (() => void) => {
      const fiber = fork(effect)
      fiber.addObserver((exit) => {
        if (Exit.isSuccess(exit)) return done(exit.value)
        const error = findError(exit.cause)
        done(error._tag === "Success" ? error.success : new TransportError({ code: "CANCELLED", reason: "the request was interrupted", retryable: false }))
      })
      return () => fiber.interruptUnsafe()
    }

    /**
     * One attempt on the socket: the request goes to the socket session; its events go to `sink`,
     * and so does a refusal (queue full, client closed). Its resends reach `sink.resent`.
     */
    const attemptOnSocket: Attempt<Prepared> = (prepared, sink, trace) => {
      trace?.attempted()
      const request = new SocketRequest({
        correlationId: prepared.correlationId,
        frame: prepared.text,
        expected: prepared.expected,
        settleMs: prepared.settleMs,
        timeoutMs: prepared.timeoutMs,
        deadline: prepared.now + prepared.timeoutMs,
        sink
      })
      const failure = session.submit(request)
      if (failure === undefined) return () => session.cancel(request)
      sink.fail(failure)
      return noop
    }

    /** One attempt over REST: one answer with all events (the exchange reports its HTTP attempts itself). */
    const attemptOnRest: Attempt<Prepared> = (prepared, sink, trace) =>
      forkRest(sendRest(prepared, trace), (outcome) => {
        if (isError(outcome)) return sink.fail(outcome)
        // No envelope over REST: the state alone ends a superpower.
        for (const event of outcome) sink.push(event, endsSuperpower(event.state, false))
        sink.end()
      })

    // The request path, composed once and in one direction: the transports, wrapped by the busy
    // retry. Tracing is an observer passed along (`trace`), never a layer of its own.
    const send = retryingBusy<Prepared>(busyRuntime, (prepared, sink, trace) => (prepared.transport === "rest" ? attemptOnRest : attemptOnSocket)(prepared, sink, trace))

    const open = <A extends ActionName>(action: A, payload: ActionPayloads[A], options: RequestOptions | undefined, sink: EventSink, trace?: RequestTrace): (() => void) => {
      const prepared = prepare(action, payload, options, trace?.traceparent)
      if (isError(prepared)) {
        sink.fail(prepared)
        return noop
      }
      if (trace !== undefined) {
        const { transport, correlationId, traceId, idempotencyKey, expected } = prepared
        trace.prepared({ transport, correlationId, traceId, idempotencyKey, expected, url: transport === "rest" ? resolved.restUrl : resolved.wsUrl })
      }
      return send(prepared, sink, trace)
    }

    return {
      open,
      unrouted: unroutedOutlet,
      protocolErrors: errorOutlet,
      stats: () => ({ ...session.stats(), pending: session.pendingCount() }),
      dropConnection: session.dropConnection,
      close: Effect.gen(function* () {
        Deferred.doneUnsafe(closing, Effect.fail(clientClosed()))
        yield* session.close
        yield* tokens.close
        refusedFrames.close()
      })
    } satisfies ClientEngine
  })


const noop = () => {}
