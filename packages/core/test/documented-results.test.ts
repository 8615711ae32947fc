// `improve_answer` results are typed as the Elevate page documents them (`response[].content` is
// the improved text, a string). The type holds because frames are checked on arrival: one that
// breaks the documented shape is a ProtocolError, never a typed result.
import { elevateExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { decodeInboundFrame } from "../src/inbound/inbound-frame.ts"
import { createClientWith } from "../src/promise-client.ts"
import { improvedAnswer } from "../src/results/result-accessors.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const improveAnswer = (content: unknown) => ({
  action: "superpower",
  actionType: "improve_answer",
  state: "completed",
  message: { results: [{ response: [{ content }] }] }
})
const restServer = (content: unknown) =>
  makeFakePlatform({ fetch: async () => new Response(JSON.stringify(improveAnswer(content)), { status: 200 }) })
const config = { urls: { rest: "http://127.0.0.1:1", ws: "ws://127.0.0.1:1" }, token: "t", transport: "rest" as const }

describe("documented result shapes", () => {
  it("the Elevate page's answer reads as a string through improvedAnswer", async () => {
    const documented = "Hello, John! I'd be happy to assist you today."
    const client = createClientWith(restServer(documented).platform, config)
    const result = await client.elevate(elevateExample)
    expect(improvedAnswer(result)).toBe(documented)
    await client.close()
  })

  it("over REST, an improve_answer whose content is not a string is a ProtocolError", async () => {
    const client = createClientWith(restServer({ text: "not a string" }).platform, config)
    const error = await client.elevate(elevateExample).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ _tag: "ProtocolError", code: "INVALID_RESPONSE" })
    expect((error as { issues: ReadonlyArray<{ path: string }> }).issues[0]?.path).toBe("message.results[0].response[0].content")
    await client.close()
  })

  it("over the WebSocket, such a frame is refused before it reaches a request; other superpowers' content stays free", () => {
    expect(decodeInboundFrame(JSON.stringify(improveAnswer(42)), 1 << 20)).toMatchObject({ _tag: "ProtocolError", code: "INVALID_FRAME" })
    expect(decodeInboundFrame(JSON.stringify({ ...improveAnswer(42), actionType: "sentiment_analysis" }), 1 << 20)).toMatchObject({
      event: { actionType: "sentiment_analysis" }
    })
    // An error event's content is its message, not an improved answer: not checked against the result shape.
    expect(decodeInboundFrame(JSON.stringify({ ...improveAnswer(42), state: "error" }), 1 << 20)).toMatchObject({ event: { state: "error" } })
  })
})
