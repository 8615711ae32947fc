// The connection on a scripted platform and Effect's TestClock: a silent peer caught on a socket
// that cannot ping, token failures recovered, tokens that cannot travel refused before any socket,
// refusals bounded where their status is hidden, and nothing a platform throws escaping.
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample } from "@org/optave-schema"
import { describe, expect } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { OptaveClient, layer as clientLayer, request } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import { event, makeFakePlatform, type FakePlatformOptions, type FakeSocket } from "./support/fake-platform.ts"

const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

const base: ClientConfig = {
  urls: { ws: "ws://127.0.0.1:1" },
  token: "secret-token",
  timeouts: { livenessMs: 2_000, requestMs: 60_000, settleMs: 30_000 },
  reconnect: { baseDelayMs: 50, maxDelayMs: 200 }
}

const withClient = <A, E>(options: FakePlatformOptions, program: (fake: ReturnType<typeof makeFakePlatform>) => Effect.Effect<A, E, OptaveClient>, extra: Partial<ClientConfig> = {}) => {
  const fake = makeFakePlatform(options)
  return program(fake).pipe(Effect.provide(clientLayer({ ...base, ...extra }).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform)))))
}

/**
 * Runs `effect` in a fiber and advances virtual time in `stepMs` steps until it ends (for at most
 * `limitMs`): what it returned, and how much virtual time passed.
 */
const runOnTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>, stepMs: number, limitMs: number) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    let elapsedMs = 0
    for (; elapsedMs < limitMs && fiber.pollUnsafe() === undefined; elapsedMs += stepMs) {
      yield* tick
      yield* tick
      yield* TestClock.adjust(stepMs)
    }
    return { result: yield* Fiber.join(fiber), elapsedMs }
  })

const failureOf = (exit: Exit.Exit<unknown, unknown>): any => (Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined)

/** The error `effect` fails with when run as `runOnTestClock` runs it (undefined if it succeeds). */
const failureOnTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>, stepMs: number, limitMs: number) =>
  Effect.map(runOnTestClock(Effect.exit(effect), stepMs, limitMs), ({ result }) => failureOf(result))

const answer = (socket: { receive(frame: unknown): void }, frame: Record<string, any>) =>
  queueMicrotask(() => socket.receive(event(frame.headers.correlationId, "improve_answer", "completed", "better")))

/**
 * A scripted server whose first connection meets each frame the client sends with `first` (swallows
 * it, drops the connection, sends something too large) and whose later connections answer. Each
 * connection opens on the next microtask.
 */
const firstConnectionThenAnswers = (first: (socket: FakeSocket, frame: Record<string, any>) => void) => {
  let connection = 0
  return {
    onOpen: (socket: FakeSocket) => {
      connection++
      queueMicrotask(() => socket.open())
    },
    onSend: (socket: FakeSocket, frame: Record<string, any>) => (connection === 1 ? first(socket, frame) : answer(socket, frame))
  } satisfies FakePlatformOptions
}

/** The first connection swallows everything (a dead NAT mapping); the next one answers. */
const silentFirstConnection = () => firstConnectionThenAnswers(() => {})

describe("a silent peer (no FIN, no RST)", () => {
  itEffect("on a socket that cannot ping, a connection silent for the liveness window while a request waits is dropped and the request resent: one result, same keys, within twice the window", () =>
    withClient({ standard: true, ...silentFirstConnection() }, (fake) =>
      Effect.gen(function* () {
        const { result, elapsedMs } = yield* runOnTestClock(request("elevate", elevateExample), 100, 20_000)
        expect(result.superpowers.improve_answer!.state).toBe("completed")
        expect(result.events).toHaveLength(1)
        expect(elapsedMs).toBeLessThanOrEqual(2 * 2_000)
        expect(fake.sockets).toHaveLength(2)
        // The silent socket was let go at once (closed by the client, its handlers detached).
        expect(fake.sockets[0]!.closed).toBe(true)
        expect(fake.sockets[0]!.onmessage).toBeNull()
        const [first, second] = [fake.sockets[0]!.sent[0]!, fake.sockets[1]!.sent[0]!]
        expect(second.headers.idempotencyKey).toBe(first.headers.idempotencyKey)
        expect(second.headers.correlationId).toBe(first.headers.correlationId)
        const client = yield* OptaveClient
        expect(client.stats()).toMatchObject({ connects: 2, reconnects: 1, resends: 1 })
      })
    )
  )

  itEffect("a late answer on the silent connection is not delivered twice: the dropped socket is detached", () =>
    withClient({ standard: true, ...silentFirstConnection() }, (fake) =>
      Effect.gen(function* () {
        const { result } = yield* runOnTestClock(request("elevate", elevateExample), 100, 20_000)
        // The first connection wakes up and answers late: nothing reaches anyone.
        const late = fake.sockets[0]!
        late.closed = false
        late.receive(event(result.correlationId, "improve_answer", "completed", "late"))
        const client = yield* OptaveClient
        expect(client.stats().unrouted).toBe(0)
        expect(result.events).toHaveLength(1)
      })
    )
  )

  itEffect("an idle connection is never judged: silence with nothing pending is not a fault, and the next request uses the same connection", () =>
    withClient({ standard: true, onSend: answer }, (fake) =>
      Effect.gen(function* () {
        yield* request("elevate", elevateExample)
        for (let i = 0; i < 100; i++) {
          yield* TestClock.adjust(1_000)
          yield* tick
        }
        yield* request("elevate", elevateExample)
        expect(fake.sockets).toHaveLength(1)
        expect(fake.sockets[0]!.closed).toBe(false)
      })
    )
  )

  itEffect("a slow server that keeps sending progress within the window is not judged silent", () =>
    withClient(
      {
        standard: true,
        onSend: (socket, frame) => {
          const id = frame.headers.correlationId
          // A progress event every 1.5 s (within the 2 s window), the answer after 9 s.
          for (let at = 1_500; at < 9_000; at += 1_500) setTimeout(() => socket.receive(event(id, "improve_answer", "in_progress")), 0).unref?.()
          queueMicrotask(() => socket.receive(event(id, "improve_answer", "started")))
        }
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample))
          yield* tick
          yield* tick
          for (let i = 0; i < 6; i++) {
            yield* TestClock.adjust(1_500)
            fake.sockets[0]!.receive(event(fake.sockets[0]!.sent[0]!.headers.correlationId, "improve_answer", "in_progress", `step ${i}`))
            yield* tick
          }
          fake.sockets[0]!.receive(event(fake.sockets[0]!.sent[0]!.headers.correlationId, "improve_answer", "completed", "done"))
          const result = yield* Fiber.join(fiber)
          expect(result.superpowers.improve_answer!.state).toBe("completed")
          expect(fake.sockets).toHaveLength(1)
        })
    )
  )

  itEffect("livenessMs 0 turns the rule off: the request settles on its own timer on the one connection", () =>
    withClient({ standard: true }, (fake) =>
      Effect.gen(function* () {
        const error = yield* failureOnTestClock(request("elevate", elevateExample, { settleTimeoutMs: 5_000 }), 100, 20_000)
        expect(error?.code).toBe("SETTLE_TIMEOUT")
        expect(fake.sockets).toHaveLength(1)
      }),
      { timeouts: { livenessMs: 0, requestMs: 60_000 } }
    )
  )

  itEffect("close() with a silent peer lets the socket go at once, without waiting for the peer's close", () =>
    withClient({ standard: true }, (fake) =>
      Effect.gen(function* () {
        const client = yield* OptaveClient
        const fiber = yield* Effect.forkChild(Effect.exit(request("elevate", elevateExample)))
        yield* tick
        yield* tick
        yield* client.close
        expect(failureOf(yield* Fiber.join(fiber))?.code).toBe("CLIENT_CLOSED")
        expect(fake.sockets[0]!.closed).toBe(true)
        expect(fake.sockets[0]!.onclose).toBeNull()
      })
    )
  )

  itEffect("a frame larger than maxFrameBytes that the socket let through closes the connection (1009 where allowed) and the request goes on a new one", () => {
    const closes: Array<number | undefined> = []
    const server = firstConnectionThenAnswers((socket) => queueMicrotask(() => socket.receive("x".repeat(4_096))))
    return withClient(
      {
        standard: true,
        ...server,
        onOpen: (socket) => {
          const close = socket.close.bind(socket)
          socket.close = (code?: number, reason?: string) => (closes.push(code), close(code, reason))
          server.onOpen(socket)
        }
      },
      (fake) =>
        Effect.gen(function* () {
          yield* runOnTestClock(request("elevate", elevateExample), 50, 5_000)
          expect(closes).toEqual([1009])
          expect(fake.sockets).toHaveLength(2)
        }),
      { maxFrameBytes: 1_024 }
    )
  })
})

describe("tokens that cannot travel, and platforms that throw", () => {
  for (const [name, token] of [
    ["standard base64 with '/' and '='", "abc/def+ghi=="],
    ["a comma", "abc,def"],
    ["a semicolon", "abc;def"],
    ["the protocol's own name", "optave-v1"]
  ] as const) {
    itEffect(`a token with ${name} is refused before any connection with TOKEN_UNFIT_SUBPROTOCOL, saying what to do`, () =>
      withClient({}, (fake) =>
        Effect.gen(function* () {
          const exit = yield* Effect.exit(request("elevate", elevateExample))
          const error = failureOf(exit)
          expect(error).toMatchObject({ _tag: "AuthError", code: "TOKEN_UNFIT_SUBPROTOCOL" })
          expect(error.message).toContain('socketTokenTransport: "query"')
          if (token !== "optave-v1") expect(error.message).not.toContain(token)
          expect(fake.sockets).toHaveLength(0)
        }),
        { token: undefined, tokenProvider: () => token } as Partial<ClientConfig>
      )
    )
  }

  itEffect("the same token goes in the URL with socketTokenTransport query", () =>
    withClient({ onSend: answer }, (fake) =>
      Effect.gen(function* () {
        yield* request("elevate", elevateExample)
        expect(fake.sockets[0]!.url).toContain(encodeURIComponent("abc/def+ghi=="))
        expect(fake.sockets[0]!.protocols).toEqual(["optave-v1"])
      }),
      { token: "abc/def+ghi==", socketTokenTransport: "query" }
    )
  )

  itEffect("a platform whose socket constructor throws fails the request with CONNECT_FAILED keeping the error as cause, after one attempt", () => {
    const thrown = new SyntaxError("invalid subprotocol")
    let attempts = 0
    return withClient(
      { openThrows: () => (attempts++, thrown) },
      () =>
        Effect.gen(function* () {
          const error = yield* failureOnTestClock(request("elevate", elevateExample), 100, 5_000)
          expect(error).toMatchObject({ _tag: "TransportError", code: "CONNECT_FAILED", retryable: false })
          expect(error.cause).toBe(thrown)
          expect(attempts).toBe(1)
        })
    )
  })

  itEffect("a close before open that carries what the platform threw (the ws adapter's report) ends the same way", () => {
    const thrown = new SyntaxError("bad")
    return withClient(
      { onOpen: (socket) => queueMicrotask(() => socket.onclose?.({ code: 1006, reason: "ws refused the socket (SyntaxError)", cause: thrown })) },
      (fake) =>
        Effect.gen(function* () {
          const error = yield* failureOnTestClock(request("elevate", elevateExample), 100, 5_000)
          expect(error).toMatchObject({ _tag: "TransportError", code: "CONNECT_FAILED" })
          expect(error.cause).toBe(thrown)
          expect(fake.sockets).toHaveLength(1)
        })
    )
  })
})

describe("recoverable token failures during a reconnect", () => {
  /** The first connection is dropped as soon as the request is on it; later ones answer. */
  const dropFirst = () => firstConnectionThenAnswers((socket) => queueMicrotask(() => socket.drop()))

  itEffect("a tokenProvider that rejects once is asked again after a backoff: the request completes", () => {
    let calls = 0
    return withClient(dropFirst(), (fake) =>
      Effect.gen(function* () {
        const { result } = yield* runOnTestClock(request("elevate", elevateExample), 50, 10_000)
        expect(result.superpowers.improve_answer!.state).toBe("completed")
        expect(calls).toBe(3)
        expect(fake.sockets).toHaveLength(2)
      }),
      { token: undefined, tokenProvider: () => (++calls === 2 ? Promise.reject(new Error("provider down")) : `token-${calls}`) } as Partial<ClientConfig>
    )
  })

  itEffect("a hung tokenProvider is abandoned at timeouts.tokenMs and asked again while the request has time left", () => {
    let calls = 0
    return withClient(dropFirst(), () =>
      Effect.gen(function* () {
        const { result } = yield* runOnTestClock(request("elevate", elevateExample), 100, 20_000)
        expect(result.superpowers.improve_answer!.state).toBe("completed")
        expect(calls).toBe(3)
      }),
      { token: undefined, tokenProvider: () => (++calls === 2 ? new Promise<string>(() => {}) : `token-${calls}`), timeouts: { tokenMs: 1_000, livenessMs: 2_000, requestMs: 60_000 } } as Partial<ClientConfig>
    )
  })

  itEffect("a token endpoint answering 503 for three seconds during the reconnect: the request completes", () => {
    let issued = 0
    return withClient(
      {
        ...dropFirst(),
        fetch: () => {
          issued++
          const ok = issued === 1 || issued > 6
          return Promise.resolve(
            ok
              ? new Response(JSON.stringify({ access_token: `token-${issued}`, expires_in: 3600 }), { status: 200, headers: { "content-type": "application/json" } })
              : new Response("unavailable", { status: 503 })
          )
        }
      },
      (fake) =>
        Effect.gen(function* () {
          const { result } = yield* runOnTestClock(request("elevate", elevateExample), 100, 30_000)
          expect(result.superpowers.improve_answer!.state).toBe("completed")
          expect(issued).toBeGreaterThan(6)
          expect(fake.sockets).toHaveLength(2)
        }),
      { token: undefined, clientId: "id", clientSecret: "secret", authenticationUrl: "http://127.0.0.1:1/token", allowInsecure: true, retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 } } as Partial<ClientConfig>
    )
  })
})

describe("refused upgrades where the status is hidden", () => {
  itEffect("on a socket that hides the upgrade status, three closes before open end in AuthError saying so, with three tokens spent", () => {
    let issued = 0
    return withClient(
      { standard: true, onOpen: (socket) => queueMicrotask(() => socket.drop()) },
      (fake) =>
        Effect.gen(function* () {
          const error = yield* failureOnTestClock(request("elevate", elevateExample), 50, 10_000)
          expect(error).toMatchObject({ _tag: "AuthError", code: "TOKEN_REJECTED" })
          expect(error.message).toContain("does not show the HTTP status")
          expect(fake.sockets).toHaveLength(3)
          expect(issued).toBe(3)
        }),
      { token: undefined, tokenProvider: () => `token-${++issued}` } as Partial<ClientConfig>
    )
  })
})

describe("the driver stops with the client", () => {
  itEffect("close() during a reconnect's backoff: no socket opens after it, however far the clock goes", () =>
    withClient({ onOpen: (socket) => queueMicrotask(() => socket.refuse(503)) }, (fake) =>
      Effect.gen(function* () {
        const client = yield* OptaveClient
        const fiber = yield* Effect.forkChild(Effect.exit(request("elevate", elevateExample)))
        yield* tick
        yield* tick
        const opened = fake.sockets.length
        expect(opened).toBeGreaterThan(0)
        yield* client.close
        expect(failureOf(yield* Fiber.join(fiber))?.code).toBe("CLIENT_CLOSED")
        yield* TestClock.adjust(60_000)
        yield* tick
        expect(fake.sockets).toHaveLength(opened)
      })
    )
  )

  itEffect("close() while a socket is still opening drops it, detached, without waiting for it to open", () =>
    withClient({ onOpen: () => {} }, (fake) =>
      Effect.gen(function* () {
        const client = yield* OptaveClient
        const fiber = yield* Effect.forkChild(Effect.exit(request("elevate", elevateExample)))
        yield* tick
        yield* tick
        expect(fake.sockets).toHaveLength(1)
        yield* client.close
        expect(failureOf(yield* Fiber.join(fiber))?.code).toBe("CLIENT_CLOSED")
        expect(fake.sockets[0]!.closed).toBe(true)
        expect(fake.sockets[0]!.onopen).toBeNull()
        expect(fake.sockets[0]!.onclose).toBeNull()
      })
    )
  )
})
