import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import type { ResolvedConfig } from "./client-config.ts"
import { AuthError, ProtocolError, TimeoutError, TransportError, ValidationError, type OptaveError } from "./errors.ts"
import type { SuperpowerEvent } from "./generated/types.ts"
import { SUBPROTOCOL } from "./generated/protocol.ts"
import { decodeInboundFrame, type DecodedEvent } from "./inbound-frame.ts"
import type { PlatformShape, SocketCloseInfo, SocketLike } from "./platform.ts"
import { isTerminal, RequestTracker } from "./request-tracker.ts"
import { backoffDelayMs } from "./retry-policy.ts"
import type { TokenSource } from "./token-source.ts"

/**
 * A static token refused on reconnect: the service accepts a token for one WebSocket connection,
 * so a reconnect needs a fresh one that a static `token` cannot give.
 */
export const staticTokenSpent = (status: number | undefined): AuthError =>
  new AuthError({
    code: "TOKEN_REJECTED",
    reason:
      "the server refused the static token on reconnect: the service accepts a token for one WebSocket connection only, " +
      "so after a dropped connection a static `token` has no fresh token to offer. Pass `tokenProvider` (a function returning " +
      "a fresh token) or `clientId` with `clientSecret` (server-side only), or create a client per connection",
    ...(status === undefined ? {} : { status })
  })

/** Where a request's events go: the per-request stream's queue. */
export interface EventSink {
  readonly push: (event: SuperpowerEvent) => void
  readonly end: () => void
  readonly fail: (error: OptaveError) => void
}

/** One request on the socket, from submission until its last superpower (or failure). */
export interface SocketRequest {
  readonly correlationId: string
  /** The serialized envelope, resent verbatim (same keys) after a reconnect. */
  readonly frame: string
  readonly tracker: RequestTracker
  readonly sink: EventSink
  readonly settleMs: number
  /** Overall budget of the request in ms, and the clock time it runs out. */
  readonly timeoutMs: number
  readonly deadline: number
  /** Owned by the session: the connection generation the frame was last written to (0 = never sent). Submit with 0. */
  sentOn: number
  /** Owned by the session: when the request's silence runs out. Submit with `Infinity`. */
  settleAt: number
}

type PendingRequest = SocketRequest

export interface SocketStats {
  connects: number
  reconnects: number
  resends: number
  /** Frames dropped as already seen: replays, and `started` or anything for a cancelled request after it ended. */
  duplicatesDropped: number
  unrouted: number
  protocolErrors: number
  /** Tokens obtained from the provider or endpoint, for sockets and REST alike. */
  tokenFetches: number
  /** Token acquisitions that failed, timed out (`timeouts.tokenMs`) or gave an unusable token. */
  tokenFailures: number
}

/** Outlets for what belongs to no request: they are published, never dropped silently. */
export interface SessionOutlets {
  /** `chars`: the size of the event's frame, what keeping it for late subscribers costs. */
  readonly unrouted: (event: SuperpowerEvent, chars: number) => void
  readonly protocolError: (error: ProtocolError) => void
}

// Close codes a server uses to refuse credentials: 1008 "policy violation" (RFC 6455 §7.4.1), and
// in the private range 4000-4999 (RFC 6455 §7.4.2) the HTTP statuses 401/403 as 4401/4403, and
// 4001, by convention. One retry with a fresh token, then `AuthError`.
export const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4001, 4401, 4403])
/**
 * A connection that delivered no new event to a request was a failed attempt, and so was one that
 * closed sooner than this after opening without completing a request: `reconnect.maxAttempts`
 * holds against a server that accepts and closes at once (or closes with 1007, 1009, 1011, or
 * never answers a ping), or that makes up a new progress event per connection.
 */
export const STABLE_CONNECTION_MS = 1_000
const isAuthRefusal = (info: SocketCloseInfo): boolean =>
  info.httpStatus === 401 || info.httpStatus === 403 || AUTH_CLOSE_CODES.has(info.code)
/** Events of recently ended requests (replays after a resend) are recognised this long, by count. */
const RECENTLY_ENDED_LIMIT = 10_000
/** ...and while the delivered events they remember stay under this many characters (about 4 MB). */
const RECENTLY_ENDED_CHARS = 2_000_000

/**
 * One multiplexed WebSocket per client. It connects lazily, routes every inbound event to the
 * request it answers, and when the connection drops it reconnects with backoff (a fresh token
 * each time) and resends every request that has not ended, with its original keys; events
 * already delivered are recognised and dropped. The state lives in plain fields for speed; the
 * timing (connect timeout, backoff, heartbeat, deadlines) runs on Effect's clock, so tests drive
 * it with `TestClock`.
 */
export const makeSocketSession = (
  config: ResolvedConfig,
  platform: PlatformShape,
  tokens: TokenSource,
  outlets: SessionOutlets,
  random: () => number = Math.random
) =>
  Effect.gen(function* () {
    const pending = new Map<string, PendingRequest>()
    // Ended requests, oldest first: a finished one keeps its tracker (what it delivered), so a
    // later frame is told apart as a replay (dropped) or a new event (published as unrouted: an
    // action may send more frames than the superpowers it was expected to end with). A cancelled
    // one keeps nothing: its caller asked to hear no more.
    const recentlyEnded = new Map<string, RequestTracker | "cancelled">()
    let recentlyEndedChars = 0
    const stats: Omit<SocketStats, "tokenFetches" | "tokenFailures"> = { connects: 0, reconnects: 0, resends: 0, duplicatesDropped: 0, unrouted: 0, protocolErrors: 0 }
    let socket: SocketLike | undefined
    let generation = 0
    let closed = false
    let unsentCount = 0
    let lastInboundAt = 0
    // Did the current connection deliver a new event to a request, and complete one (what makes it a success)?
    let progressed = false
    let completedOne = false
    let driver: Fiber.Fiber<void> | undefined
    let sweeper: Fiber.Fiber<void> | undefined
    let drainer: Fiber.Fiber<void> | undefined
    const clock = yield* Clock.Clock
    const services = yield* Effect.context<never>()
    const fork = <A, E>(effect: Effect.Effect<A, E>) => Effect.runForkWith(services)(effect)

    const charsOf = (ended: RequestTracker | "cancelled") => (ended === "cancelled" ? 0 : ended.deliveredChars())
    const rememberEnded = (correlationId: string, ended: RequestTracker | "cancelled") => {
      recentlyEnded.set(correlationId, ended)
      recentlyEndedChars += charsOf(ended)
      while (recentlyEnded.size > RECENTLY_ENDED_LIMIT || recentlyEndedChars > RECENTLY_ENDED_CHARS) {
        const [oldest, forgotten] = recentlyEnded.entries().next().value!
        recentlyEnded.delete(oldest)
        recentlyEndedChars -= charsOf(forgotten)
      }
    }

    const finish = (request: PendingRequest, error?: OptaveError) => {
      if (pending.get(request.correlationId) !== request) return
      pending.delete(request.correlationId)
      if (request.sentOn === 0) unsentCount--
      rememberEnded(request.correlationId, request.tracker)
      if (error === undefined) request.sink.end()
      else request.sink.fail(error)
    }

    const failAll = (error: OptaveError) => {
      for (const request of pending.values()) finish(request, error)
    }

    /**
     * Requests waiting to be written on the current connection, in submission order. A request
     * is written at once when nothing waits before it; otherwise it queues here, and `flush`
     * drains the queue from its head (entries that ended meanwhile are skipped).
     */
    let outbox: Array<PendingRequest> = []
    let outboxHead = 0

    const write = (current: SocketLike, request: PendingRequest) => {
      // The silence timer starts at the first send and restarts only on an event: a resend does
      // not restart it, or a server that keeps dropping the connection would hold it off forever.
      if (request.sentOn === 0) {
        unsentCount--
        request.settleAt = clock.currentTimeMillisUnsafe() + request.settleMs
      } else stats.resends++
      request.sentOn = generation
      current.send(request.frame)
    }

    /** Writes queued frames while the socket's buffer stays under the high-water mark. */
    const flush = () => {
      const current = socket
      if (current === undefined) return
      while (outboxHead < outbox.length) {
        const request = outbox[outboxHead]!
        if (pending.get(request.correlationId) !== request || request.sentOn === generation) {
          outboxHead++
          continue
        }
        if (current.bufferedAmount > config.highWaterMarkBytes) {
          ensureDrainer()
          return
        }
        outboxHead++
        write(current, request)
      }
      outbox = []
      outboxHead = 0
    }

    // Backpressure: while the socket buffers more than the high-water mark, poll until it drains.
    const ensureDrainer = () => {
      if (drainer !== undefined) return
      drainer = fork(
        Effect.gen(function* () {
          while (socket !== undefined && socket.bufferedAmount > config.highWaterMarkBytes) yield* Effect.sleep(5)
        }).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              drainer = undefined
              flush()
            })
          )
        )
      )
    }

    const route = (decoded: DecodedEvent) => {
      let request = decoded.correlationId === undefined ? undefined : pending.get(decoded.correlationId)
      if (request === undefined) {
        if (decoded.correlationId !== undefined) {
          const ended = recentlyEnded.get(decoded.correlationId)
          // Dropped: anything for a cancelled request, a replay, or progress (`started`) that
          // comes after its request ended (shuffled frames); a new result is published instead.
          const stale = ended !== undefined && (ended === "cancelled" || ended.delivered(decoded.dedupeKey) || !isTerminal(decoded.event.state, decoded.errorEnvelope))
          if (stale) stats.duplicatesDropped++
          else {
            stats.unrouted++
            outlets.unrouted(decoded.event, decoded.frameChars)
          }
          return
        }
        // The documented bare form carries no correlation: give it to the oldest request still
        // waiting for that superpower, unless strict mode asks to keep such events apart.
        if (!config.strict) {
          for (const candidate of pending.values()) {
            if (candidate.sentOn !== 0 && candidate.tracker.awaits(decoded.event.actionType)) {
              request = candidate
              break
            }
          }
        }
        if (request === undefined) {
          stats.unrouted++
          outlets.unrouted(decoded.event, decoded.frameChars)
          return
        }
      }
      if (!request.tracker.accept(decoded)) {
        stats.duplicatesDropped++
        return
      }
      progressed = true
      request.settleAt = clock.currentTimeMillisUnsafe() + request.settleMs
      request.sink.push(
        decoded.event.correlationId === request.correlationId ? decoded.event : { ...decoded.event, correlationId: request.correlationId }
      )
      if (request.tracker.complete) {
        completedOne = true
        finish(request)
      }
    }

    const onMessage = (data: unknown) => {
      lastInboundAt = clock.currentTimeMillisUnsafe()
      const decoded = decodeInboundFrame(data, config.maxFrameBytes)
      if (decoded instanceof ProtocolError) {
        stats.protocolErrors++
        outlets.protocolError(decoded)
        return
      }
      route(decoded)
    }
    // Nothing a frame does may escape into the platform's message handler (where it would be an
    // uncaught exception and could stop the connection): it becomes a ProtocolError instead.
    const onMessageSafely = (data: unknown) => {
      try {
        onMessage(data)
      } catch (error) {
        stats.protocolErrors++
        outlets.protocolError(
          new ProtocolError({ code: "INVALID_FRAME", reason: `the frame could not be handled (${error instanceof Error ? error.name : typeof error})` })
        )
      }
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
        catch: () => new TransportError({ code: "CONNECT_FAILED", reason: "the platform could not open a WebSocket", retryable: true })
      })
      const closedSignal = Deferred.makeUnsafe<SocketCloseInfo>()
      yield* Effect.callback<void, TransportError | AuthError>((resume) => {
        candidate.onopen = () => resume(Effect.void)
        candidate.onerror = () => {}
        candidate.onclose = (info) =>
          resume(
            Effect.fail(
              isAuthRefusal(info)
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
        Effect.timeoutOrElse({
          duration: config.timeouts.connectMs,
          orElse: () => Effect.fail(new TimeoutError({ code: "CONNECT_TIMEOUT", timeoutMs: config.timeouts.connectMs }))
        }),
        Effect.onError(() =>
          Effect.sync(() => {
            candidate.onclose = null
            candidate.onopen = null
            if (candidate.terminate) candidate.terminate()
            else candidate.close()
          })
        )
      )
      candidate.onmessage = onMessageSafely
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
            if (current.terminate) current.terminate()
            else current.close(4000, "heartbeat timeout")
            return
          }
          current.ping()
        }
      })

    /**
     * Connects, serves, and reconnects while requests wait; stops when none are left. Failed
     * attempts (refused, timed out, or a connection that was not stable: see
     * `STABLE_CONNECTION_MS`) count toward `reconnect.maxAttempts` and back off; only a stable
     * connection that delivered something resets the count. An auth refusal (upgrade 401/403 or
     * an auth close code) gets one retry with a fresh token, then ends every request with `AuthError`.
     */
    const drive = Effect.gen(function* () {
      let failures = 0
      let authRefusals = 0
      while (!closed && pending.size > 0) {
        const attempt = yield* Effect.exit(openConnection)
        if (Exit.isFailure(attempt)) {
          const error = Cause.findErrorOption(attempt.cause)
          const failure = error._tag === "Some" ? error.value : new TransportError({ code: "CONNECT_FAILED", reason: "connection failed", retryable: true })
          failures++
          if (failure._tag === "AuthError" && failure.code === "TOKEN_REJECTED" && config.auth._tag === "Static" && generation > 0) {
            // The same token again cannot help: say why it failed and what to pass instead.
            failAll(staticTokenSpent(failure.status))
            return
          }
          if (failure._tag === "AuthError" && failure.code !== "TOKEN_TIMEOUT") {
            // One refresh-and-retry: a second refusal in a row is final.
            authRefusals++
            if (authRefusals > 1 || failure.code !== "TOKEN_REJECTED") {
              failAll(failure)
              return
            }
          } else authRefusals = 0
          if (failures > config.reconnect.maxAttempts) {
            failAll(failure)
            return
          }
          yield* Effect.sleep(backoffDelayMs(failures - 1, config.reconnect, random))
          continue
        }
        const { socket: current, closedSignal } = attempt.value
        generation++
        stats.connects++
        if (generation > 1) stats.reconnects++
        socket = current
        progressed = false
        completedOne = false
        const openedAt = clock.currentTimeMillisUnsafe()
        lastInboundAt = openedAt
        // Everything still pending goes (again) on the new connection, oldest first.
        outbox = [...pending.values()]
        outboxHead = 0
        flush()
        const beat = yield* Effect.forkChild(heartbeat(current))
        const info = yield* Deferred.await(closedSignal)
        yield* Fiber.interrupt(beat)
        socket = undefined
        for (const request of pending.values()) if (request.sentOn !== 0) request.sentOn = -1
        if (closed) return
        const stable = progressed && (completedOne || clock.currentTimeMillisUnsafe() - openedAt >= STABLE_CONNECTION_MS)
        if (stable) {
          failures = 0
          authRefusals = 0
        }
        if (isAuthRefusal(info)) {
          authRefusals++
          if (authRefusals > 1) {
            failAll(new AuthError({ code: "TOKEN_REJECTED", reason: `the server closed the connection with code ${info.code} (credentials refused), again after a fresh token` }))
            return
          }
        } else if (!stable) {
          failures++
          if (failures > config.reconnect.maxAttempts) {
            failAll(
              new TransportError({
                code: "CONNECTION_LOST",
                reason: `${failures} connections in a row closed before they were stable (last close code ${info.code})`,
                retryable: true
              })
            )
            return
          }
        }
        if (pending.size > 0) yield* Effect.sleep(backoffDelayMs(Math.max(0, failures - 1), config.reconnect, random))
      }
    }).pipe(
      Effect.ensuring(
        Effect.sync(() => {
          driver = undefined
          // A request submitted while the driver was shutting down still needs a connection.
          if (!closed && pending.size > 0) ensureDriver()
        })
      )
    )

    const ensureDriver = () => {
      if (driver === undefined && !closed) driver = fork(drive)
    }

    /** Ends requests whose silence or overall deadline has passed. */
    const sweep = Effect.gen(function* () {
      const interval = Math.max(10, Math.min(1_000, Math.floor(Math.min(config.timeouts.settleMs, config.timeouts.requestMs) / 10)))
      while (pending.size > 0) {
        yield* Effect.sleep(interval)
        const nowMs = clock.currentTimeMillisUnsafe()
        for (const request of pending.values()) {
          if (nowMs >= request.deadline) {
            finish(
              request,
              new TimeoutError({ code: "REQUEST_TIMEOUT", timeoutMs: request.timeoutMs, pendingSuperpowers: request.tracker.pendingSuperpowers() })
            )
          } else if (request.sentOn > 0 && nowMs >= request.settleAt) {
            finish(request, new TimeoutError({ code: "SETTLE_TIMEOUT", timeoutMs: request.settleMs, pendingSuperpowers: request.tracker.pendingSuperpowers() }))
          }
        }
      }
    }).pipe(Effect.ensuring(Effect.sync(() => (sweeper = undefined))))

    /**
     * True when `correlationId` belonged to a request that ended without all its answers (timed
     * out, aborted, failed) and is still remembered: its late answers may yet arrive, and would be
     * taken for those of a new request with the same id.
     */
    const endedUnanswered = (correlationId: string): boolean => {
      const ended = recentlyEnded.get(correlationId)
      return ended !== undefined && (ended === "cancelled" || !ended.complete)
    }

    /** Registers a request and writes it now if the socket is open, else queues it for the next connection. */
    const submit = (request: SocketRequest): OptaveError | undefined => {
      if (closed) return new TransportError({ code: "CLIENT_CLOSED", reason: "the client was closed", retryable: false })
      if (endedUnanswered(request.correlationId)) {
        return new ValidationError({
          issues: [
            {
              path: "options.correlationId",
              message: `${request.correlationId} belongs to a request that ended without all its answers (timed out, aborted or failed); its late answers could be taken for this request's: use a new correlationId`
            }
          ]
        })
      }
      if (pending.has(request.correlationId)) {
        return new TransportError({
          code: "CANCELLED",
          reason: `correlation id ${request.correlationId} is already used by a pending request; give each request its own correlationId`,
          retryable: false
        })
      }
      if (socket === undefined && unsentCount >= config.maxQueuedRequests) {
        return new TransportError({ code: "QUEUE_FULL", reason: `${unsentCount} requests are already waiting for the connection`, retryable: true })
      }
      // The caller's object is the pending entry itself: one allocation per request, no copy.
      const entry: PendingRequest = request
      entry.sentOn = 0
      entry.settleAt = Number.POSITIVE_INFINITY
      pending.set(request.correlationId, entry)
      unsentCount++
      if (socket === undefined) ensureDriver()
      else if (outboxHead === outbox.length && drainer === undefined && socket.bufferedAmount <= config.highWaterMarkBytes) write(socket, entry)
      else {
        outbox.push(entry)
        flush()
      }
      if (sweeper === undefined) sweeper = fork(sweep)
      return undefined
    }

    /** Forgets a request (interruption or abort): nothing more is sent for it. */
    const cancel = (correlationId: string) => {
      const request = pending.get(correlationId)
      if (request === undefined) return
      pending.delete(correlationId)
      if (request.sentOn === 0) unsentCount--
      rememberEnded(correlationId, "cancelled")
    }

    const close = Effect.gen(function* () {
      if (closed) return
      closed = true
      failAll(new TransportError({ code: "CLIENT_CLOSED", reason: "the client was closed before this request ended", retryable: false }))
      socket?.close(1000, "client closed")
      socket = undefined
      for (const fiber of [driver, sweeper, drainer]) if (fiber !== undefined) yield* Fiber.interrupt(fiber)
    })

    /** Drops the current connection as a network failure would (tests and chaos runs). */
    const dropConnection = () => {
      if (socket?.terminate) socket.terminate()
      else socket?.close(4000, "dropped")
    }

    return {
      submit,
      cancel,
      close,
      dropConnection,
      stats: (): Readonly<SocketStats> => ({ ...stats, tokenFetches: tokens.fetchCount(), tokenFailures: tokens.failureCount() }),
      pendingCount: () => pending.size
    }
  })

export type SocketSession = Effect.Success<ReturnType<typeof makeSocketSession>>
