import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type { ResolvedConfig } from "../config/client-config.ts"
import { failureFields } from "../observability/client-log.ts"
import { decide, initialState, isAuthRefusal, type Decision, type PolicyConfig, type PolicyEvent, type PolicyState } from "./connection-policy.ts"
import { AuthError, TimeoutError, TransportError, type OptaveError } from "../errors.ts"
import { subprotocolUnfitness } from "./subprotocol-unfitness.ts"
import { SUBPROTOCOL } from "../generated/protocol.ts"
import type { PlatformShape, SocketCloseInfo, SocketLike } from "../platform.ts"
import * as Redacted from "effect/Redacted"
import type { TokenSource } from "../auth/token-source.ts"

/** What the driver serves: the session's requests, seen through a few calls. */
export interface DriverHooks {
  /** True while requests are pending and the client is open. */
  readonly hasWork: () => boolean
  readonly closed: () => boolean
  /** Every inbound frame of the current connection. */
  readonly onMessage: (data: unknown) => void
  /** A connection opened (its generation counts from 1). */
  readonly onOpen: (socket: SocketLike, generation: number) => void
  /** The current connection ended (closed, or dropped by the driver). */
  readonly onClose: () => void
  /** Ends every pending request: the connection cannot be had. */
  readonly failAll: (error: OptaveError) => void
  /** An attempt to open a connection failed (before any retry): a request timing out meanwhile names it. */
  readonly onConnectFailed?: (error: OptaveError) => void
}

const causeMessage = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/** One open connection: its socket, what it last heard, and how it ended. */
interface Live {
  readonly socket: SocketLike
  /** When the last frame or pong arrived (or the connection opened). */
  lastInboundAt: number
  /** When requests began waiting on it after it had none (its silence is counted from then at the earliest). */
  workSince: number
  done: boolean
  readonly ended: Deferred.Deferred<PolicyEvent>
}

/** Nothing the socket does from now on reaches the client. */
const detach = (socket: SocketLike): void => {
  socket.onopen = null
  socket.onmessage = null
  socket.onclose = null
  socket.onpong = null
  socket.onerror = () => {}
}

/** Detaches the socket and drops it without waiting for the peer (a silent peer never answers a close). */
const drop = (socket: SocketLike, code: number, reason: string): void => {
  detach(socket)
  try {
    if (socket.terminate) socket.terminate()
    else socket.close(code, reason)
  } catch {
    // The WHATWG WebSocket sends only 1000 or 3000-4999 (1009 is refused): it closes plainly.
    try {
      socket.close(1000, reason)
    } catch {
      // Already closing: it is let go either way.
    }
  }
}

/**
 * Runs the connection's rules (connection-policy.ts): one fiber (at most one at a time) opens a
 * connection with a fresh token when requests wait, serves it, and when it ends feeds the policy
 * and does what it decides (reconnect after a backoff on Effect's clock, or end every request).
 * Each connection ends in one finalizer: whatever ends it (its end, the client closing and
 * interrupting the fiber), its socket is detached and dropped, and its watchdog, raced against
 * the connection's end, stops with it. The watchdog pings where the platform can and declares
 * the connection silent when nothing arrives for `timeouts.livenessMs` while requests wait on it
 * (or for two heartbeats where it pings). Plain fibers and a finalizer rather than a fiber
 * handle and scopes: the Worker bundle carries every Effect module the driver names.
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
    const now = () => clock.currentTimeMillisUnsafe()
    const log = config.log
    const fork = Effect.runForkWith(yield* Effect.context<never>())
    /** The driving fiber while it runs; `stopped` once the client closed (no fiber starts again). */
    let running: Fiber.Fiber<void> | undefined
    let stopped = false
    const policy: PolicyConfig = {
      maxAttempts: config.reconnect.maxAttempts,
      baseDelayMs: config.reconnect.baseDelayMs,
      maxDelayMs: config.reconnect.maxDelayMs,
      staticToken: config.auth._tag === "Static",
      // Read at each decision: a platform may change sockets at run time (a library that failed to load).
      get seesUpgradeStatus() {
        return platform.seesUpgradeStatus === true
      }
    }
    let state: PolicyState = initialState
    let current: Live | undefined
    const step = (event: PolicyEvent): Decision => {
      const next = decide(policy, state, event, random)
      state = next.state
      return next.decision
    }

    /** Ends the connection once: detached, dropped unless it closed itself, its requests orphaned. */
    const end = (live: Live, event: PolicyEvent, dropCode?: number): void => {
      if (live.done) return
      live.done = true
      if (current === live) current = undefined
      if (dropCode !== undefined) drop(live.socket, dropCode, event._tag === "Silent" ? "peer silent" : event._tag === "Closed" ? event.info.reason : "")
      else detach(live.socket)
      hooks.onClose()
      Deferred.doneUnsafe(live.ended, Effect.succeed(event))
    }

    const livenessMs = config.timeouts.livenessMs
    const isSilent = (live: Live, at: number, heartbeatMs: number): boolean =>
      (livenessMs > 0 && hooks.hasWork() && at - Math.max(live.lastInboundAt, live.workSince) >= livenessMs) ||
      (heartbeatMs > 0 && at - live.lastInboundAt > 2 * heartbeatMs)

    /** Watches one connection: pings where the platform can, and ends it when it is silent. */
    const watchdog = (live: Live) =>
      Effect.gen(function* () {
        const heartbeatMs = live.socket.ping !== undefined && config.timeouts.heartbeatMs > 0 ? config.timeouts.heartbeatMs : 0
        if (livenessMs <= 0 && heartbeatMs === 0) return
        // A quarter window between checks: a silence is seen at most 1.25 windows after it began.
        const tickMs = Math.max(1, Math.min(livenessMs > 0 ? Math.ceil(livenessMs / 4) : Infinity, heartbeatMs > 0 ? heartbeatMs : Infinity))
        let nextPingAt = now() + heartbeatMs
        while (!live.done) {
          yield* Effect.sleep(tickMs)
          const at = now()
          if (isSilent(live, at, heartbeatMs)) {
            log.warn?.("peer-silent", { silentMs: at - Math.max(live.lastInboundAt, live.workSince), pending: hooks.hasWork() })
            return end(live, { _tag: "Silent", now: at }, 4000)
          }
          if (heartbeatMs > 0 && at >= nextPingAt) {
            nextPingAt = at + heartbeatMs
            live.socket.ping?.()
          }
        }
      })

    const closeFailure = (info: SocketCloseInfo): PolicyEvent => {
      if (info.cause !== undefined) {
        const error = new TransportError({ code: "CONNECT_FAILED", reason: `the platform could not open a WebSocket: ${causeMessage(info.cause)}`, retryable: false, cause: info.cause })
        return { _tag: "OpenFailed", error, closed: info }
      }
      const error = isAuthRefusal(info)
        ? new AuthError({ code: "TOKEN_REJECTED", reason: "the server refused the token", ...(info.httpStatus ? { status: info.httpStatus } : {}) })
        : new TransportError({ code: "CONNECT_FAILED", reason: `connection refused or closed before opening (code ${info.code})`, retryable: true, ...(info.httpStatus ? { status: info.httpStatus } : {}) })
      return { _tag: "OpenFailed", error, closed: info }
    }

    /** One connection, from its token to its end; returns how it ended. Its finalizer drops the socket. */
    const connection = (): Effect.Effect<PolicyEvent> => {
      let live: Live | undefined
      return Effect.gen(function* () {
        const got = yield* Effect.catch(tokens.socketToken, Effect.succeed)
        if (!Redacted.isRedacted(got)) return { _tag: "TokenFailed", error: got } as const
        const token = Redacted.value(got)
        const unfit = config.socketTokenTransport === "subprotocol" ? subprotocolUnfitness(token) : undefined
        if (unfit !== undefined) return { _tag: "TokenFailed", error: unfit } as const
        const url = config.socketTokenTransport === "query" ? `${config.wsUrl}/?Authorization=${encodeURIComponent(token)}` : config.wsUrl
        const protocols = config.socketTokenTransport === "query" ? [SUBPROTOCOL] : [SUBPROTOCOL, token]
        let socket: SocketLike
        try {
          socket = platform.openSocket(url, protocols, { maxPayloadBytes: config.maxFrameBytes })
        } catch (cause) {
          // The thrown error is kept as the cause, not quoted in the reason: it may quote the URL, which can carry the token.
          return { _tag: "OpenFailed", error: new TransportError({ code: "CONNECT_FAILED", reason: "the platform could not open a WebSocket", retryable: false, cause }) } as const
        }
        const opening: Live = { socket, lastInboundAt: 0, workSince: 0, done: false, ended: Deferred.makeUnsafe<PolicyEvent>() }
        live = opening
        const beforeOpen = yield* Effect.callback<PolicyEvent | undefined>((resume) => {
          socket.onopen = () => resume(Effect.succeed(undefined))
          socket.onerror = () => {}
          socket.onclose = (info) => resume(Effect.succeed(closeFailure(info)))
        }).pipe(
          Effect.timeoutOrElse({
            duration: config.timeouts.connectMs,
            orElse: () => Effect.succeed<PolicyEvent>({ _tag: "OpenFailed", error: new TimeoutError({ code: "CONNECT_TIMEOUT", timeoutMs: config.timeouts.connectMs }) })
          })
        )
        if (beforeOpen !== undefined) {
          opening.done = true
          drop(socket, 1000, "")
          return beforeOpen
        }
        const openedAt = now()
        opening.lastInboundAt = openedAt
        opening.workSince = openedAt
        socket.onmessage = (data) => {
          opening.lastInboundAt = now()
          hooks.onMessage(data)
        }
        socket.onpong = () => {
          opening.lastInboundAt = now()
        }
        socket.onclose = (info) => end(opening, { _tag: "Closed", info, now: now() })
        step({ _tag: "Opened", now: openedAt })
        current = opening
        log.info?.("connect", { connection: state.connections, failures: state.failures })
        hooks.onOpen(socket, state.connections)
        // The watchdog ends the connection (so its end wins the race) or is interrupted by its end.
        const ending = yield* Effect.raceFirst(Deferred.await(opening.ended), Effect.flatMap(watchdog(opening), () => Deferred.await(opening.ended)))
        if (ending._tag === "Closed") {
          log.info?.("disconnect", { connection: state.connections, code: ending.info.code, status: ending.info.httpStatus, uptimeMs: now() - openedAt })
        }
        return ending
      }).pipe(
        // Whatever ends the connection (an end, the client closing) lets the socket go.
        Effect.ensuring(Effect.sync(() => live && end(live, { _tag: "Closed", info: { code: 1000, reason: "client closed" }, now: now() }, 1000)))
      )
    }

    /** Connects, serves, and reconnects while requests wait; stops when none are left or the policy gives up. */
    const drive = Effect.gen(function* () {
      let decision: Decision = { _tag: "Connect", delayMs: 0, cause: "work" }
      while (decision._tag === "Connect" && hooks.hasWork()) {
        const ending = yield* connection()
        if (hooks.closed()) return
        if (ending._tag === "TokenFailed" || ending._tag === "OpenFailed") hooks.onConnectFailed?.(ending.error)
        decision = step(ending)
        if (decision._tag === "Connect" && hooks.hasWork()) {
          const failure = ending._tag === "TokenFailed" || ending._tag === "OpenFailed" ? failureFields(ending.error) : {}
          log.info?.("reconnect", { failures: state.failures, delayMs: decision.delayMs, cause: decision.cause, ...failure, ...(ending._tag === "Closed" ? { code: ending.info.code } : {}) })
          yield* Effect.sleep(decision.delayMs)
        }
      }
      if (decision._tag === "GiveUp") {
        log.error?.("give-up", failureFields(decision.error))
        hooks.failAll(decision.error)
      }
    }).pipe(
      // A request submitted while the driver was ending still needs a connection.
      Effect.ensuring(Effect.sync(() => queueMicrotask(() => hooks.hasWork() && current === undefined && ensureRunning())))
    )

    const ensureRunning = (): void => {
      if (stopped || running !== undefined || hooks.closed()) return
      const fiber = fork(drive)
      // A drive that ended at once (no work) leaves nothing running.
      running = fiber
      fiber.addObserver(() => {
        if (running === fiber) running = undefined
      })
    }

    return {
      ensureRunning,
      /** A request was admitted; `first`: none was pending before it (the connection's silence is counted from now at the earliest). */
      workArrived: (first: boolean): void => {
        const live = current
        if (live === undefined) return ensureRunning()
        const at = now()
        // Checked here too, not only on the watchdog's tick: timers run late in a sleeping process.
        const heartbeatMs = live.socket.ping !== undefined ? config.timeouts.heartbeatMs : 0
        if (!first && isSilent(live, at, heartbeatMs)) return end(live, { _tag: "Silent", now: at }, 4000)
        if (first) live.workSince = at
      },
      /** A request got a new event on this connection (`answered`: it ended with all its answers). */
      noteProgress: (answered: boolean): void => {
        if (!state.progressed || (answered && !state.completedOne)) step({ _tag: "Progress", answered })
      },
      /** A frame larger than `maxFrameBytes` arrived: the socket could not bound it, so the connection is closed (1009). */
      refuseOversized: (): void => {
        const live = current
        if (live !== undefined) end(live, { _tag: "Closed", info: { code: 1009, reason: "message too big" }, now: now() }, 1009)
      },
      /** Closes the socket and stops the driver (the client is closing): nothing waits for the peer. */
      stop: Effect.suspend(() => {
        stopped = true
        // `interruptAll` of one: `Fiber.interrupt`'s interruption and wait, by the function Effect's race already brings (one less in a Worker).
        return running === undefined ? Effect.void : Fiber.interruptAll([running])
      }),
      /** Drops the current connection as a network failure would (tests and chaos runs). */
      drop: (): void => {
        const socket = current?.socket
        if (socket?.terminate) socket.terminate()
        else socket?.close(4000, "dropped")
      }
    }
  })

export type ConnectionDriver = Effect.Success<ReturnType<typeof makeConnectionDriver>>
