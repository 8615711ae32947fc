// Frames that arrive after their request ended: a replay of what was delivered is dropped; a new
// event (insights may send performance_criteria as several frames) is published on `unrouted`,
// never dropped silently; a cancelled request's frames are dropped (its caller asked for no more).
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { event, makeFakePlatform } from "./support/fake-platform.ts"

const withId = (requestId: string) => ({ ...insightsExample, request: { ...insightsExample.request, requestId } })
// The frames below name their request by correlation id: each call passes it explicitly (by
// default it is a fresh UUID v7, not the requestId).
const correlated = (id: string) => ({ correlationId: id })
const config = { urls: { ws: "ws://127.0.0.1:1" }, token: "t" }

const answering = () =>
  makeFakePlatform({
    onSend: (socket, frame) =>
      queueMicrotask(() => {
        for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
          socket.receive(event(frame.headers.correlationId, superpower, "completed", `${superpower}-1`))
        }
      })
  })

describe("frames after the request ended", () => {
  it("a replay or a late `started` is dropped; a new result for the ended request goes to unrouted", async () => {
    const fake = answering()
    const client = createClientWith(fake.platform, config)
    const result = await client.insights(withId("late-1"), correlated("late-1"))
    expect(result.superpowers.performance_criteria?.results).toHaveLength(1)
    const socket = fake.sockets[0]!

    socket.receive(event("late-1", "performance_criteria", "completed", "performance_criteria-1"))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 1, unrouted: 0 })

    socket.receive(event("late-1", "sentiment_analysis", "started"))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 2, unrouted: 0 })

    socket.receive(event("late-1", "performance_criteria", "completed", "a second criterion"))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 2, unrouted: 1 })
    for await (const late of client.unrouted()) {
      expect(late).toMatchObject({ actionType: "performance_criteria", state: "completed" })
      expect(late.message?.results?.[0]?.response?.[0]?.content).toBe("a second criterion")
      break
    }
    await client.close()
  })

  it("a cancelled request's later frames are dropped, new or not", async () => {
    const fake = makeFakePlatform()
    const client = createClientWith(fake.platform, config)
    const controller = new AbortController()
    const pending = client.insights(withId("late-2"), { ...correlated("late-2"), signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 5))
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: "CANCELLED" })
    fake.sockets[0]!.receive(event("late-2", "performance_criteria", "completed", "anything"))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 1, unrouted: 0 })
    await client.close()
  })

  it("an ended request remembers a compact identity per event, not its content: big answers do not push older requests out", async () => {
    const big = "x".repeat(100_000)
    const fake = makeFakePlatform({
      onSend: (socket, frame) =>
        queueMicrotask(() => {
          for (const superpower of ["performance_criteria", "sentiment_analysis"]) socket.receive(event(frame.headers.correlationId, superpower, "completed", big))
        })
    })
    const client = createClientWith(fake.platform, config)
    // 2 events of ~100,000 characters each per request: kept whole, 12 requests would pass the
    // 2 million characters the memory of ended requests may hold, and the first would be forgotten.
    for (let index = 0; index < 12; index++) await client.insights(withId(`big-${index}`), correlated(`big-${index}`))
    const socket = fake.sockets[0]!
    socket.receive(event("big-11", "sentiment_analysis", "completed", big))
    socket.receive(event("big-0", "sentiment_analysis", "completed", big))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 2, unrouted: 0 })
    await client.close()
  })

  it("tells apart events that differ only deep inside their content", async () => {
    const deep = (leaf: string): unknown => {
      let value: unknown = { leaf, padding: "y".repeat(50_000) }
      for (let depth = 0; depth < 40; depth++) value = { level: depth, next: value }
      return value
    }
    const fake = makeFakePlatform({
      onSend: (socket, frame) =>
        queueMicrotask(() => {
          socket.receive(event(frame.headers.correlationId, "performance_criteria", "completed", deep("a")))
          socket.receive(event(frame.headers.correlationId, "sentiment_analysis", "completed", "s"))
        })
    })
    const client = createClientWith(fake.platform, config)
    await client.insights(withId("deep-1"), correlated("deep-1"))
    const socket = fake.sockets[0]!
    socket.receive(event("deep-1", "performance_criteria", "completed", deep("a")))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 1, unrouted: 0 })
    socket.receive(event("deep-1", "performance_criteria", "completed", deep("b")))
    expect(client.stats()).toMatchObject({ duplicatesDropped: 1, unrouted: 1 })
    await client.close()
  })
})
