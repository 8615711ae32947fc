import type { SocketCloseInfo, SocketLike } from "@org/optave-core/platform"
import { afterEach, describe, expect, it, vi } from "vitest"
import { runtimePlatform } from "../src/edge-platform.ts"
import { createClient } from "../src/index.ts"

/** A scripted workerd socket: what `response.webSocket` is after a fetch upgrade. */
const fakeWorkerdSocket = () => {
  const listeners = new Map<string, (event: { data?: unknown; code?: number; reason?: string }) => void>()
  return {
    accepted: false,
    sent: [] as Array<string>,
    closedWith: undefined as [number | undefined, string | undefined] | undefined,
    accept() {
      this.accepted = true
    },
    send(data: string) {
      this.sent.push(data)
    },
    close(code?: number, reason?: string) {
      this.closedWith = [code, reason]
    },
    addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void) {
      listeners.set(type, listener)
    },
    emit(type: string, event: { data?: unknown; code?: number; reason?: string }) {
      listeners.get(type)?.(event)
    }
  }
}

const record = (socket: SocketLike) => {
  const events: Array<string> = []
  const closes: Array<SocketCloseInfo> = []
  socket.onopen = () => events.push("open")
  socket.onmessage = (data) => events.push(`message ${String(data)}`)
  socket.onclose = (info) => closes.push(info)
  socket.onerror = () => events.push("error")
  return { events, closes }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(() => {
  vi.unstubAllGlobals()
})

describe("the fetch upgrade (workerd)", () => {
  it("asks for an upgrade over http with the subprotocols, accepts, then maps events", async () => {
    const ws = fakeWorkerdSocket()
    const fetch = vi.fn(async () => ({ status: 101, webSocket: ws, body: null }) as unknown as Response)
    vi.stubGlobal("fetch", fetch)
    const socket = runtimePlatform({ webSocket: "fetch-upgrade" }).openSocket("wss://ws-acme.oco.optave.tech", ["optave-v1", "token"])
    const { events, closes } = record(socket)
    expect(events).toEqual([])
    await settle()
    expect(fetch).toHaveBeenCalledWith("https://ws-acme.oco.optave.tech", expect.objectContaining({ headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": "optave-v1, token" } }))
    expect(ws.accepted).toBe(true)
    expect(events).toEqual(["open"])
    socket.send("frame")
    ws.emit("message", { data: "hello" })
    ws.emit("close", { code: 1006, reason: "gone" })
    expect(ws.sent).toEqual(["frame"])
    expect(events).toEqual(["open", "message hello"])
    expect(closes).toEqual([{ code: 1006, reason: "gone" }])
  })

  it("reports a refused upgrade as a close carrying the HTTP status", async () => {
    vi.stubGlobal("fetch", async () => new Response("no", { status: 401 }))
    const socket = runtimePlatform({ webSocket: "fetch-upgrade" }).openSocket("ws://127.0.0.1:1", ["optave-v1", "bad"])
    const { events, closes } = record(socket)
    await settle()
    expect(events).toEqual([])
    expect(closes).toEqual([{ code: 1006, reason: "upgrade refused with HTTP 401", httpStatus: 401 }])
  })

  it("aborts the upgrade when closed before it opened", async () => {
    let signal: AbortSignal | undefined
    vi.stubGlobal("fetch", (_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted"))))
    })
    const socket = runtimePlatform({ webSocket: "fetch-upgrade" }).openSocket("ws://127.0.0.1:1", ["optave-v1", "t"])
    const { events, closes } = record(socket)
    socket.close(1000, "bye")
    await settle()
    expect(signal?.aborted).toBe(true)
    expect(events).toEqual(["error"])
    expect(closes).toEqual([{ code: 1006, reason: "closed before open" }])
  })
})

describe("runtime detection", () => {
  it("uses the fetch upgrade in workerd, the standard WebSocket elsewhere", () => {
    expect(runtimePlatform().name).toBe("edge (WebSocket)")
    vi.stubGlobal("WebSocketPair", function WebSocketPair() {})
    expect(runtimePlatform().name).toBe("workerd (fetch upgrade)")
    expect(runtimePlatform({ webSocket: "standard" }).name).toBe("workerd (WebSocket)")
  })

  it("maps the standard WebSocket's events", () => {
    const made: Array<{ url: string; protocols: Array<string>; instance: Record<string, unknown> }> = []
    vi.stubGlobal(
      "WebSocket",
      class {
        bufferedAmount = 7
        onopen: (() => void) | null = null
        onmessage: ((event: { data: unknown }) => void) | null = null
        onclose: ((event: { code: number; reason: string }) => void) | null = null
        constructor(url: string, protocols: Array<string>) {
          made.push({ url, protocols, instance: this as unknown as Record<string, unknown> })
        }
      }
    )
    const socket = runtimePlatform().openSocket("ws://127.0.0.1:1", ["optave-v1", "t"])
    const { events, closes } = record(socket)
    const native = made[0]!.instance as { onopen: () => void; onmessage: (event: { data: unknown }) => void; onclose: (event: { code: number; reason: string }) => void }
    native.onopen()
    native.onmessage({ data: "x" })
    native.onclose({ code: 1000, reason: "done" })
    expect(made[0]).toMatchObject({ url: "ws://127.0.0.1:1", protocols: ["optave-v1", "t"] })
    expect(socket.bufferedAmount).toBe(7)
    expect(events).toEqual(["open", "message x"])
    expect(closes).toEqual([{ code: 1000, reason: "done" }])
  })

  it("is browser-like with a document, where core refuses a client secret", () => {
    vi.stubGlobal("document", {})
    expect(runtimePlatform().isBrowserLike).toBe(true)
    expect(() => createClient({ tenant: "acme", tld: "tech", clientId: "id", clientSecret: "secret", authenticationUrl: "https://auth.example" })).toThrow(
      expect.objectContaining({ _tag: "ConfigError", field: "clientSecret" })
    )
    expect(JSON.stringify(createClient({ tenant: "acme", tld: "tech", tokenProvider: () => "t" }))).toBe('{"client":"optave","platform":"browser (WebSocket)"}')
  })

  it("fills buffers from Web Crypto", () => {
    const buffer = new Uint8Array(32)
    runtimePlatform().fillRandom(buffer)
    expect(buffer.some((byte) => byte !== 0)).toBe(true)
  })
})
