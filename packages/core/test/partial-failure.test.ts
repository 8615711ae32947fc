// One rule for a partial failure, on every face: a superpower that ends in `error` is an outcome,
// not a failure of the request, so the completed ones are never thrown away. The error event
// is shaped as the API pages document it (`state: "error"`, the message in `response[0].content`).
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { itEffect } from "@org/vitest-config/effect"
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { isOptaveError } from "../src/errors.ts"
import { layer as clientLayer, request, requestStream } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform, documentedEvent } from "./support/fake-platform.ts"

const documented = (actionType: string, state: string, content: unknown, errorCode?: string) => documentedEvent(undefined, actionType, state, content, errorCode)

/** performance_criteria completes, sentiment_analysis ends in error. */
const partialEvents = [
  documented("performance_criteria", "started", ""),
  documented("performance_criteria", "completed", { criterion: "empathy", score: 90 }),
  documented("sentiment_analysis", "started", ""),
  documented("sentiment_analysis", "error", "Error while fetching results", "MODEL_DOWN")
]

/** A server answering every request with `partialEvents`, over the socket and over REST. */
const partialServer = () =>
  makeFakePlatform({
    onSend: (socket, frame) =>
      queueMicrotask(() => {
        for (const event of partialEvents) socket.receive({ ...event, correlationId: frame.headers.correlationId })
      }),
    fetch: async () => new Response(JSON.stringify(partialEvents), { status: 200, headers: { "content-type": "application/json" } })
  })

const config: ClientConfig = { urls: { ws: "ws://127.0.0.1:1", rest: "http://127.0.0.1:1" }, token: "t", timeouts: { settleMs: 2_000 } }

const expectPartial = (result: { superpowers: any; errors: ReadonlyArray<any> }) => {
  expect(result.superpowers.performance_criteria).toMatchObject({
    state: "completed",
    results: [{ response: [{ content: { criterion: "empathy", score: 90 } }] }]
  })
  expect(result.superpowers.sentiment_analysis).toMatchObject({ state: "error", results: [], error: { message: "Error while fetching results", code: "MODEL_DOWN" } })
  expect(result.errors).toHaveLength(1)
  expect(isOptaveError(result.errors[0])).toBe(true)
  expect(result.errors[0]).toMatchObject({ _tag: "RemoteError", superpower: "sentiment_analysis", reason: "Error while fetching results", code: "MODEL_DOWN" })
}

describe("a superpower in error keeps the completed ones", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`Promise API resolves with every outcome (${transport})`, async () => {
      const client = createClientWith(partialServer().platform, config)
      const result = await client.insights(insightsExample, { transport })
      expectPartial(result)
      await client.close()
    })

    it(`Promise stream yields the error event and ends normally (${transport})`, async () => {
      const client = createClientWith(partialServer().platform, config)
      const seen: Array<string> = []
      for await (const event of client.stream.insights(insightsExample, { transport })) seen.push(`${event.actionType}:${event.state}`)
      expect(seen).toEqual(["performance_criteria:started", "performance_criteria:completed", "sentiment_analysis:started", "sentiment_analysis:error"])
      await client.close()
    })

    itEffect(`Effect API succeeds with every outcome, and its Stream ends normally (${transport})`, () =>
      Effect.gen(function* () {
        const result = yield* request("insights", insightsExample, { transport })
        expectPartial(result)
        const events = yield* Stream.runCollect(requestStream("insights", insightsExample, { transport }))
        expect(events.map((event) => event.state)).toEqual(["started", "completed", "started", "error"])
      }).pipe(Effect.provide(clientLayer(config).pipe(Layer.provide(Layer.succeed(Platform)(partialServer().platform)))))
    )
  }

  it("a request that fails as a whole still rejects (nothing to keep)", async () => {
    const fake = makeFakePlatform({ fetch: async () => new Response("{}", { status: 400 }) })
    const client = createClientWith(fake.platform, { ...config, retry: { maxRetries: 0 } })
    const error = await client.insights(insightsExample, { transport: "rest" }).catch((caught: unknown) => caught)
    expect(isOptaveError(error) && error._tag).toBe("TransportError")
    await client.close()
  })
})

describe("isOptaveError", () => {
  it("narrows what a catch receives, and refuses look-alikes", async () => {
    const client = createClientWith(makeFakePlatform().platform, config)
    const caught = await client.insights({} as never).catch((error: unknown) => error)
    expect(isOptaveError(caught)).toBe(true)
    if (!isOptaveError(caught)) return
    // `_tag` and `category` type-check only after the guard.
    expect([caught._tag, caught.category]).toEqual(["ValidationError", "VALIDATION"])
    for (const value of [undefined, null, "ValidationError", new Error("x"), { _tag: "ValidationError" }, { _tag: "Other", category: "X" }]) {
      expect(isOptaveError(value)).toBe(false)
    }
    await client.close()
  })
})

describe("a timeout keeps what arrived", () => {
  it("SETTLE_TIMEOUT carries the completed superpowers as partialResult", async () => {
    const fake = makeFakePlatform({
      onSend: (socket, frame) =>
        queueMicrotask(() => {
          // sentiment_analysis never comes.
          for (const event of partialEvents.slice(0, 3)) socket.receive({ ...event, correlationId: frame.headers.correlationId })
        })
    })
    const client = createClientWith(fake.platform, { ...config, timeouts: { settleMs: 50 } })
    const error = await client.insights(insightsExample).catch((caught: unknown) => caught)
    expect(isOptaveError(error) && error._tag === "TimeoutError" && error.code).toBe("SETTLE_TIMEOUT")
    if (!isOptaveError(error) || error._tag !== "TimeoutError") return
    expect(error.pendingSuperpowers).toEqual(["sentiment_analysis"])
    expect(error.partialResult?.superpowers["performance_criteria"]).toMatchObject({ state: "completed", results: [{ response: [{ content: { criterion: "empathy", score: 90 } }] }] })
    expect(error.partialResult?.superpowers["sentiment_analysis"]?.state).toBe("started")
    await client.close()
  })
})
