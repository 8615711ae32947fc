// What a pending request keeps alive: its serialized frame (resent verbatim after a reconnect),
// never the caller's payload object. Thousands of requests may wait on a socket; each holding
// its payload's whole object graph next to the frame more than doubled the heap they held and
// the time the collector spent copying it (BENCHMARKS.md, ws.send). Checked with the engine's own
// garbage collector: a WeakRef to the payload must be cleared while the request is still pending
// and its frame can still be resent.
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

setFlagsFromString("--expose-gc")
const collectGarbage = runInNewContext("gc") as () => void

/** Lets callbacks and microtasks run; a WeakRef's target is kept until the current job ends. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Waits (real timers: a reconnect waits for its backoff) until `condition` holds. */
const until = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(condition()).toBe(true)
}

const collect = async () => {
  for (let index = 0; index < 3; index++) {
    await tick()
    collectGarbage()
  }
}

describe("a pending request", () => {
  for (const [name, options] of [
    ["with no options", undefined],
    ["with options and an AbortSignal", { timeoutMs: 60_000, retry: { maxRetries: 2 }, signal: new AbortController().signal }]
  ] as const) {
    it(`keeps its frame but not the caller's payload (${name})`, async () => {
      const fake = makeFakePlatform()
      const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t", timeouts: { requestMs: 60_000, settleMs: 60_000, heartbeatMs: 0 } })
      const send = () => {
        const payload = structuredClone(insightsExample)
        void client.insights(payload, options).catch(() => {})
        return new WeakRef(payload)
      }
      const payload = send()
      await collect()
      expect(client.stats().pending).toBe(1)
      expect(fake.sockets[0]!.sent).toHaveLength(1)
      expect(payload.deref()).toBeUndefined()
      // The frame is still there: a reconnect resends it, verbatim.
      fake.sockets[0]!.drop()
      await until(() => fake.sockets.length === 2 && fake.sockets[1]!.sent.length === 1)
      expect(client.stats().pending).toBe(1)
      expect(fake.sockets[1]!.sent[0]).toEqual(fake.sockets[0]!.sent[0])
      await client.close()
    })
  }
})

describe("a platform that keeps frames as bytes (encodeFrame)", () => {
  const config = { urls: { ws: "ws://127.0.0.1:1" }, token: "t", timeouts: { requestMs: 60_000, settleMs: 60_000, heartbeatMs: 0 } }
  const encoder = new TextEncoder()
  const decoder = new TextDecoder()

  it("sends the bytes it made through sendFrameBytes, and the same bytes again after a reconnect", async () => {
    const fake = makeFakePlatform()
    const encoded: Array<Uint8Array> = []
    const sentBytes: Array<Uint8Array> = []
    const platform = {
      ...fake.platform,
      encodeFrame: (text: string) => {
        const bytes = encoder.encode(text)
        encoded.push(bytes)
        return bytes
      },
      openSocket: (url: string, protocols: ReadonlyArray<string>) => {
        const socket = fake.platform.openSocket(url, protocols)
        socket.sendFrameBytes = (utf8) => {
          sentBytes.push(utf8)
          socket.send(decoder.decode(utf8))
        }
        return socket
      }
    }
    const client = createClientWith(platform, config)
    const payload = structuredClone(insightsExample)
    payload.request.scope.conversations[0]!.messages[0]!.content = "Grüße 🚀"
    void client.insights(payload, { correlationId: "bytes-1" }).catch(() => {})
    await collect()
    expect(encoded).toHaveLength(1)
    expect(sentBytes).toEqual([encoded[0]])
    expect(fake.sockets[0]!.sent[0]!.payload.request.scope.conversations[0].messages[0].content).toBe("Grüße 🚀")
    fake.sockets[0]!.drop()
    await until(() => sentBytes.length === 2)
    expect(sentBytes[1]).toBe(encoded[0])
    await client.close()
  })

  it("falls back to the decoded text on a socket without sendFrameBytes", async () => {
    const fake = makeFakePlatform()
    const client = createClientWith({ ...fake.platform, encodeFrame: (text: string) => encoder.encode(text) }, config)
    void client.insights(structuredClone(insightsExample), { correlationId: "bytes-2" }).catch(() => {})
    await collect()
    expect(fake.sockets[0]!.sent).toHaveLength(1)
    expect(fake.sockets[0]!.sent[0]!.headers.correlationId).toBe("bytes-2")
    await client.close()
  })
})
