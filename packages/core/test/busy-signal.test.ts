// One rule for busy signals on both transports: a request the service refused as busy (HTTP 429
// or 503 over REST; over the socket, every superpower ending in `error` with RATE_LIMITED or
// SERVICE_UNAVAILABLE) is sent again verbatim, same idempotency key, up to `retry.maxRetries`.
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform, type FakeSocket, documentedEvent } from "./support/fake-platform.ts"


const superpowers = ["performance_criteria", "sentiment_analysis"]
const config: ClientConfig = {
  urls: { ws: "ws://127.0.0.1:1", rest: "http://127.0.0.1:1" },
  token: "t",
  retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 },
  timeouts: { settleMs: 2_000 }
}

/** A socket server that answers the first `busyFrames` frames with `answer(superpower)` per superpower, then completes. */
const socketServer = (busyFrames: number, answer: (correlationId: string, superpower: string) => object) => {
  let seen = 0
  return makeFakePlatform({
    onSend: (socket: FakeSocket, frame) =>
      queueMicrotask(() => {
        const correlationId = frame.headers.correlationId as string
        const busy = seen++ < busyFrames
        for (const superpower of superpowers) {
          socket.receive(documentedEvent(correlationId, superpower, "started", ""))
          socket.receive(busy ? answer(correlationId, superpower) : documentedEvent(correlationId, superpower, "completed", `${superpower} ok`))
        }
      })
  })
}
const busy = (code: string) => (correlationId: string, superpower: string) =>
  documentedEvent(correlationId, superpower, "error", "Service unavailable: retry after 20 ms", code)

const sentFrames = (fake: ReturnType<typeof makeFakePlatform>) => fake.sockets.flatMap((socket) => socket.sent)

describe("busy signals", () => {
  for (const code of ["SERVICE_UNAVAILABLE", "RATE_LIMITED"]) {
    it(`over the WebSocket, a request refused with ${code} by every superpower is resent with the same keys`, async () => {
      const fake = socketServer(1, busy(code))
      const client = createClientWith(fake.platform, config)
      const result = await client.insights(insightsExample)
      expect(result.superpowers.sentiment_analysis.state).toBe("completed")
      expect(result.errors).toEqual([])
      const frames = sentFrames(fake)
      expect(frames).toHaveLength(2)
      expect(new Set(frames.map((frame) => frame.headers.idempotencyKey)).size).toBe(1)
      expect(new Set(frames.map((frame) => frame.headers.correlationId)).size).toBe(1)
      // The refused attempt's busy errors were held back; its `started` events were not.
      expect(result.events.filter((event) => event.state === "error")).toEqual([])
      await client.close()
    })
  }

  it("over the WebSocket, the stream API follows the same rule", async () => {
    const fake = socketServer(1, busy("SERVICE_UNAVAILABLE"))
    const client = createClientWith(fake.platform, config)
    const states: Array<string> = []
    for await (const event of client.stream.insights(insightsExample)) states.push(event.state)
    expect(states.filter((state) => state !== "started")).toEqual(["completed", "completed"])
    expect(sentFrames(fake)).toHaveLength(2)
    await client.close()
  })

  it("when the retries run out, the busy errors are the outcome (no rejection, nothing hidden)", async () => {
    const fake = socketServer(10, busy("SERVICE_UNAVAILABLE"))
    const client = createClientWith(fake.platform, config)
    const result = await client.insights(insightsExample)
    expect(sentFrames(fake)).toHaveLength(3)
    expect(result.superpowers.performance_criteria).toMatchObject({ state: "error", error: { code: "SERVICE_UNAVAILABLE" } })
    expect(result.errors.map((error) => error.code)).toEqual(["SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE"])
    await client.close()
  })

  it("a superpower error that is not a busy code, or one beside a completed superpower, is not retried", async () => {
    for (const answer of [
      (correlationId: string, superpower: string) => documentedEvent(correlationId, superpower, "error", "bad input", "PROCESSING_FAILED"),
      (correlationId: string, superpower: string) =>
        superpower === "sentiment_analysis"
          ? documentedEvent(correlationId, superpower, "error", "busy", "SERVICE_UNAVAILABLE")
          : documentedEvent(correlationId, superpower, "completed", "fine")
    ]) {
      const fake = socketServer(1, answer)
      const client = createClientWith(fake.platform, config)
      const result = await client.insights(insightsExample)
      expect(sentFrames(fake)).toHaveLength(1)
      expect(result.superpowers.sentiment_analysis.state).toBe("error")
      await client.close()
    }
  })

  it("over REST, 503 then 200: the same request is sent twice with one Idempotency-Key", async () => {
    let calls = 0
    const fake = makeFakePlatform({
      fetch: async () =>
        calls++ === 0
          ? new Response("{}", { status: 503 })
          : new Response(JSON.stringify(superpowers.map((superpower) => documentedEvent("", superpower, "completed", "ok"))), { status: 200 })
    })
    const client = createClientWith(fake.platform, { ...config, transport: "rest" })
    const result = await client.insights(insightsExample)
    expect(result.superpowers.performance_criteria.state).toBe("completed")
    const keys = fake.fetches.map((call) => new Headers(call.init.headers).get("idempotency-key"))
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBeTruthy()
    expect(keys[1]).toBe(keys[0])
    await client.close()
  })
})
