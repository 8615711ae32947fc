import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import type { ResolvedConfig } from "../config/client-config.ts"
import { makeConnectionDriver } from "./connection-driver.ts"
import { makeDeadlineQueue, type DeadlineQueue } from "./deadline-queue.ts"
import { ProtocolError, TransportError, ValidationError, type OptaveError } from "../errors.ts"
import type { SuperpowerEvent } from "../generated/types.ts"
import { decodeInboundFrame } from "../inbound/inbound-frame.ts"
import type { PlatformShape } from "../platform.ts"
import { RequestRouter } from "./request-router.ts"
import { SocketOutbox } from "./socket-outbox.ts"
import type { SocketRequest } from "./socket-request.ts"
import type { TokenSource } from "../auth/token-source.ts"

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

/**
 * One multiplexed WebSocket per client: the place where the parts meet. Each request is a
 * `SocketRequest` (socket-request.ts), which owns its state; the `RequestRouter` gives inbound
 * events to the request they answer; the `SocketOutbox` writes frames (queue, backpressure,
 * resend); the connection driver connects, pings, watches for silence and reconnects; the
 * `DeadlineQueue` checks each request's timeouts at its own time. Here: admitting a request and
 * ending it (answered, failed, timed out, cancelled).
 */
export const makeSocketSession = (
  config: ResolvedConfig,
  platform: PlatformShape,
  tokens: TokenSource,
  outlets: SessionOutlets,
  random: () => number = Math.random
) =>
  Effect.gen(function* () {
    const stats: Omit<SocketStats, "tokenFetches" | "tokenFailures"> = { connects: 0, reconnects: 0, resends: 0, duplicatesDropped: 0, unrouted: 0, protocolErrors: 0 }
    let closed = false
    /** The last failed attempt to connect, until a connection opens: the cause of a request timing out meanwhile. */
    let lastConnectError: OptaveError | undefined
    const clock = yield* Clock.Clock
    const services = yield* Effect.context<never>()
    const fork = <A, E>(effect: Effect.Effect<A, E>): Fiber.Fiber<A, E> => Effect.runForkWith(services)(effect)
    const now = () => clock.currentTimeMillisUnsafe()

    const log = config.log
    const router = new RequestRouter(config.strict, (event, chars, endedId) => {
      stats.unrouted++
      if (endedId !== undefined) log.info?.("late-result", { correlationId: endedId, superpower: event.actionType, state: event.state })
      outlets.unrouted(event, chars)
    })
    const pending = router.pending
    const outbox = new SocketOutbox(config.highWaterMarkBytes, {
      fork,
      now,
      onResend: (request) => {
        stats.resends++
        log.debug?.("resend", { correlationId: request.correlationId, connection: request.connection })
      }
    })

    // A request whose deadline passes while the first attempt is still opening (a host that never
    // answers) has no failed attempt to name: this says the socket never opened.
    const stillConnecting = new TransportError({ code: "CONNECT_FAILED", reason: "the WebSocket had not opened yet (still connecting)", retryable: true })

    /** Ends a request whose deadline or silence has passed; one whose time moved on is checked again then. */
    const deadlines: DeadlineQueue<SocketRequest> = makeDeadlineQueue(fork, now, (request, at) => {
      if (pending.get(request.correlationId) !== request) return
      const timeout = request.overdue(at, lastConnectError ?? (outbox.connected ? undefined : stillConnecting))
      if (timeout !== undefined) finish(request, timeout)
      else deadlines.schedule(request, request.nextCheckAt(at))
    })

    const finish = (request: SocketRequest, error?: OptaveError) => {
      if (pending.get(request.correlationId) !== request) return
      deadlines.remove(request)
      outbox.forget(request)
      router.retire(request)
      request.finish(error)
    }

    const failAll = (error: OptaveError) => {
      for (const request of pending.values()) finish(request, error)
    }

    const onMessage = (data: unknown) => {
      const decoded = decodeInboundFrame(data, config.maxFrameBytes)
      if (decoded instanceof ProtocolError) {
        stats.protocolErrors++
        outlets.protocolError(decoded)
        // The socket let a frame past `maxFrameBytes` (it cannot bound one): the next may be larger still.
        if (decoded.code === "FRAME_TOO_LARGE") driver.refuseOversized()
        return
      }
      const { routing, request } = router.route(decoded, now())
      if (routing === "duplicate") stats.duplicatesDropped++
      else if (routing !== "unrouted") driver.noteProgress(routing === "answered")
      if (routing === "answered" && request !== undefined) finish(request)
    }

    const driver = yield* makeConnectionDriver(
      config,
      platform,
      tokens,
      {
        hasWork: () => !closed && pending.size > 0,
        closed: () => closed,
        // Nothing a frame does may escape into the platform's message handler (where it would be an
        // uncaught exception and could stop the connection): it becomes a ProtocolError instead.
        onMessage: (data) => {
          try {
            onMessage(data)
          } catch (error) {
            stats.protocolErrors++
            outlets.protocolError(
              new ProtocolError({ code: "INVALID_FRAME", reason: `the frame could not be handled (${error instanceof Error ? error.name : typeof error})` })
            )
          }
        },
        onOpen: (socket, generation) => {
          lastConnectError = undefined
          stats.connects++
          if (generation > 1) stats.reconnects++
          outbox.attach(socket, generation, pending.values())
        },
        onClose: () => {
          outbox.detach()
          for (const request of pending.values()) request.connectionLost()
        },
        failAll,
        onConnectFailed: (error) => {
          lastConnectError = error
        }
      },
      random
    )

    /** Why `request` cannot be admitted, if it cannot. */
    const refusal = (request: SocketRequest): OptaveError | undefined => {
      if (closed) return new TransportError({ code: "CLIENT_CLOSED", reason: "the client was closed", retryable: false })
      if (router.endedUnanswered(request.correlationId)) {
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
        return new ValidationError({
          issues: [{ path: "options.correlationId", message: `${request.correlationId} is already used by a pending request: give each request its own correlationId` }]
        })
      }
      if (!outbox.connected && outbox.unsent >= config.maxQueuedRequests) {
        return new TransportError({ code: "QUEUE_FULL", reason: `${outbox.unsent} requests are already waiting for the connection`, retryable: true })
      }
      return undefined
    }

    /** Admits a request: written now if the socket is open, else queued for the next connection. */
    const submit = (request: SocketRequest): OptaveError | undefined => {
      const refused = refusal(request)
      if (refused !== undefined) return refused
      const first = pending.size === 0
      router.add(request)
      deadlines.schedule(request, request.nextCheckAt(now()))
      driver.workArrived(first)
      outbox.admit(request)
      return undefined
    }

    /** Forgets a request (interruption or abort): nothing more is sent for it or heard from it. */
    const cancel = (request: SocketRequest) => {
      if (pending.get(request.correlationId) !== request) return
      deadlines.remove(request)
      outbox.forget(request)
      request.cancel()
      router.retire(request)
    }

    const close = Effect.gen(function* () {
      if (closed) return
      closed = true
      failAll(new TransportError({ code: "CLIENT_CLOSED", reason: "the client was closed before this request ended", retryable: false }))
      yield* driver.stop
      yield* outbox.close
      deadlines.clear()
    })

    return {
      submit,
      cancel,
      close,
      dropConnection: driver.drop,
      stats: (): Readonly<SocketStats> => ({ ...stats, tokenFetches: tokens.fetchCount(), tokenFailures: tokens.failureCount() }),
      pendingCount: () => pending.size
    }
  })

export type SocketSession = Effect.Success<ReturnType<typeof makeSocketSession>>
