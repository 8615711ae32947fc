// Each request's timeouts fire at their own time, on the WebSocket and over REST: no shared
// sweep that checks every so often, so a `timeoutMs: 300` ends at 300 ms of virtual time, not at
// the next check. Time moves only by TestClock.
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { describe, expect } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { makeDeadlineQueue, type Scheduled } from "../src/socket/deadline-queue.ts"
import { layer as clientLayer, request, type OptaveClient } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import { event, makeFakePlatform, type FakePlatformOptions } from "./support/fake-platform.ts"

/** Lets callbacks, microtasks and forked fibers run (real macrotask; the TestClock stays put). */
const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
const settle = Effect.repeat(tick, { times: 3 })

const socketConfig: ClientConfig = { urls: { ws: "ws://127.0.0.1:1" }, token: "t", timeouts: { settleMs: 60_000, requestMs: 120_000, heartbeatMs: 0 } }
const restConfig: ClientConfig = { urls: { ws: "ws://127.0.0.1:1", rest: "http://127.0.0.1:1" }, token: "t", transport: "rest", timeouts: { settleMs: 60_000, requestMs: 120_000, heartbeatMs: 0 } }

const withClient = <A, E>(config: ClientConfig, options: FakePlatformOptions, program: (fake: ReturnType<typeof makeFakePlatform>) => Effect.Effect<A, E, OptaveClient>) => {
  const fake = makeFakePlatform(options)
  return program(fake).pipe(Effect.provide(clientLayer(config).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform)))))
}

/** `TIMEOUT_CODE@ms` for a failed fiber, `pending` for one still running, `ok` for a success. */
const outcome = (fiber: Fiber.Fiber<unknown, unknown>): string => {
  const exit = fiber.pollUnsafe()
  if (exit === undefined) return "pending"
  if (Exit.isSuccess(exit)) return "ok"
  const error = (exit.cause.reasons[0] as { error?: { _tag?: string; code?: string } }).error
  return `${error?._tag} ${error?.code}`
}

/** Moves virtual time to `at` (from `from`), letting callbacks run after the move. */
const advanceTo = (from: { now: number }, at: number) =>
  Effect.gen(function* () {
    yield* TestClock.adjust(at - from.now)
    from.now = at
    yield* settle
  })

const neverAnswered = new Promise<Response>(() => {})

describe.each([
  ["WebSocket", socketConfig, {} satisfies FakePlatformOptions],
  ["REST", restConfig, { fetch: () => neverAnswered } satisfies FakePlatformOptions]
] as const)("deadlines over %s", (_, config, options) => {
  itEffect("a timeoutMs of 300 fires at 300 ms, not at a later check", () =>
    withClient(config, options, () =>
      Effect.gen(function* () {
        const clock = { now: 0 }
        const fiber = yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs: 300 }))
        yield* settle
        yield* advanceTo(clock, 299)
        expect(outcome(fiber)).toBe("pending")
        yield* advanceTo(clock, 300)
        expect(outcome(fiber)).toBe("TimeoutError REQUEST_TIMEOUT")
      })
    )
  )

  itEffect("requests with different deadlines each end at their own, whatever order they came in", () =>
    withClient(config, options, () =>
      Effect.gen(function* () {
        const clock = { now: 0 }
        // Shuffled deadlines; a later request with an earlier deadline must not wait for the others.
        const timeouts = [900, 150, 2_000, 150, 475, 60, 1_300, 301, 777, 1_999]
        const fibers: Array<Fiber.Fiber<unknown, unknown>> = []
        for (const timeoutMs of timeouts) fibers.push(yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs })))
        yield* settle
        for (const deadline of [...new Set(timeouts)].sort((a, b) => a - b)) {
          yield* advanceTo(clock, deadline - 1)
          expect(timeouts.map((timeoutMs, index) => (timeoutMs < deadline ? "ended" : outcome(fibers[index]!)))).toEqual(timeouts.map((timeoutMs) => (timeoutMs < deadline ? "ended" : "pending")))
          yield* advanceTo(clock, deadline)
          timeouts.forEach((timeoutMs, index) => {
            if (timeoutMs === deadline) expect(outcome(fibers[index]!)).toBe("TimeoutError REQUEST_TIMEOUT")
          })
        }
      })
    )
  )

  itEffect("a request sent later with an earlier deadline ends first; the earlier request keeps its own", () =>
    withClient(config, options, () =>
      Effect.gen(function* () {
        const clock = { now: 0 }
        const long = yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs: 5_000 }))
        yield* advanceTo(clock, 1_000)
        const short = yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs: 250 }))
        yield* settle
        yield* advanceTo(clock, 1_249)
        expect([outcome(short), outcome(long)]).toEqual(["pending", "pending"])
        yield* advanceTo(clock, 1_250)
        expect([outcome(short), outcome(long)]).toEqual(["TimeoutError REQUEST_TIMEOUT", "pending"])
        yield* advanceTo(clock, 4_999)
        expect(outcome(long)).toBe("pending")
        yield* advanceTo(clock, 5_000)
        expect(outcome(long)).toBe("TimeoutError REQUEST_TIMEOUT")
      })
    )
  )
})

describe("the settle window on the WebSocket", () => {
  itEffect("fires exactly settleMs after the last event, each event moving it", () =>
    withClient(socketConfig, {}, (fake) =>
      Effect.gen(function* () {
        const clock = { now: 0 }
        const fiber = yield* Effect.forkChild(request("elevate", elevateExample, { settleTimeoutMs: 700 }))
        yield* settle
        const correlationId = fake.sockets[0]!.sent[0]!.headers.correlationId as string
        yield* advanceTo(clock, 500)
        fake.sockets[0]!.receive(event(correlationId, "improve_answer", "started"))
        yield* settle
        yield* advanceTo(clock, 1_199)
        expect(outcome(fiber)).toBe("pending")
        yield* advanceTo(clock, 1_200)
        expect(outcome(fiber)).toBe("TimeoutError SETTLE_TIMEOUT")
      })
    )
  )

  itEffect("a resend after an outage longer than settleMs restarts the window: the answer that follows within it is taken", () => {
    // The first connection drops at 1 s; every connection attempt fails until 10 s (settleMs is 2 s);
    // the connection after that gets the resent request and answers it 1.5 s later.
    let outage = false
    const fake = makeFakePlatform({
      onOpen: (socket) =>
        queueMicrotask(() => {
          if (outage) socket.drop()
          else socket.open()
        })
    })
    return Effect.gen(function* () {
      const clock = { now: 0 }
      const fiber = yield* Effect.forkChild(request("elevate", elevateExample, { settleTimeoutMs: 2_000, timeoutMs: 60_000 }))
      yield* settle
      expect(fake.sockets[0]!.sent).toHaveLength(1)
      yield* advanceTo(clock, 1_000)
      outage = true
      fake.sockets[0]!.drop()
      for (let at = 1_100; at <= 10_000; at += 100) yield* advanceTo(clock, at)
      outage = false
      let resentOn: (typeof fake.sockets)[number] | undefined
      for (let at = 10_100; resentOn === undefined && at <= 12_000; at += 100) {
        yield* advanceTo(clock, at)
        resentOn = fake.sockets.find((socket) => socket !== fake.sockets[0] && socket.sent.length > 0)
      }
      expect(resentOn).toBeDefined()
      const resentAt = clock.now
      expect(outcome(fiber)).toBe("pending")
      yield* advanceTo(clock, resentAt + 1_500)
      expect(outcome(fiber)).toBe("pending")
      const correlationId = resentOn!.sent[0]!.headers.correlationId as string
      resentOn!.receive(event(correlationId, "improve_answer", "started"))
      resentOn!.receive(event(correlationId, "improve_answer", "completed", "better"))
      yield* settle
      expect(outcome(fiber)).toBe("ok")
    }).pipe(
      Effect.provide(
        clientLayer({ ...socketConfig, reconnect: { maxAttempts: 1_000, baseDelayMs: 50, maxDelayMs: 200 } }).pipe(
          Layer.provide(Layer.succeed(Platform)(fake.platform))
        )
      )
    )
  })

  itEffect("a server that drops every connection holds a request no longer than its own deadline", () => {
    // Each connection opens, takes the (re)sent request and is dropped a moment later.
    const fake = makeFakePlatform({ onSend: (socket) => queueMicrotask(() => socket.drop()) })
    return Effect.gen(function* () {
      const clock = { now: 0 }
      const fiber = yield* Effect.forkChild(request("insights", insightsExample, { settleTimeoutMs: 2_000, timeoutMs: 30_000 }))
      for (let at = 100; at < 30_000 && outcome(fiber) === "pending"; at += 100) yield* advanceTo(clock, at)
      yield* advanceTo(clock, 30_000)
      expect(outcome(fiber)).not.toBe("pending")
      expect(outcome(fiber)).not.toBe("ok")
      expect(fake.sockets.length).toBeGreaterThan(1)
    }).pipe(
      Effect.provide(
        clientLayer({ ...socketConfig, reconnect: { maxAttempts: 1_000, baseDelayMs: 10, maxDelayMs: 50 } }).pipe(
          Layer.provide(Layer.succeed(Platform)(fake.platform))
        )
      )
    )
  })
})

describe("correlation ids", () => {
  itEffect("an id already used by a pending request is refused as the caller's mistake, naming options.correlationId", () =>
    withClient(socketConfig, {}, () =>
      Effect.gen(function* () {
        const first = yield* Effect.forkChild(request("elevate", elevateExample, { correlationId: "same-id" }))
        yield* settle
        const second = yield* Effect.exit(request("elevate", elevateExample, { correlationId: "same-id" }))
        const error = Exit.isFailure(second) ? (second.cause.reasons[0] as { error?: any }).error : undefined
        expect(error?._tag).toBe("ValidationError")
        expect(error?.issues?.[0]?.path).toBe("options.correlationId")
        expect(error?.issues?.[0]?.message).toContain("already used by a pending request")
        expect(outcome(first)).toBe("pending")
      })
    )
  )
})

describe("makeDeadlineQueue", () => {
  interface Item extends Scheduled {
    readonly name: string
  }
  const item = (name: string): Item => ({ name, dueAt: 0, queueIndex: -1 })

  itEffect("hands each item over at its own time, in time order, and forgets removed ones", () =>
    Effect.gen(function* () {
      const fired: Array<string> = []
      let now = 0
      const services = yield* Effect.context<never>()
      const queue = makeDeadlineQueue<Item>(Effect.runForkWith(services), () => now, (due, at) => fired.push(`${due.name}@${at}`))
      // Times in a scrambled order, one of them moved earlier and one later after queueing.
      const items = [30, 10, 50, 20, 40, 10, 70, 60].map((at, index) => {
        const queued = item(`i${index}`)
        queue.schedule(queued, at)
        return queued
      })
      queue.schedule(items[6]!, 5)
      queue.schedule(items[1]!, 45)
      queue.remove(items[4]!)
      expect(queue.size()).toBe(7)
      for (; now < 100; now++) {
        yield* TestClock.adjust(1)
        yield* tick
      }
      expect(fired).toEqual(["i6@5", "i5@10", "i3@20", "i0@30", "i1@45", "i2@50", "i7@60"])
      expect(queue.size()).toBe(0)
      expect(items.every((queued) => queued.queueIndex === -1)).toBe(true)
    })
  )

  itEffect("keeps the heap order through many random schedules and removals", () =>
    Effect.gen(function* () {
      const fired: Array<number> = []
      let now = 0
      const services = yield* Effect.context<never>()
      const queue = makeDeadlineQueue<Item>(Effect.runForkWith(services), () => now, (due) => fired.push(due.dueAt))
      let seed = 7
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
      const items = Array.from({ length: 500 }, (_, index) => item(`i${index}`))
      for (const queued of items) queue.schedule(queued, 1 + Math.floor(random() * 1_000))
      for (let index = 0; index < 500; index += 3) queue.remove(items[index]!)
      for (let index = 1; index < 500; index += 7) queue.schedule(items[index]!, 1 + Math.floor(random() * 1_000))
      const expected = items.filter((queued) => queued.queueIndex >= 0).map((queued) => queued.dueAt).sort((a, b) => a - b)
      now = 1_000
      yield* TestClock.adjust(1_000)
      yield* tick
      expect(fired).toEqual(expected)
    })
  )
})
