// A request that times out while the socket cannot open says why: the last failed attempt to
// connect is its TimeoutError's cause and is named in its message.
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { event, makeFakePlatform } from "./support/fake-platform.ts"

const base = { urls: { ws: "ws://127.0.0.1:1" }, token: "t", logLevel: "off" } as const

describe("a request timing out without a connection", () => {
  it("carries the last connection error as its cause and in its message", async () => {
    // Attempts fail for far longer than the request may wait: its deadline, not the attempts, ends it.
    const fake = makeFakePlatform({ onOpen: (socket) => queueMicrotask(() => socket.refuse(503)) })
    const client = createClientWith(fake.platform, { ...base, timeouts: { requestMs: 150 }, reconnect: { maxAttempts: 10_000, baseDelayMs: 5, maxDelayMs: 10 } })
    const error = await client.insights(insightsExample).then(
      () => undefined,
      (failure: unknown) => failure as { _tag: string; code: string; message: string; cause?: { _tag: string; code: string } }
    )
    expect(error).toMatchObject({ _tag: "TimeoutError", code: "REQUEST_TIMEOUT", cause: { _tag: "TransportError", code: "CONNECT_FAILED" } })
    expect(error?.message).toMatch(/\(REQUEST_TIMEOUT\).*no connection: Transport error \(CONNECT_FAILED\)/u)
    await client.close()
  })

  it("says the socket was still connecting when the first attempt outlasts the request", async () => {
    // The socket never opens (a host that does not answer); connectMs is far longer than the request.
    const fake = makeFakePlatform({ onOpen: () => undefined })
    const client = createClientWith(fake.platform, { ...base, timeouts: { requestMs: 150, connectMs: 60_000 } })
    const error = await client.insights(insightsExample).then(
      () => undefined,
      (failure: unknown) => failure as { _tag: string; code: string; message: string }
    )
    expect(error).toMatchObject({ _tag: "TimeoutError", code: "REQUEST_TIMEOUT", cause: { code: "CONNECT_FAILED" } })
    expect(error?.message).toMatch(/no connection: .*still connecting/u)
    await client.close()
  })

  it("has no connection cause when the request was sent and the answer was late", async () => {
    const fake = makeFakePlatform({
      onSend: (socket, frame) => queueMicrotask(() => socket.receive(event(frame.headers.correlationId, "performance_criteria", "started")))
    })
    const client = createClientWith(fake.platform, { ...base, timeouts: { requestMs: 150 } })
    const error = await client.insights(insightsExample).then(
      () => undefined,
      (failure: unknown) => failure as { _tag: string; code: string; message: string; cause?: unknown }
    )
    expect(error).toMatchObject({ _tag: "TimeoutError", code: "REQUEST_TIMEOUT" })
    expect(error?.cause).toBeUndefined()
    expect(error?.message).not.toMatch(/no connection/u)
    await client.close()
  })
})
