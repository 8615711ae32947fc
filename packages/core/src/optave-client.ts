import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as PubSub from "effect/PubSub"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { collectResult } from "./collect-result.ts"
import type { ActionResult } from "./action-result.ts"
import { resolveConfig, type ClientConfig, type ResolvedConfig } from "./client-config.ts"
import { makeEnvelope } from "./envelope.ts"
import { ConfigError, TimeoutError, ValidationError, type OptaveError, type ProtocolError } from "./errors.ts"
import { actionCatalog, payloadValidators, type ActionName } from "./generated/catalog.ts"
import type { ActionPayloads, SuperpowerEvent } from "./generated/types.ts"
import { validateEnvelopeHeaders } from "./generated/validators.ts"
import { Platform, type PlatformShape } from "./platform.ts"
import { makeRestTransport } from "./rest-transport.ts"
import type { RequestOptions } from "./request-options.ts"
import { RequestTracker } from "./request-tracker.ts"
import { makeSocketSession, type SocketStats } from "./socket-session.ts"
import { makeTokenSource } from "./token-source.ts"
import { makeUuidV7 } from "./uuid-v7.ts"

export interface ClientStats extends SocketStats {
  readonly pending: number
}

export interface OptaveClientShape {
  /** Sends one request and streams its events until every expected superpower ended. */
  readonly stream: <A extends ActionName>(
    action: A,
    payload: ActionPayloads[A],
    options?: RequestOptions
  ) => Stream.Stream<SuperpowerEvent, OptaveError>
  /** Events that answer no pending request (late, unknown correlation, or uncorrelated in strict mode). */
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

/** Events kept for late subscribers of `unrouted` and `protocolErrors`, so none is lost unseen. */
const OUTLET_REPLAY = 1_000

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
      schemaRef: "optave.message.v3",
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
 * Builds a client from its configuration. Checks everything before any connection (a bad
 * tenant, an insecure URL or a secret in a browser fail here with `ConfigError`); connects lazily.
 */
export const make = (
  config: ClientConfig,
  random: () => number = Math.random
): Effect.Effect<OptaveClientShape, ConfigError, Platform | Scope.Scope> =>
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
    const tokens = makeTokenSource(resolved.auth, platform, resolved.retry, resolved.timeouts)
    const unroutedHub = yield* PubSub.unbounded<SuperpowerEvent>({ replay: OUTLET_REPLAY })
    const errorHub = yield* PubSub.unbounded<ProtocolError>({ replay: OUTLET_REPLAY })
    const session = yield* makeSocketSession(
      resolved,
      platform,
      tokens,
      {
        unrouted: (event) => void PubSub.publishUnsafe(unroutedHub, event),
        protocolError: (error) => void PubSub.publishUnsafe(errorHub, error)
      },
      random
    )
    const rest = makeRestTransport(resolved, platform, tokens)
    const newId = makeUuidV7(platform.fillRandom)
    yield* Effect.addFinalizer(() => session.close)

    const overrides = (action: ActionName, options: RequestOptions | undefined) =>
      options?.expectedSuperpowers ?? resolved.expectedSuperpowers[action] ?? actionCatalog[action].superpowers

    const stream = <A extends ActionName>(action: A, payload: ActionPayloads[A], options?: RequestOptions) =>
      Stream.callback<SuperpowerEvent, OptaveError>((queue) =>
        Effect.gen(function* () {
          // Validate first: an invalid payload fails here and nothing is sent.
          const validator = payloadValidators[action]
          if (validator === undefined) {
            return yield* Effect.fail(new ValidationError({ issues: [{ path: "action", message: `unknown action ${String(action)}` }] }))
          }
          const issues = validator(payload)
          if (issues.length > 0) return yield* Effect.fail(new ValidationError({ action, issues }))
          const optionsError = checkHeaderOverrides(options)
          if (optionsError !== undefined) return yield* Effect.fail(optionsError)

          const definition = actionCatalog[action]
          const now = yield* Clock.currentTimeMillis
          const envelope = makeEnvelope(definition.wireName, payload, options, resolved, now, newId)
          const tracker = new RequestTracker(overrides(action, options))
          const timeoutMs = options?.timeoutMs ?? resolved.timeouts.requestMs
          const correlationId = envelope.headers.correlationId

          if ((options?.transport ?? resolved.transport) === "rest") {
            const events = yield* rest
              .send({
                restPath: definition.restPath,
                body: JSON.stringify(payload),
                idempotencyKey: envelope.headers.idempotencyKey,
                correlationId,
                retry: { ...resolved.retry, ...options?.retry }
              })
              .pipe(
                Effect.timeoutOrElse({
                  duration: timeoutMs,
                  orElse: () => Effect.fail(new TimeoutError({ code: "REQUEST_TIMEOUT", timeoutMs }))
                })
              )
            for (const event of events) {
              const delivered = event.correlationId === undefined ? { ...event, correlationId } : event
              Queue.offerUnsafe(queue, delivered)
            }
            Queue.endUnsafe(queue)
            return
          }

          const failure = session.submit({
            correlationId,
            idempotencyKey: envelope.headers.idempotencyKey,
            frame: JSON.stringify(envelope),
            tracker,
            settleMs: options?.settleTimeoutMs ?? resolved.timeouts.settleMs,
            timeoutMs,
            deadline: now + timeoutMs,
            sink: {
              push: (event) => void Queue.offerUnsafe(queue, event),
              end: () => void Queue.endUnsafe(queue),
              fail: (error) => void Queue.failCauseUnsafe(queue, Cause.fail(error))
            }
          })
          if (failure !== undefined) return yield* Effect.fail(failure)
          // Interruption (or an aborted signal) forgets the request: no resend, nothing more sent.
          yield* Effect.addFinalizer(() => Effect.sync(() => session.cancel(correlationId)))
        })
      )

    return {
      stream,
      unrouted: Stream.fromPubSub(unroutedHub),
      protocolErrors: Stream.fromPubSub(errorHub),
      stats: () => ({ ...session.stats(), pending: session.pendingCount() }),
      dropConnection: session.dropConnection,
      close: session.close,
      config: resolved
    } satisfies OptaveClientShape
  })

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
  OptaveClient.use((client) => collectResult(action, client.stream(action, payload, options)))
