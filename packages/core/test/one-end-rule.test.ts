// "Has this superpower ended?" has one answer, given by the request and read by its result. The
// official client's ResponseEnvelope (sdks/javascript/generated/types.d.ts) sets `schemaRef` to
// `optave.error.v3` for errors; a server that lies sends one with a non-terminal state. The
// request counts it as an end (it must not wait for a superpower the service gave up on), so the
// result must report that superpower in `error`, not as `started` with no error beside an ended
// request.
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { event, makeFakePlatform } from "./support/fake-platform.ts"

const config = { urls: { ws: "ws://127.0.0.1:1" }, token: "t" }

/** Answers performance_criteria normally and sentiment_analysis with `started` in an error envelope. */
const lyingServer = () =>
  makeFakePlatform({
    onSend: (socket, frame) =>
      queueMicrotask(() => {
        const correlationId = frame.headers.correlationId
        socket.receive(event(correlationId, "performance_criteria", "completed", "fine"))
        const started = event(correlationId, "sentiment_analysis", "started", "the analysis failed") as { headers: Record<string, string> }
        socket.receive({ ...started, headers: { ...started.headers, schemaRef: "optave.error.v3" } })
      })
  })

describe("one rule for a superpower's end", () => {
  it("an event in an optave.error.v3 envelope ends its superpower in error, for the request and its result", async () => {
    const fake = lyingServer()
    const client = createClientWith(fake.platform, { ...config, timeouts: { settleMs: 60_000 } })
    const result = await client.insights(insightsExample)
    expect(result.superpowers.performance_criteria.state).toBe("completed")
    expect(result.superpowers.sentiment_analysis.state).toBe("error")
    expect(result.superpowers.sentiment_analysis.error?.message).toBe("the analysis failed")
    expect(result.errors.map((error) => error.superpower)).toEqual(["sentiment_analysis"])
    // The event itself is handed over as the server sent it.
    expect(result.events.map((e) => `${e.actionType}:${e.state}`)).toEqual(["performance_criteria:completed", "sentiment_analysis:started"])
    expect(client.stats().pending).toBe(0)
    await client.close()
  })

  it("the stream of the same request ends after that event, with nothing pending", async () => {
    const fake = lyingServer()
    const client = createClientWith(fake.platform, { ...config, timeouts: { settleMs: 60_000 } })
    const seen: Array<string> = []
    for await (const e of client.stream.insights(insightsExample)) seen.push(`${e.actionType}:${e.state}`)
    expect(seen).toEqual(["performance_criteria:completed", "sentiment_analysis:started"])
    expect(client.stats().pending).toBe(0)
    await client.close()
  })
})
