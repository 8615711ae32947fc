// The Node platform keeps pending frames as UTF-8 Buffers (`encodeFrame`) and has `ws` send them
// as text (`sendFrameBytes`). Checked against a real `ws` server, not our own reading of the
// bytes: each frame must arrive as a text frame (not binary), parse to the envelope with
// non-ASCII content intact, and come again byte for byte after a reconnect (`ws` masks client
// frames; it must mask a copy, never the kept bytes).
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { execFileSync } from "node:child_process"
import { Socket } from "node:net"
import { fileURLToPath } from "node:url"
import { runtimeBinary } from "@org/test-runtimes"
import { WebSocketServer } from "ws"
import { createClient } from "../src/index.ts"
import { afterTest } from "./support/loopback.ts"

interface Received {
  readonly connection: number
  readonly text: string
  readonly isBinary: boolean
}

const startRecordingServer = async () => {
  const received: Array<Received> = []
  let connections = 0
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: (protocols) => (protocols.has("optave-v1") ? "optave-v1" : false) })
  server.on("connection", (socket) => {
    const connection = ++connections
    socket.on("message", (data, isBinary) => received.push({ connection, text: Buffer.from(data as Buffer).toString("utf8"), isBinary }))
  })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  afterTest(
    () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      })
  )
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return { url: `ws://127.0.0.1:${port}`, received, server }
}

const until = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(condition()).toBe(true)
}

describe("frames kept as bytes (node, ws)", () => {
  it("go out as text frames and are resent byte for byte after a reconnect", async () => {
    const { url, received } = await startRecordingServer()
    const client = createClient({ urls: { ws: url }, token: "t", timeouts: { heartbeatMs: 0, requestMs: 60_000, settleMs: 60_000 } })
    afterTest(() => client.close())
    const contents = ["Grüße aus Köln 🚀", "plain ascii", "日本語のテキスト"]
    for (const [index, content] of contents.entries()) {
      const payload = structuredClone(insightsExample)
      payload.request.scope.conversations[0]!.messages[0]!.content = content
      void client.insights(payload, { correlationId: `frame-${index}` }).catch(() => {})
    }
    await until(() => received.length === contents.length)
    for (const [index, frame] of received.entries()) {
      expect(frame.isBinary).toBe(false)
      const envelope = JSON.parse(frame.text) as { headers: { correlationId: string }; payload: typeof insightsExample }
      expect(envelope.headers.correlationId).toBe(`frame-${index}`)
      expect(envelope.payload.request.scope.conversations[0]!.messages[0]!.content).toBe(contents[index])
    }
    client.dropConnection()
    await until(() => received.filter((frame) => frame.connection === 2).length === contents.length)
    const resent = received.filter((frame) => frame.connection === 2)
    expect(resent.map((frame) => frame.isBinary)).toEqual([false, false, false])
    expect(resent.map((frame) => frame.text)).toEqual(received.filter((frame) => frame.connection === 1).map((frame) => frame.text))
  })

  it("a burst sent in one turn leaves the TCP socket in one write, and arrives whole and in order", async () => {
    const { url, received } = await startRecordingServer()
    const client = createClient({ urls: { ws: url }, token: "t", timeouts: { heartbeatMs: 0, requestMs: 60_000, settleMs: 60_000 } })
    afterTest(() => client.close())
    void client.insights(insightsExample, { correlationId: "warm" }).catch(() => {})
    await until(() => received.length === 1)
    // Count what Node's TCP sockets are asked to write (the server here writes nothing).
    const writes: Array<number> = []
    const { _write: write, _writev: writev } = Socket.prototype as unknown as { _write: (...args: Array<unknown>) => void; _writev: (chunks: Array<unknown>, ...rest: Array<unknown>) => void }
    Object.assign(Socket.prototype, {
      _write(this: Socket, ...args: Array<unknown>) {
        writes.push(1)
        return write.apply(this, args)
      },
      _writev(this: Socket, chunks: Array<unknown>, ...rest: Array<unknown>) {
        writes.push(chunks.length)
        return writev.call(this, chunks, ...rest)
      }
    })
    afterTest(async () => void Object.assign(Socket.prototype, { _write: write, _writev: writev }))
    const burst = 50
    for (let index = 0; index < burst; index++) void client.insights(insightsExample, { correlationId: `burst-${index}` }).catch(() => {})
    await until(() => received.length === 1 + burst)
    expect(writes.length).toBe(1)
    expect(writes[0]).toBeGreaterThanOrEqual(burst)
    expect(received.slice(1).map((frame) => (JSON.parse(frame.text) as { headers: { correlationId: string } }).headers.correlationId)).toEqual(
      Array.from({ length: burst }, (_, index) => `burst-${index}`)
    )
  })
})

describe("frames kept as bytes only where ws sends them", () => {
  // The global socket sends strings only: bytes made for it would each be decoded back to text.
  const offersBytes = (runtime: "node24" | "bun", webSocket: "auto" | "global") => {
    const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url))
    const script = `import(${JSON.stringify(entry)}).then((m) => console.log(String(m.runtimePlatform({ webSocket: ${JSON.stringify(webSocket)} }).encodeFrame !== undefined)))`
    return execFileSync(runtimeBinary(runtime), ["-e", script], { encoding: "utf8" }).trim()
  }

  it("Node (ws by default) keeps bytes; its global socket does not", () => {
    expect(offersBytes("node24", "auto")).toBe("true")
    expect(offersBytes("node24", "global")).toBe("false")
  })

  it("Bun (its own WebSocket by default) keeps strings", () => {
    expect(offersBytes("bun", "auto")).toBe("false")
  })
})
