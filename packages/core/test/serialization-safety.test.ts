import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { decodeInboundFrame } from "../src/inbound/inbound-frame.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const withMetadata = (metadata: Record<string, unknown>) => ({
  ...insightsExample,
  request: {
    ...insightsExample.request,
    scope: { ...insightsExample.request.scope, conversations: [{ ...insightsExample.request.scope.conversations[0]!, metadata }] }
  }
})

describe("what JSON cannot carry never becomes a bare TypeError, and nothing is sent", () => {
  for (const [name, metadata, path] of [
    ["a bigint", { big: 10n }, "request.scope.conversations[0].metadata.big"],
    ["a cycle", (() => { const loop: Record<string, unknown> = {}; loop.self = loop; return { loop } })(), "request.scope.conversations[0].metadata.loop.self"]
  ] as const) {
    it(`${name} in a free-form record is a ValidationError naming its path`, async () => {
      const fake = makeFakePlatform()
      const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t" })
      for (const transport of ["ws", "rest"] as const) {
        const error = await client.insights(withMetadata(metadata) as never, { transport }).catch((caught: unknown) => caught)
        expect(error).toMatchObject({ _tag: "ValidationError" })
        expect((error as { issues: Array<{ path: string }> }).issues[0]!.path).toBe(path)
      }
      expect(fake.sockets).toHaveLength(0)
      expect(fake.fetches).toHaveLength(0)
      await client.close()
    })
  }
})

describe("a frame nested deeper than the stack allows", () => {
  it("is a ProtocolError, not an exception", () => {
    const depth = 20_000
    const nested = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`
    const frame = `{"action":"superpower","actionType":"x","state":"started","message":{"results":[{"response":[{"content":${nested}}]}]}}`
    expect(() => decodeInboundFrame(frame, 10_000_000)).not.toThrow()
    expect(decodeInboundFrame(frame, 10_000_000)).toMatchObject({ _tag: "ProtocolError" })
  })
})
