// The WHATWG WebSocket mapped onto the core's socket, on a stand-in for the runtime's global
// WebSocket that delivers a binary message as the runtime would for its `binaryType`.
import { afterEach, describe, expect, it } from "vitest"
import { decodeInboundFrame } from "../src/inbound/inbound-frame.ts"
import { openStandardSocket } from "../src/platform.ts"

class StandInWebSocket {
  static last: StandInWebSocket | undefined
  binaryType: "blob" | "arraybuffer" = "blob"
  bufferedAmount = 0
  onopen: (() => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  constructor() {
    StandInWebSocket.last = this
  }
  send() {}
  close() {}
  /** A binary message, as a Blob or as an ArrayBuffer depending on `binaryType`, like the runtime. */
  receiveBinary(bytes: Uint8Array) {
    this.onmessage?.({ data: this.binaryType === "blob" ? new Blob([bytes as Uint8Array<ArrayBuffer>]) : bytes.slice().buffer })
  }
}

const realWebSocket = globalThis.WebSocket
afterEach(() => {
  globalThis.WebSocket = realWebSocket
})

describe("openStandardSocket", () => {
  it("receives binary messages as bytes, so an oversized one is seen as too large (not as unreadable)", () => {
    globalThis.WebSocket = StandInWebSocket as unknown as typeof WebSocket
    const socket = openStandardSocket("ws://127.0.0.1:1", ["optave-v1"])
    const received: Array<unknown> = []
    socket.onmessage = (data) => received.push(data)
    StandInWebSocket.last!.receiveBinary(new Uint8Array(2_048).fill(0x20))
    expect(received).toHaveLength(1)
    const decoded = decodeInboundFrame(received[0], 1_024)
    expect(decoded).toMatchObject({ _tag: "ProtocolError", code: "FRAME_TOO_LARGE" })
  })
})
