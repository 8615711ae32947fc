import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { ResultCollector } from "./collect-result.ts"
import type { ActionResult } from "./action-result.ts"
import { resolveConfig, type ClientConfig, type ResolvedConfig } from "./client-config.ts"
import { makeEnvelope, type RequestEnvelope } from "./envelope.ts"
import { EventOutlet } from "./event-outlet.ts"
import { serializeJson } from "./json-serialization.ts"
import { ConfigError, TimeoutError, TransportError, ValidationError, type OptaveError, type ProtocolError } from "./errors.ts"
import { actionCatalog, payloadValidators, type ActionName } from "./generated/catalog.ts"
import type { ActionPayloads, SuperpowerEvent } from "./generated/types.ts"
import { validateEnvelopeHeaders } from "./generated/validators.ts"
import { SCHEMA_REF } from "./generated/protocol.ts"
import { Platform, type PlatformShape } from "./platform.ts"
import { makeRestTransport } from "./rest-transport.ts"
import { checkRequestLimits, type RequestOptions } from "./request-options.ts"
import { backoffDelayMs, type RetryOptions } from "./retry-policy.ts"
import { RequestTracker } from "./request-tracker.ts"
import { makeSocketSession, type EventSink, type SocketStats } from "./socket-session.ts"
import { makeTokenSource } from "./token-source.ts"
import { makeUuidV7 } from "./uuid-v7.ts"
import { isBusyError, isTerminalState } from "./superpower-state.ts"

// The client's engine: requests in, events out through plain callbacks. Both faces wrap it: the
// Effect API (optave-client.ts) in Effects and Streams, the Promise API (promise-client.ts) in
// native Promises and async iterables. Keeping Effect's Stream out of the engine keeps it out of
// bundles that only use the Promise API (Workers, browsers).

export interface ClientStats extends SocketStats {
  readonly pending: number
}

export type { EventSink }

export interface ClientEngine {
  /**
   * Sends one request; its events go to `sink` until every expected superpower ended (`end`),
   * or the request fails (`fail`, also at once for a rejected payload: nothing is sent).
   * Returns what cancels it: no resend, nothing more sent, `sink` hears nothing more.
   */
  readonly open: <A extends ActionName>(action: A, payload: ActionPayloads[A], options: RequestOptions | undefined, sink: EventSink) => () => void
  /**
   * Sends one request and collects its outcome per superpower. A superpower in `error` does not
   * fail it (it is in `superpowers` and `errors`); only the request failing does.
   */
  readonly collect: <A extends ActionName>(action: A, payload: ActionPayloads[A], options?: RequestOptions) => Effect.Effect<ActionResult<A>, OptaveError>
  /** `collect` with plain callbacks: reports once through `done`, returns a canceller (no fiber per socket request). */
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
  readonly unrouted: EventOutlet<SuperpowerEvent>
  /** Frames that failed their checks; they never reach a request. */
  readonly protocolErrors: EventOutlet<ProtocolError>
  /** Counters: connects, reconnects, resends, dropped duplicates... */
  readonly stats: () => ClientStats
  /** Simulates a network drop of the current socket (for resilience tests). */
  readonly dropConnection: () => void
  /** Ends every pending request with `CLIENT_CLOSED` and closes the socket. */
  readonly close: Effect.Effect<void>
  /** The resolved configuration, secrets redacted. */
  readonly config: ResolvedConfig
}

/** A validated request with its envelope, ready for either transport. */
interface Prepared {
  readonly action: ActionName
  readonly envelope: RequestEnvelope
  /** The serialized frame (WebSocket) or body (REST). */
  readonly text: string
  readonly now: number
  readonly timeoutMs: number
  readonly settleMs: number
  readonly restPath: string
  readonly transport: "ws" | "rest"
  readonly expected: ReadonlyArray<string>
  readonly retry: RetryOptions
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

const checkHeaderOverrides = (options: RequestOptions | undefined): ValidationError | undefined => {
  if (options === undefined) return undefined
  const issues: Array<{ path: string; message: string }> = []
  for (const key of ["correlationId", "traceId", "idempotencyKey"] as const) {
    const value = options[key]
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) issues.push({ path: `options.${key}`, message: "must be a non-empty string" })
  }
  if (options.timestamp !== undefined || options.networkLatencyMs !== undefined) {
    // Reuse the envelope schema for the optional headers the caller supplies.
    const probe = {
      correlationId: "x",
      traceId: "x",
      idempotencyKey: "x",
      identifier: "message",
      action: "x",
      schemaRef: SCHEMA_REF,
      sdkVersion: "x",
      issuedAt: "2000-01-01T00:00:00Z",
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      ...(options.networkLatencyMs === undefined ? {} : { networkLatencyMs: options.networkLatencyMs })
    }
    for (const issue of validateEnvelopeHeaders(probe)) issues.push({ path: `options.${issue.path}`, message: issue.message })
  }
  return issues.length > 0 ? new ValidationError({ issues }) : undefined
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
    const platform: PlatformShape = yield* Platform
    const resolved = yield* Effect.try({
      try: () => resolveConfig(config, platform.isBrowserLike),
      catch: (error) => (error instanceof ConfigError ? error : new ConfigError({ field: "(root)", reason: String(error) }))
    })
    if (resolved.socketTokenTransport === "query") {
      ;(platform.warn ?? console.warn)(
        "[optave] socketTokenTransport: 'query' puts the token in the WebSocket URL, where proxies and logs can record it."
      )
    }
    if (resolved.auth._tag === "ClientCredentials" && resolved.auth.credentialsTransport === "query") {
      ;(platform.warn ?? console.warn)(
        "[optave] credentialsTransport: 'query' puts the client secret in the token URL, where proxies and logs can record it."
      )
    }
    const refuseUnknown = { strict: resolved.refuseUnknownProperties }
    const tokens = makeTokenSource(resolved.auth, platform, resolved.retry, resolved.timeouts)
    const unroutedOutlet = new EventOutlet<SuperpowerEvent>(OUTLET_REPLAY, OUTLET_REPLAY_CHARS)
    const errorOutlet = new EventOutlet<ProtocolError>(OUTLET_REPLAY, OUTLET_REPLAY_CHARS)
    const session = yield* makeSocketSession(
      resolved,
      platform,
      tokens,
      {
        unrouted: (event, chars) => unroutedOutlet.publish(event, chars),
        protocolError: (error) => errorOutlet.publish(error, charsOfProtocolError(error))
      },
      random
    )
    const rest = makeRestTransport(resolved, platform, tokens)
    // Fails (CLIENT_CLOSED) when the client closes: every REST exchange races it, so `close()`
    // ends them at once, their fetch aborted and any Retry-After sleep with them.
    const closing = Deferred.makeUnsafe<never, TransportError>()
    const clientClosed = () => new TransportError({ code: "CLIENT_CLOSED", reason: "the client was closed", retryable: false })
    const newId = makeUuidV7(platform.fillRandom)

    const clock = yield* Clock.Clock
    const fork = Effect.runForkWith(yield* Effect.context<never>())

    /** Everything a request needs before it goes out; a failure here means nothing was sent. */
    const prepare = (action: ActionName, payload: unknown, options: RequestOptions | undefined): Prepared | OptaveError => {
      // Validate first: an invalid payload fails here and nothing is sent.
      const validator = payloadValidators[action]
      if (validator === undefined) return new ValidationError({ issues: [{ path: "action", message: `unknown action ${String(action)}` }] })
      const issues = validator(payload, refuseUnknown)
      if (issues.length > 0) return new ValidationError({ action, issues })
      const optionsError = checkHeaderOverrides(options)
      if (optionsError !== undefined) return optionsError
      const limitIssues = checkRequestLimits(options)
      if (limitIssues.length > 0) return new ValidationError({ issues: limitIssues })
      const definition = actionCatalog[action]
      const now = clock.currentTimeMillisUnsafe()
      const transport = options?.transport ?? resolved.transport
      // The correlation id is fresh unless the caller chose one (a reused requestId never collides);
      // a chosen one that belongs to a request which ended unanswered is refused by the session.
      const envelope = makeEnvelope(definition.wireName, payload, options, resolved, now, newId)
      const timeoutMs = options?.timeoutMs ?? resolved.timeouts.requestMs
      // Serialized here, so a value JSON cannot carry (a bigint, a cycle) is a ValidationError
      // with its path, and the frame is made once and resent verbatim.
      const text = transport === "rest" ? serializeJson(envelope.payload) : serializeJson(envelope, envelope.payload)
      if (typeof text !== "string") return new ValidationError({ action, issues: [text] })
      return {
        action,
        envelope,
        text,
        now,
        timeoutMs,
        restPath: definition.restPath,
        transport,
        expected: options?.expectedSuperpowers ?? resolved.expectedSuperpowers[action] ?? definition.superpowers,
        settleMs: options?.settleTimeoutMs ?? resolved.timeouts.settleMs,
        retry: {
          maxRetries: options?.retry?.maxRetries ?? resolved.retry.maxRetries,
          baseDelayMs: options?.retry?.baseDelayMs ?? resolved.retry.baseDelayMs,
          maxDelayMs: options?.retry?.maxDelayMs ?? resolved.retry.maxDelayMs
        }
      }
    }

    /** The REST exchange: one answer with all events (retried by the policy, bounded by the request's timeout). */
    const sendRest = (prepared: Prepared): Effect.Effect<ReadonlyArray<SuperpowerEvent>, OptaveError> => {
      if (Deferred.isDoneUnsafe(closing)) return Effect.fail(clientClosed())
      const correlationId = prepared.envelope.headers.correlationId
      return rest
        .send({
          restPath: prepared.restPath,
          body: prepared.text,
          idempotencyKey: prepared.envelope.headers.idempotencyKey,
          correlationId,
          retry: prepared.retry,
          deadline: prepared.now + prepared.timeoutMs
        })
        .pipe(
          Effect.timeoutOrElse({
            duration: prepared.timeoutMs,
            orElse: () => Effect.fail(new TimeoutError({ code: "REQUEST_TIMEOUT", timeoutMs: prepared.timeoutMs }))
          }),
          Effect.map((events) => events.map((event) => (event.correlationId === undefined ? { ...event, correlationId } : event))),
          Effect.raceFirst(Deferred.await(closing))
        )
    }

    /**
     * Hands a request to the socket session; its events go to `sink`, and so does a refusal (queue
     * full, client closed). Returns what cancels it: forgotten, no resend, nothing more sent.
     */
    const openOnSocket = (prepared: Prepared, sink: EventSink): (() => void) => {
      const correlationId = prepared.envelope.headers.correlationId
      const failure = session.submit({
        correlationId,
        frame: prepared.text,
        tracker: new RequestTracker(prepared.expected),
        settleMs: prepared.settleMs,
        timeoutMs: prepared.timeoutMs,
        deadline: prepared.now + prepared.timeoutMs,
        sink,
        sentOn: 0,
        settleAt: Number.POSITIVE_INFINITY
      })
      if (failure === undefined) return () => session.cancel(correlationId)
      sink.fail(failure)
      return () => {}
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
        const error = Cause.findErrorOption(exit.cause)
        done(error._tag === "Some" ? error.value : new TransportError({ code: "CANCELLED", reason: "the request was interrupted", retryable: false }))
      })
      return () => fiber.interruptUnsafe()
    }

    /** One attempt over the request's transport; its events go to `sink`. */
    const sendOnce = (prepared: Prepared, sink: EventSink): (() => void) => {
      if (prepared.transport === "rest") {
        return forkRest(sendRest(prepared), (outcome) => {
          if (isError(outcome)) return sink.fail(outcome)
          for (const event of outcome) sink.push(event)
          sink.end()
        })
      }
      return openOnSocket(prepared, sink)
    }

    /**
     * The busy-signal rule, the same on both transports: a request the service refused as busy is
     * sent again, verbatim (same idempotency key, same correlation id), after the retry policy's
     * backoff, at most `retry.maxRetries` times and within the request's deadline. Over REST the
     * transport already does this for 408, 429 and 5xx; here a request whose every superpower
     * ended in `error` with a busy code (RATE_LIMITED, SERVICE_UNAVAILABLE) is treated the same.
     * Busy `error` events are held back until the request's fate is known: if anything else ended,
     * they are delivered in order; if the retries run out, they are delivered and the request ends.
     */
    const sendRetryingBusy = (prepared: Prepared, sink: EventSink): (() => void) => {
      let retries = 0
      let cancelCurrent: () => void = () => {}
      let cancelled = false
      const attempt = () => {
        let held: Array<SuperpowerEvent> = []
        let refusedOnly = true
        const release = () => {
          for (const event of held) sink.push(event)
          held = []
        }
        cancelCurrent = sendOnce(prepared, {
          push: (event) => {
            if (refusedOnly && isBusyError(event)) return void held.push(event)
            if (isTerminalState(event.state)) {
              refusedOnly = false
              release()
            }
            sink.push(event)
          },
          end: () => {
            const delayMs = backoffDelayMs(retries, prepared.retry, random)
            const withinDeadline = clock.currentTimeMillisUnsafe() + delayMs < prepared.now + prepared.timeoutMs
            if (held.length > 0 && refusedOnly && retries < prepared.retry.maxRetries && withinDeadline && !cancelled) {
              retries++
              const timer = fork(Effect.sleep(delayMs))
              timer.addObserver((exit) => {
                if (Exit.isSuccess(exit) && !cancelled) attempt()
              })
              cancelCurrent = () => timer.interruptUnsafe()
              return
            }
            release()
            sink.end()
          },
          fail: (error) => sink.fail(error)
        })
      }
      attempt()
      return () => {
        cancelled = true
        cancelCurrent()
      }
    }

    const open = <A extends ActionName>(action: A, payload: ActionPayloads[A], options: RequestOptions | undefined, sink: EventSink): (() => void) => {
      const prepared = prepare(action, payload, options)
      if (!("envelope" in prepared)) {
        sink.fail(prepared)
        return () => {}
      }
      return sendRetryingBusy(prepared, sink)
    }

    // Collecting is streaming into a `ResultCollector`: one path, so the partial-failure rule and the
    // busy rule are the same for the Promise, Effect and stream APIs.
    const collectWith = <A extends ActionName>(
      action: A,
      payload: ActionPayloads[A],
      options: RequestOptions | undefined,
      done: (outcome: ActionResult<A> | OptaveError) => void
    ): (() => void) => open(action, payload, options, new ResultCollector(action, done))

    const collect = <A extends ActionName>(action: A, payload: ActionPayloads[A], options?: RequestOptions) =>
      Effect.callback<ActionResult<A>, OptaveError>((resume) => {
        const cancel = collectWith(action, payload, options, (outcome) => resume(isError(outcome) ? Effect.fail(outcome) : Effect.succeed(outcome)))
        return Effect.sync(cancel)
      })

    return {
      open,
      collect,
      collectWith,
      unrouted: unroutedOutlet,
      protocolErrors: errorOutlet,
      stats: () => ({ ...session.stats(), pending: session.pendingCount() }),
      dropConnection: session.dropConnection,
      close: Effect.gen(function* () {
        Deferred.doneUnsafe(closing, Effect.fail(clientClosed()))
        yield* session.close
        yield* tokens.close
      }),
      config: resolved
    } satisfies ClientEngine
  })

