// The runtime's global WebSocket (undici, Node 22+) has no terminate, and its close() waits for
// the peer's close frame forever: against a peer that never answers, the connection (and the
// process) stays. The adapter's terminate destroys the connection's TCP socket instead. Runs on
// the pinned Node 24 through the package's test script; skipped where there is no global WebSocket.
import type { AddressInfo } from "node:net"
import { once } from "node:events"
import { describe, expect, it } from "vitest"
import { WebSocketServer } from "ws"
import { runtimePlatform } from "../src/node-platform.ts"
import { afterTest } from "./support/loopback.ts"

/** A server that completes the upgrade, then reads nothing and answers nothing (not even a close). */
const silentServer = async () => {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" })
  await once(server, "listening")
  const closed: Array<Promise<unknown>> = []
  server.on("connection", (peer) => {
    const tcp = (peer as unknown as { _socket: import("node:net").Socket })._socket
    tcp.removeAllListeners("data")
    tcp.pause()
    closed.push(once(tcp, "close"))
  })
  afterTest(async () => {
    for (const peer of server.clients) peer.terminate()
    server.close()
  })
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, closed }
}

describe.skipIf(typeof globalThis.WebSocket !== "function")("the global WebSocket's terminate", () => {
  it("drops a connection whose peer never answers: the peer sees the TCP connection end, the socket reports its close", async () => {
    const server = await silentServer()
    const socket = runtimePlatform({ webSocket: "global" }).openSocket(server.url, ["optave-v1"])
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve()
      socket.onclose = (info) => reject(new Error(`closed before open (${info.code})`))
    })
    const closedHere = new Promise<number>((resolve) => (socket.onclose = (info) => resolve(info.code)))
    expect(socket.terminate).toBeTypeOf("function")
    socket.terminate!()
    expect(await closedHere).toBe(1006)
    await Promise.all(server.closed)
    expect(server.closed).toHaveLength(1)
  })
})
