import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { describe, expect } from "vitest"
import { OptaveClient, layer as clientLayer, request, requestStream } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import type { ClientConfig } from "../src/config/client-config.ts"
import { event, makeFakePlatform, type FakeSocket, type FakePlatformOptions } from "./support/fake-platform.ts"

/** Lets callbacks, microtasks and forked fibers run (real macrotask; the TestClock stays put). */
const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
const ticks = (count: number) => Effect.repeat(tick, { times: count })

const config: ClientConfig = { urls: { ws: "ws://127.0.0.1:1" }, token: "secret-token", timeouts: { settleMs: 5_000, requestMs: 30_000 } }

const withClient = <A, E>(
  options: FakePlatformOptions,
  program: (fake: ReturnType<typeof makeFakePlatform>) => Effect.Effect<A, E, OptaveClient>,
  extra: Partial<ClientConfig> = {}
) => {
  const fake = makeFakePlatform(options)
  return program(fake).pipe(
    Effect.provide(clientLayer({ ...config, ...extra }).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform))))
  )
}

/** A scripted server that answers each request with started+completed for each superpower. */
const answerAll =
  (superpowers: (action: string) => ReadonlyArray<string>) => (socket: FakeSocket, frame: Record<string, any>) => {
    const correlationId = frame.headers.correlationId as string
    queueMicrotask(() => {
      for (const superpower of superpowers(frame.headers.action)) {
        socket.receive(event(correlationId, superpower, "started"))
        socket.receive(event(correlationId, superpower, "completed", `${superpower} for ${frame.payload.request.requestId}`))
      }
    })
  }
const catalogSuperpowers = (action: string) => (action === "insights" ? ["performance_criteria", "sentiment_analysis"] : ["improve_answer"])

describe("socket transport", () => {
  itEffect("sends the envelope with the token in the subprotocols and collects every superpower", () =>
    withClient({ onSend: answerAll(catalogSuperpowers) }, (fake) =>
      Effect.gen(function* () {
        const result = yield* request("insights", insightsExample)
        expect(fake.sockets).toHaveLength(1)
        expect(fake.sockets[0]!.protocols).toEqual(["optave-v1", "secret-token"])
        expect(fake.sockets[0]!.url).not.toContain("secret-token")
        expect(Object.keys(result.superpowers).sort()).toEqual(["performance_criteria", "sentiment_analysis"])
        expect(result.superpowers.performance_criteria!.results[0]!.response![0]!.content).toBe(`performance_criteria for ${insightsExample.request.requestId}`)
        expect(result.events.map((e) => e.state)).toEqual(["started", "completed", "started", "completed"])
      })
    )
  )

  itEffect("an invalid payload fails with ValidationError naming the path, and nothing is sent", () =>
    withClient({}, (fake) =>
      Effect.gen(function* () {
        const bad = { ...insightsExample, request: { ...insightsExample.request, context: {} } }
        const exit = yield* Effect.exit(request("insights", bad as never))
        expect(Exit.isFailure(exit)).toBe(true)
        const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
        expect(error._tag).toBe("ValidationError")
        expect(error.issues.map((issue: { path: string }) => issue.path)).toContain("request.context.organizationId")
        expect(fake.sockets).toHaveLength(0)
      })
    )
  )

  itEffect("a superpower in error state is an outcome with the server's message, listed as a RemoteError in errors", () =>
    withClient(
      {
        onSend: (socket, frame) =>
          queueMicrotask(() => {
            const correlationId = frame.headers.correlationId
            socket.receive(event(correlationId, "improve_answer", "started"))
            const failed = event(correlationId, "improve_answer", "error", "Error while fetching results") as any
            failed.payload.message.results[0].response[0].error_code = "PROCESSING_FAILED"
            socket.receive(failed)
          })
      },
      () =>
        Effect.gen(function* () {
          const result = yield* request("elevate", elevateExample)
          expect(result.superpowers.improve_answer).toMatchObject({ state: "error", error: { message: "Error while fetching results", code: "PROCESSING_FAILED" } })
          const error = result.errors[0] as any
          expect(error._tag).toBe("RemoteError")
          expect(error.reason).toBe("Error while fetching results")
          expect(error.code).toBe("PROCESSING_FAILED")
          expect(error.category).toBe("ORCHESTRATOR")
        })
    )
  )

  itEffect("routes interleaved events of concurrent requests each to its own request", () => {
    const held: Array<[FakeSocket, Record<string, any>]> = []
    return withClient({ onSend: (socket, frame) => held.push([socket, frame]) }, () =>
      Effect.gen(function* () {
        const count = 50
        const fibers = yield* Effect.forEach(Array.from({ length: count }, (_, i) => i), (i) =>
          Effect.forkChild(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: `r-${i}` } }))
        )
        yield* ticks(5)
        expect(held).toHaveLength(count)
        // Answer in a scrambled order: completed of the last first, etc.
        const frames = held.flatMap(([socket, frame]) => [
          () => socket.receive(event(frame.headers.correlationId, "improve_answer", "started")),
          () => socket.receive(event(frame.headers.correlationId, "improve_answer", "completed", `answer ${frame.payload.request.requestId}`))
        ])
        const order = frames.map((_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101))
        // keep started before completed per request: deliver all starteds, then completeds in scrambled order
        for (const i of order) if (i % 2 === 0) frames[i]!()
        for (const i of order) if (i % 2 === 1) frames[i]!()
        const results = yield* Effect.forEach(fibers, (fiber) => Fiber.join(fiber))
        results.forEach((result, i) => {
          // A fresh UUID v7 per request: the caller's requestId no longer doubles as the correlation id.
          expect(result.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
          expect(result.superpowers.improve_answer!.results[0]!.response![0]!.content).toBe(`answer r-${i}`)
          expect(result.events).toHaveLength(2)
        })
      })
    )
  })

  itEffect("a bare uncorrelated event goes to the oldest pending request expecting that superpower", () => {
    const held: Array<FakeSocket> = []
    return withClient({ onSend: (socket) => held.push(socket) }, () =>
      Effect.gen(function* () {
        const first = yield* Effect.forkChild(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: "a" } }))
        yield* tick
        const second = yield* Effect.forkChild(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: "b" } }))
        yield* ticks(3)
        held[0]!.receive(event(undefined, "improve_answer", "completed", "first"))
        held[0]!.receive(event(undefined, "improve_answer", "completed", "second"))
        const [a, b] = [yield* Fiber.join(first), yield* Fiber.join(second)]
        expect(a.superpowers.improve_answer!.results[0]!.response![0]!.content).toBe("first")
        expect(b.superpowers.improve_answer!.results[0]!.response![0]!.content).toBe("second")
      })
    )
  })

  itEffect("strict mode sends uncorrelated and unknown events to the unrouted stream, never dropping them", () => {
    const held: Array<FakeSocket> = []
    return withClient(
      { onSend: (socket) => held.push(socket) },
      () =>
        Effect.gen(function* () {
          const client = yield* OptaveClient
          const unrouted = yield* Effect.forkChild(Stream.runCollect(Stream.take(client.unrouted, 2)))
          const pendingRequest = yield* Effect.forkChild(request("elevate", elevateExample, { settleTimeoutMs: 1_000 }))
          yield* ticks(3)
          held[0]!.receive(event(undefined, "improve_answer", "completed", "bare"))
          held[0]!.receive(event("nobody", "improve_answer", "completed", "stranger"))
          const collected = yield* Fiber.join(unrouted)
          expect(collected.map((e) => e.message?.results?.[0]?.response?.[0]?.content)).toEqual(["bare", "stranger"])
          expect(client.stats().unrouted).toBe(2)
          yield* Fiber.interrupt(pendingRequest)
        }),
      { strict: true }
    )
  })

  itEffect("a malformed frame surfaces as ProtocolError on its stream and other requests carry on", () =>
    withClient(
      {
        onSend: (socket, frame) =>
          queueMicrotask(() => {
            socket.receive("{not json")
            socket.receive({ action: "superpower", state: 3 })
            socket.receive(JSON.stringify({ action: "superpower", actionType: "improve_answer", state: "started", __proto__: { polluted: true } }))
            socket.receive(event(frame.headers.correlationId, "improve_answer", "completed", "fine"))
          })
      },
      () =>
        Effect.gen(function* () {
          const client = yield* OptaveClient
          const errors = yield* Effect.forkChild(Stream.runCollect(Stream.take(client.protocolErrors, 2)))
          const result = yield* request("elevate", elevateExample)
          expect(result.superpowers.improve_answer!.state).toBe("completed")
          const collected = yield* Fiber.join(errors)
          expect(collected.map((error) => error.code)).toEqual(["INVALID_JSON", "INVALID_FRAME"])
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        })
    )
  )

  itEffect("a drop mid-stream, then reconnect: the request is resent with its keys and every event arrives exactly once", () => {
    let connection = 0
    const tokens: Array<string> = []
    return withClient(
      {
        onOpen: (socket) => {
          connection++
          tokens.push(socket.protocols[1]!)
          queueMicrotask(() => socket.open())
        },
        onSend: (socket, frame) =>
          queueMicrotask(() => {
            const id = frame.headers.correlationId
            // The service replays everything it produced for this idempotency key.
            socket.receive(event(id, "performance_criteria", "started"))
            socket.receive(event(id, "performance_criteria", "completed", "criteria"))
            if (connection === 1) return socket.drop()
            socket.receive(event(id, "sentiment_analysis", "started"))
            socket.receive(event(id, "sentiment_analysis", "completed", "positive"))
          })
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(Stream.runCollect(requestStream("insights", insightsExample)))
          for (let i = 0; i < 20 && fiber.pollUnsafe() === undefined; i++) {
            yield* ticks(2)
            yield* TestClock.adjust(100)
          }
          const events = yield* Fiber.join(fiber)
          expect(events.map((e) => `${e.actionType}:${e.state}`)).toEqual([
            "performance_criteria:started",
            "performance_criteria:completed",
            "sentiment_analysis:started",
            "sentiment_analysis:completed"
          ])
          const [first, second] = [fake.sockets[0]!.sent[0]!, fake.sockets[1]!.sent[0]!]
          expect(second.headers.idempotencyKey).toBe(first.headers.idempotencyKey)
          expect(second.headers.correlationId).toBe(first.headers.correlationId)
          expect(tokens).toEqual(["secret-token", "secret-token"])
          const client = yield* OptaveClient
          expect(client.stats()).toMatchObject({ reconnects: 1, resends: 1, duplicatesDropped: 2 })
        })
    )
  })

  itEffect("every connect asks the token provider for a fresh token (tokens are single-use)", () => {
    let issued = 0
    let connection = 0
    return withClient(
      {
        onSend: (socket, frame) =>
          queueMicrotask(() => {
            connection++
            if (connection === 1) return socket.drop()
            socket.receive(event(frame.headers.correlationId, "improve_answer", "completed"))
          })
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample))
          for (let i = 0; i < 20 && fiber.pollUnsafe() === undefined; i++) {
            yield* ticks(2)
            yield* TestClock.adjust(100)
          }
          yield* Fiber.join(fiber)
          expect(fake.sockets.map((socket) => socket.protocols[1])).toEqual(["token-1", "token-2"])
        }),
      { token: undefined, tokenProvider: () => `token-${++issued}` } as Partial<ClientConfig>
    )
  })

  itEffect("requests made while disconnected are queued and flushed in order on connect", () => {
    const order: Array<string> = []
    return withClient(
      {
        onOpen: (socket) => setTimeout(() => socket.open(), 5),
        onSend: (socket, frame) => {
          order.push(frame.payload.request.requestId)
          queueMicrotask(() => socket.receive(event(frame.headers.correlationId, "improve_answer", "completed")))
        }
      },
      () =>
        Effect.gen(function* () {
          const ids = ["q1", "q2", "q3", "q4"]
          const fibers = yield* Effect.forEach(ids, (id) =>
            Effect.forkChild(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: id } }))
          )
          yield* Effect.forEach(fibers, Fiber.join)
          expect(order).toEqual(ids)
        })
    )
  })

  itEffect("interrupting a request during reconnect backoff sends nothing more for it", () => {
    let opened = 0
    return withClient(
      {
        onOpen: (socket) => {
          opened++
          if (opened === 1) queueMicrotask(() => socket.open())
          else queueMicrotask(() => socket.drop()) // later connects fail: the client sits in backoff
        },
        onSend: (socket) => queueMicrotask(() => socket.drop())
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample))
          yield* ticks(5)
          expect(fake.sockets[0]!.sent).toHaveLength(1)
          yield* Fiber.interrupt(fiber)
          for (let i = 0; i < 50; i++) {
            yield* TestClock.adjust(1_000)
            yield* tick
          }
          const sentAfter = fake.sockets.slice(1).reduce((sum, socket) => sum + socket.sent.length, 0)
          expect(sentAfter).toBe(0)
        })
    )
  })

  itEffect("close() settles every pending request with CLIENT_CLOSED", () =>
    withClient({ onSend: () => {} }, () =>
      Effect.gen(function* () {
        const client = yield* OptaveClient
        const fibers = yield* Effect.forEach([1, 2, 3], (i) =>
          Effect.forkChild(Effect.exit(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: `c${i}` } })))
        )
        yield* ticks(5)
        yield* client.close
        const exits = yield* Effect.forEach(fibers, Fiber.join)
        for (const exit of exits) {
          const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
          expect(error?._tag).toBe("TransportError")
          expect(error?.code).toBe("CLIENT_CLOSED")
        }
      })
    )
  )

  itEffect("a request with no answer ends with a settle TimeoutError naming the missing superpowers", () =>
    withClient({ onSend: () => {} }, () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(Effect.exit(request("insights", insightsExample, { settleTimeoutMs: 2_000 })))
        yield* ticks(5)
        for (let i = 0; i < 30; i++) {
          yield* TestClock.adjust(100)
          yield* tick
        }
        const exit = yield* Fiber.join(fiber)
        const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
        expect(error?._tag).toBe("TimeoutError")
        expect(error?.code).toBe("SETTLE_TIMEOUT")
        expect(error?.pendingSuperpowers).toEqual(["performance_criteria", "sentiment_analysis"])
      })
    )
  )

  itEffect("a dead peer (no pong) is detected by the heartbeat and the connection is replaced", () => {
    let connection = 0
    return withClient(
      {
        onSend: (socket, frame) => {
          connection++
          if (connection > 1) queueMicrotask(() => socket.receive(event(frame.headers.correlationId, "improve_answer", "completed")))
        }
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample, { settleTimeoutMs: 60_000 }))
          for (let i = 0; i < 80 && fiber.pollUnsafe() === undefined; i++) {
            yield* TestClock.adjust(500)
            yield* ticks(2)
          }
          yield* Fiber.join(fiber)
          expect(fake.sockets[0]!.pings).toBeGreaterThan(0)
          expect(fake.sockets[0]!.closed).toBe(true)
          expect(fake.sockets).toHaveLength(2)
        }),
      { timeouts: { heartbeatMs: 5_000, settleMs: 60_000 } }
    )
  })

  itEffect("a refused token surfaces as AuthError after one refresh-and-retry", () =>
    withClient(
      { onOpen: (socket) => queueMicrotask(() => socket.refuse(401)) },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(Effect.exit(request("elevate", elevateExample)))
          for (let i = 0; i < 50 && fiber.pollUnsafe() === undefined; i++) {
            yield* TestClock.adjust(500)
            yield* ticks(2)
          }
          const exit = yield* Fiber.join(fiber)
          const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
          expect(error?._tag).toBe("AuthError")
          expect(error?.category).toBe("AUTHENTICATION")
          expect(fake.sockets).toHaveLength(2)
        })
    )
  )

  itEffect("requests beyond the queue bound are refused with QUEUE_FULL while disconnected", () =>
    withClient(
      { onOpen: () => {} /* never opens */ },
      () =>
        Effect.gen(function* () {
          const fibers = yield* Effect.forEach([1, 2, 3], (i) =>
            Effect.forkChild(Effect.exit(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: `b${i}` } })))
          )
          yield* ticks(5)
          const third = yield* Fiber.join(fibers[2]!)
          const error = Exit.isFailure(third) ? (third.cause.reasons[0] as any).error : undefined
          expect(error?.code).toBe("QUEUE_FULL")
          expect(fibers[0]!.pollUnsafe()).toBeUndefined()
        }),
      { maxQueuedRequests: 2 }
    )
  )

  itEffect("holds frames while bufferedAmount is above the high-water mark and sends them once it drains", () => {
    const held: Array<FakeSocket> = []
    return withClient(
      {
        onOpen: (socket) => {
          held.push(socket)
          queueMicrotask(() => socket.open())
        },
        onSend: (socket) => {
          socket.bufferedAmount = 10_000 // the network is slow: everything written stays buffered
        }
      },
      () =>
        Effect.gen(function* () {
          yield* Effect.forEach([1, 2, 3], (i) =>
            Effect.forkChild(request("elevate", { ...elevateExample, request: { ...elevateExample.request, requestId: `w${i}` } }))
          )
          yield* ticks(5)
          expect(held[0]!.sent).toHaveLength(1)
          held[0]!.bufferedAmount = 0
          for (let i = 0; i < 5; i++) {
            yield* TestClock.adjust(10)
            yield* ticks(2)
            held[0]!.bufferedAmount = 0
          }
          expect(held[0]!.sent.map((frame) => frame.payload.request.requestId)).toEqual(["w1", "w2", "w3"])
        }),
      { highWaterMarkBytes: 1_000 }
    )
  })
})
