// What the `ws` constructor throws (a SyntaxError for a subprotocol value it refuses) happens in a
// callback after `ws` loads: it must become the socket's close, with the error as its cause, and
// never an uncaught exception.
import { describe, expect, it } from "vitest"
import type { SocketCloseInfo } from "@org/optave-core/platform"
import { runtimePlatform } from "../src/index.ts"

describe("the ws adapter when ws refuses its arguments", () => {
  it("reports a SyntaxError from the ws constructor as a close before open carrying it, and nothing escapes", async () => {
    const uncaught: Array<unknown> = []
    const trap = (error: unknown) => uncaught.push(error)
    process.on("uncaughtException", trap)
    process.on("unhandledRejection", trap)
    try {
      const socket = runtimePlatform({ webSocket: "ws" }).openSocket("ws://127.0.0.1:1", ["optave-v1", "not/a/token"])
      const closed = await new Promise<SocketCloseInfo>((resolve) => (socket.onclose = resolve))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(closed.code).toBe(1006)
      expect(closed.cause).toBeInstanceOf(SyntaxError)
      expect(uncaught).toEqual([])
    } finally {
      process.off("uncaughtException", trap)
      process.off("unhandledRejection", trap)
    }
  })
})
