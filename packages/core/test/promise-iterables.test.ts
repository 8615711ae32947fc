// The Promise API's async iterables (client.stream.*, unrouted(), protocolErrors()): built on the
// engine's callbacks, not on Effect's Stream, so they are tested here on their own.
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { pushIterable } from "../src/request/push-iterable.ts"
import { createClientWith } from "../src/promise-client.ts"
import { event, makeFakePlatform, type FakeSocket } from "./support/fake-platform.ts"

const withId = (requestId: string) => ({ ...insightsExample, request: { ...insightsExample.request, requestId } })

/** A server that answers each request with `started` then, if `complete`, `completed` per superpower. */
const answering = (complete: (frame: Record<string, any>) => boolean = () => true) =>
  makeFakePlatform({
    onSend: (socket: FakeSocket, frame) =>
      queueMicrotask(() => {
        for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
          socket.receive(event(frame.headers.correlationId, superpower, "started"))
          if (complete(frame)) socket.receive(event(frame.headers.correlationId, superpower, "completed"))
        }
      })
  })

const config = { urls: { ws: "ws://127.0.0.1:1" }, token: "t" }

describe("client.stream.<action>", () => {
  it("yields every event in arrival order and ends when each superpower ended", async () => {
    const fake = answering()
    const client = createClientWith(fake.platform, config)
    const seen: Array<string> = []
    for await (const e of client.stream.insights(withId("s-1"))) seen.push(`${e.actionType}:${e.state}`)
    expect(seen).toEqual(["performance_criteria:started", "performance_criteria:completed", "sentiment_analysis:started", "sentiment_analysis:completed"])
    await client.close()
  })

  it("sends nothing until iterated, and again on each iteration", async () => {
    const fake = answering()
    const client = createClientWith(fake.platform, config)
    const events = client.stream.insights(withId("s-2"))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(fake.sockets.flatMap((socket) => socket.sent)).toHaveLength(0)
    for await (const _ of events) break
    for await (const _ of events) break
    expect(fake.sockets.flatMap((socket) => socket.sent)).toHaveLength(2)
    await client.close()
  })

  it("throws a ValidationError with the path at the first read, and sends nothing", async () => {
    const fake = answering()
    const client = createClientWith(fake.platform, config)
    const bad = { ...insightsExample, request: { ...insightsExample.request, scope: 42 } } as unknown as typeof insightsExample
    const iterator = client.stream.insights(bad)[Symbol.asyncIterator]()
    const error = await iterator.next().catch((e: unknown) => e)
    expect(error).toMatchObject({ _tag: "ValidationError" })
    expect((error as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toContain("request.scope")
    expect(await iterator.next()).toEqual({ value: undefined, done: true })
    expect(fake.sockets.flatMap((socket) => socket.sent)).toHaveLength(0)
    await client.close()
  })

  it("break forgets the request: its later events are dropped as late, nothing is resent", async () => {
    const fake = answering((frame) => frame.headers.correlationId !== "s-3")
    const client = createClientWith(fake.platform, config)
    for await (const e of client.stream.insights(withId("s-3"), { correlationId: "s-3" })) {
      expect(e.state).toBe("started")
      break
    }
    expect(client.stats().pending).toBe(0)
    fake.sockets[0]!.receive(event("s-3", "performance_criteria", "completed"))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 1, unrouted: 0 })
    client.dropConnection()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fake.sockets.flatMap((socket) => socket.sent)).toHaveLength(1)
    await client.close()
  })

  it("an aborted signal ends the iteration with TransportError CANCELLED and forgets the request", async () => {
    const fake = answering(() => false)
    const client = createClientWith(fake.platform, config)
    const controller = new AbortController()
    const seen: Array<string> = []
    const failure = await (async () => {
      for await (const e of client.stream.insights(withId("s-4"), { signal: controller.signal })) {
        seen.push(e.state)
        if (seen.length === 2) controller.abort()
      }
    })().catch((e: unknown) => e)
    expect(seen).toEqual(["started", "started"])
    expect(failure).toMatchObject({ _tag: "TransportError", code: "CANCELLED" })
    expect(client.stats().pending).toBe(0)
    await client.close()
  })

  it("a signal aborted before the first read sends nothing", async () => {
    const fake = answering()
    const client = createClientWith(fake.platform, config)
    const iterator = client.stream.insights(withId("s-5"), { signal: AbortSignal.abort() })[Symbol.asyncIterator]()
    await expect(iterator.next()).rejects.toMatchObject({ code: "CANCELLED" })
    expect(fake.sockets.flatMap((socket) => socket.sent)).toHaveLength(0)
    await client.close()
  })

  it("close ends a pending stream with CLIENT_CLOSED", async () => {
    const fake = answering(() => false)
    const client = createClientWith(fake.platform, config)
    const iterator = client.stream.insights(withId("s-6"))[Symbol.asyncIterator]()
    expect((await iterator.next()).value?.state).toBe("started")
    expect((await iterator.next()).value?.state).toBe("started")
    const next = iterator.next()
    await client.close()
    await expect(next).rejects.toMatchObject({ _tag: "TransportError", code: "CLIENT_CLOSED" })
  })
})

describe("client.unrouted() and client.protocolErrors()", () => {
  it("replay what came before, follow what comes after, and stop on break", async () => {
    const fake = answering()
    const client = createClientWith(fake.platform, config)
    await client.insights(withId("u-1"))
    const socket = fake.sockets[0]!
    socket.receive(event("nobody", "first", "completed"))
    socket.receive("{not json")
    const unrouted = client.unrouted()[Symbol.asyncIterator]()
    expect((await unrouted.next()).value?.actionType).toBe("first")
    const later = unrouted.next()
    socket.receive(event("nobody-2", "second", "completed"))
    expect((await later).value?.actionType).toBe("second")
    await unrouted.return?.()
    socket.receive(event("nobody-3", "third", "completed"))
    expect(await unrouted.next()).toEqual({ value: undefined, done: true })

    for await (const error of client.protocolErrors()) {
      expect(error._tag).toBe("ProtocolError")
      break
    }
    await client.close()
  })

  it("end with CANCELLED when their signal aborts", async () => {
    const client = createClientWith(answering().platform, config)
    const controller = new AbortController()
    const next = client.unrouted({ signal: controller.signal })[Symbol.asyncIterator]().next()
    controller.abort()
    await expect(next).rejects.toMatchObject({ code: "CANCELLED" })
    await client.close()
  })
})

describe("pushIterable", () => {
  it("delivers the items before a failure, then the failure, then done", async () => {
    const iterable = pushIterable<number, Error>(
      (sink) => {
        sink.push(1)
        sink.push(2)
        sink.fail(new Error("boom"))
        sink.push(3)
        return () => {}
      },
      undefined,
      () => new Error("aborted")
    )
    const iterator = iterable[Symbol.asyncIterator]()
    expect(await iterator.next()).toEqual({ value: 1, done: false })
    expect(await iterator.next()).toEqual({ value: 2, done: false })
    await expect(iterator.next()).rejects.toThrow("boom")
    expect(await iterator.next()).toEqual({ value: undefined, done: true })
  })

  it("answers reads made before the items arrive, in order", async () => {
    let sink: { push: (n: number) => void; end: () => void } | undefined
    const iterator = pushIterable<number, Error>(
      (given) => {
        sink = given
        return () => {}
      },
      undefined,
      () => new Error("aborted")
    )[Symbol.asyncIterator]()
    const reads = [iterator.next(), iterator.next(), iterator.next()]
    sink!.push(1)
    sink!.push(2)
    sink!.end()
    expect(await Promise.all(reads)).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: undefined, done: true }
    ])
  })

  it("stops the producer once, on break or return", async () => {
    let stops = 0
    const iterable = pushIterable<number, Error>(
      (sink) => {
        sink.push(7)
        return () => void stops++
      },
      undefined,
      () => new Error("aborted")
    )
    for await (const n of iterable) {
      expect(n).toBe(7)
      break
    }
    expect(stops).toBe(1)
    const iterator = iterable[Symbol.asyncIterator]()
    expect(await iterator.next()).toEqual({ value: 7, done: false })
    await iterator.return?.()
    await iterator.return?.()
    expect(stops).toBe(2)
  })
})
