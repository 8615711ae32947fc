import { timeoutOrElse } from "./effect-timeout.ts"
import * as Clock from "effect/Clock"
import * as Deferred from "./deferred.ts"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { findError } from "./cause-failure.ts"
import * as Redacted from "./redacted.ts"
import type { ResolvedConfig } from "./client-config.ts"
import { AuthError, TimeoutError, TransportError, type OptaveError } from "./errors.ts"
import type { PlatformShape, SocketCloseInfo, SocketLike } from "./platform.ts"
import { backoffDelayMs } from "./retry-policy.ts"
import type { TokenSource } from "./token-source.ts"
import { SUBPROTOCOL } from "./generated/protocol.ts"
import { failureFields } from "./client-log.ts"

/**
 * A static token refused on reconnect: the service accepts a token for one WebSocket connection,
 * so a reconnect needs a fresh one that a static `token` cannot give.
 */
const staticTokenSpent = (status: number | undefined): AuthError =>
  new AuthError({
    code: "TOKEN_REJECTED",
    reason:
      "the server refused the static token on reconnect: the service accepts a token for one WebSocket connection only, " +
      "so after a dropped connection a static `token` has no fresh token to offer. Pass `tokenProvider` (a function returning " +
      "a fresh token) or `clientId` with `clientSecret` (server-side only), or create a client per connection",
    ...(status === undefined ? {} : { status })
  })

// Close codes a server uses to refuse credentials: 1008 "policy violation" (RFC 6455 §7.4.1), and
// in the private range 4000-4999 (RFC 6455 §7.4.2) the HTTP statuses 401/403 as 4401/4403, and
// 4001, by convention. One retry with a fresh token, then `AuthError`.
const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4001, 4401, 4403])
/**
 * A connection that delivered no new event to a request was a failed attempt, and so was one that
 * closed sooner than this after opening without completing a request: `reconnect.maxAttempts`
 * holds against a server that accepts and closes at once (or closes with 1007, 1009, 1011, or
 * never answers a ping), or that makes up a new progress event per connection.
 */
const STABLE_CONNECTION_MS = 1_000
const isAuthRefusal = (info: SocketCloseInfo): boolean =>
  info.httpStatus === 401 || info.httpStatus === 403 || AUTH_CLOSE_CODES.has(info.code)

const causeMessage = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/** What the driver serves: the session's requests, seen through a few calls. */
export interface DriverHooks {
  /** True while requests wait for a connection and the client is open. */
  readonly hasWork: () => boolean
  readonly closed: () => boolean
  /** Every inbound frame of the current connection. */
  readonly onMessage: (data: unknown) => void
  /** A connection opened (its generation counts from 1). */
  readonly onOpen: (socket: SocketLike, generation: number) => void
  /** The current connection closed. */
  readonly onClose: () => void
  /** Ends every pending request: the connection cannot be had. */
  readonly failAll: (error: OptaveError) => void
  /** An attempt to open a connection failed (before any retry): a request timing out meanwhile names it. */
  readonly onConnectFailed?: (error: OptaveError) => void
}

/**
 * The connection's life: connects lazily with a fresh token, pings, and while requests wait
 * reconnects with backoff. Failed attempts (refused, timed out, or a connection that was not
 * stable: see `STABLE_CONNECTION_MS`) count toward `reconnect.maxAttempts`; only a stable
 * connection that delivered something resets the count. An auth refusal (upgrade 401/403 or an
 * auth close code) gets one retry with a fresh token, then ends every request with `AuthError`.
 * The timing runs on Effect's clock, so tests drive it with `TestClock`.
 */
export const makeConnectionDriver = (
  config: ResolvedConfig,
  platform: PlatformShape,
  tokens: TokenSource,
  hooks: DriverHooks,
  random: () => number
) =>
  Effect.gen(function* () {
    const clock = yield* Clock.Clock
    const services = yield* Effect.context<never>()
    const fork = <A, E>(effect: Effect.Effect<A, E>) => Effect.runForkWith(services)(effect)
    let socket: SocketLike | undefined
    let generation = 0
    let lastInboundAt = 0
    // Did the current connection deliver a new event to a request, and complete one (what makes it a success)?
    let progressed = false
    let completedOne = false
    let driver: Fiber.Fiber<void> | undefined
    // Did the heartbeat drop the current connection (the reconnect's cause)?
    let peerSilent = false
    const log = config.log
    /** Ends every pending request: the connection cannot be had. */
    const giveUp = (error: OptaveError) => {
      log.error?.("give-up", failureFields(error))
      hooks.failAll(error)
    }

    /** Opens one connection with a fresh token; resolves when open, fails on refusal or timeout. */
    const openConnection = Effect.gen(function* () {
      const token = yield* tokens.socketToken
      const url =
        config.socketTokenTransport === "query"
          ? `${config.wsUrl}/?Authorization=${encodeURIComponent(Redacted.value(token))}`
          : config.wsUrl
      const protocols = config.socketTokenTransport === "query" ? [SUBPROTOCOL] : [SUBPROTOCOL, Redacted.value(token)]
      const candidate = yield* Effect.try({
        try: () => platform.openSocket(url, protocols, { maxPayloadBytes: config.maxFrameBytes }),
        // The thrown error is kept as the cause, not quoted in the reason: it may quote the URL, which can carry the token.
        catch: (cause) => new TransportError({ code: "CONNECT_FAILED", reason: "the platform could not open a WebSocket", retryable: true, cause })
      })
      const closedSignal = Deferred.makeUnsafe<SocketCloseInfo>()
      yield* Effect.callback<void, TransportError | AuthError>((resume) => {
        candidate.onopen = () => resume(Effect.void)
        candidate.onerror = () => {}
        candidate.onclose = (info) =>
          resume(
            Effect.fail(
              info.cause !== undefined
                ? new TransportError({ code: "CONNECT_FAILED", reason: `the platform could not open a WebSocket: ${causeMessage(info.cause)}`, retryable: false, cause: info.cause })
                : isAuthRefusal(info)
                ? new AuthError({ code: "TOKEN_REJECTED", reason: "the server refused the token", ...(info.httpStatus ? { status: info.httpStatus } : {}) })
                : new TransportError({
                    code: "CONNECT_FAILED",
                    reason: `connection refused or closed before opening (code ${info.code})`,
                    retryable: true,
                    ...(info.httpStatus ? { status: info.httpStatus } : {})
                  })
            )
          )
      }).pipe(
        timeoutOrElse({
          duration: config.timeouts.connectMs,
          orElse: () => Effect.fail(new TimeoutError({ code: "CONNECT_TIMEOUT", timeoutMs: config.timeouts.connectMs }))
        }),
        // On failure or interruption (`onExit` rather than `onError`: one fewer Effect combinator in a Worker).
        Effect.onExit((exit) =>
          Exit.isSuccess(exit)
            ? Effect.void
            : Effect.sync(() => {
                candidate.onclose = null
                candidate.onopen = null
                if (candidate.terminate) candidate.terminate()
                else candidate.close()
              })
        )
      )
      candidate.onmessage = (data) => {
        lastInboundAt = clock.currentTimeMillisUnsafe()
        hooks.onMessage(data)
      }
      candidate.onclose = (info) => Deferred.doneUnsafe(closedSignal, Effect.succeed(info))
      candidate.onpong = () => {
        lastInboundAt = clock.currentTimeMillisUnsafe()
      }
      return { socket: candidate, closedSignal }
    })

    /** Pings where the platform can; a peer silent for two intervals is dropped and reconnected. */
    const heartbeat = (current: SocketLike) =>
      Effect.gen(function* () {
        const interval = config.timeouts.heartbeatMs
        if (interval <= 0 || current.ping === undefined) return
        while (true) {
          yield* Effect.sleep(interval)
          if (clock.currentTimeMillisUnsafe() - lastInboundAt > 2 * interval) {
            peerSilent = true
            if (current.terminate) current.terminate()
            else current.close(4000, "heartbeat timeout")
            return
          }
          current.ping()
        }
      })

    /** Connects, serves, and reconnects while requests wait; stops when none are left. */
    const drive = Effect.gen(function* () {
      let failures = 0
      let authRefusals = 0
      while (hooks.hasWork()) {
        const attempt = yield* Effect.exit(openConnection)
        if (Exit.isFailure(attempt)) {
          const error = findError(attempt.cause)
          const failure = error._tag === "Success" ? error.success : new TransportError({ code: "CONNECT_FAILED", reason: "connection failed", retryable: true })
          failures++
          hooks.onConnectFailed?.(failure)
          if (failure._tag === "TransportError" && !failure.retryable) return giveUp(failure)
          if (failure._tag === "AuthError" && failure.code === "TOKEN_REJECTED" && config.auth._tag === "Static" && generation > 0) {
            // The same token again cannot help: say why it failed and what to pass instead.
            return giveUp(staticTokenSpent(failure.status))
          }
          if (failure._tag === "AuthError" && failure.code !== "TOKEN_TIMEOUT") {
            // One refresh-and-retry: a second refusal in a row is final.
            authRefusals++
            if (authRefusals > 1 || failure.code !== "TOKEN_REJECTED") return giveUp(failure)
          } else authRefusals = 0
          if (failures > config.reconnect.maxAttempts) return giveUp(failure)
          const delayMs = backoffDelayMs(failures - 1, config.reconnect, random)
          log.info?.("reconnect", { failures, delayMs, cause: "connect-failed", ...failureFields(failure) })
          yield* Effect.sleep(delayMs)
          continue
        }
        const { socket: current, closedSignal } = attempt.value
        generation++
        socket = current
        progressed = false
        completedOne = false
        peerSilent = false
        const openedAt = clock.currentTimeMillisUnsafe()
        lastInboundAt = openedAt
        log.info?.("connect", { connection: generation, failures })
        hooks.onOpen(current, generation)
        // A detached fiber ended by `ensuring`, not `forkChild`: the same lifetime without Effect's
        // child-fiber bookkeeping in a Worker's bundle (tooling/stress/src/edge-bundle.ts holds its budget).
        const beat = fork(heartbeat(current))
        const info = yield* Deferred.await(closedSignal).pipe(Effect.ensuring(Fiber.interrupt(beat)))
        socket = undefined
        hooks.onClose()
        if (hooks.closed()) return
        log.info?.("disconnect", { connection: generation, code: info.code, status: info.httpStatus, uptimeMs: clock.currentTimeMillisUnsafe() - openedAt })
        const stable = progressed && (completedOne || clock.currentTimeMillisUnsafe() - openedAt >= STABLE_CONNECTION_MS)
        if (stable) {
          failures = 0
          authRefusals = 0
        }
        if (isAuthRefusal(info)) {
          authRefusals++
          if (authRefusals > 1) {
            return giveUp(
              new AuthError({ code: "TOKEN_REJECTED", reason: `the server closed the connection with code ${info.code} (credentials refused), again after a fresh token` })
            )
          }
        } else if (!stable) {
          failures++
          if (failures > config.reconnect.maxAttempts) {
            return giveUp(
              new TransportError({
                code: "CONNECTION_LOST",
                reason: `${failures} connections in a row closed before they were stable (last close code ${info.code})`,
                retryable: true
              })
            )
          }
        }
        if (hooks.hasWork()) {
          const delayMs = backoffDelayMs(Math.max(0, failures - 1), config.reconnect, random)
          // The cause: a silent peer, credentials refused, or a close (its code; `closed-unstable` when the
          // connection did not last, a failed attempt counted toward `reconnect.maxAttempts`).
          log.info?.("reconnect", { failures, delayMs, cause: peerSilent ? "heartbeat" : isAuthRefusal(info) ? "auth-refused" : stable ? "closed" : "closed-unstable", code: info.code })
          yield* Effect.sleep(delayMs)
        }
      }
    }).pipe(
      Effect.ensuring(
        Effect.sync(() => {
          driver = undefined
          // A request submitted while the driver was shutting down still needs a connection.
          if (hooks.hasWork()) ensureRunning()
        })
      )
    )

    const ensureRunning = () => {
      if (driver === undefined && !hooks.closed()) driver = fork(drive)
    }

    return {
      ensureRunning,
      /** A request got a new event on this connection (`answered`: it ended with all its answers). */
      noteProgress: (answered: boolean) => {
        progressed = true
        if (answered) completedOne = true
      },
      /** Closes the socket and stops the driver (the client is closing). */
      stop: Effect.suspend(() => {
        socket?.close(1000, "client closed")
        socket = undefined
        return driver === undefined ? Effect.void : Fiber.interrupt(driver)
      }),
      /** Drops the current connection as a network failure would (tests and chaos runs). */
      drop: () => {
        if (socket?.terminate) socket.terminate()
        else socket?.close(4000, "dropped")
      }
    }
  })

export type ConnectionDriver = Effect.Success<ReturnType<typeof makeConnectionDriver>>
