import { describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { createFramePlanRunner } from "../src/frame-plan-runner.ts"

/** A socket that records what the runner does with it. */
const fakeSocket = () => {
  const socket = {
    readyState: WebSocket.OPEN as number,
    sent: [] as Array<string>,
    terminated: 0,
    send(text: string, done?: () => void) {
      socket.sent.push(text)
      if (done !== undefined) queueMicrotask(done)
    },
    terminate() {
      socket.terminated++
      socket.readyState = WebSocket.CLOSED
    }
  }
  return socket
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("createFramePlanRunner", () => {
  it("sends zero-delay frames synchronously, in order", () => {
    const socket = fakeSocket()
    createFramePlanRunner(socket as unknown as WebSocket).run({ frames: ["a", "b", "c"].map((text) => ({ delayMs: 0, text })) })
    expect(socket.sent).toEqual(["a", "b", "c"])
  })

  it("waits each delay relative to the previous frame", async () => {
    const socket = fakeSocket()
    createFramePlanRunner(socket as unknown as WebSocket).run({
      frames: [
        { delayMs: 30, text: "a" },
        { delayMs: 30, text: "b" }
      ]
    })
    expect(socket.sent).toEqual([])
    await sleep(45)
    expect(socket.sent).toEqual(["a"])
    await sleep(40)
    expect(socket.sent).toEqual(["a", "b"])
  })

  it("terminates once the N-th frame is written and sends nothing more", async () => {
    const socket = fakeSocket()
    createFramePlanRunner(socket as unknown as WebSocket).run({
      frames: ["a", "b", "c"].map((text) => ({ delayMs: 0, text })),
      drop: { afterFrames: 2 }
    })
    await sleep(5)
    expect(socket.sent).toEqual(["a", "b"])
    expect(socket.terminated).toBe(1)
  })

  it("terminates at once for a drop after zero frames", () => {
    const socket = fakeSocket()
    createFramePlanRunner(socket as unknown as WebSocket).run({ frames: [{ delayMs: 0, text: "a" }], drop: { afterFrames: 0 } })
    expect(socket.sent).toEqual([])
    expect(socket.terminated).toBe(1)
  })

  it("clears pending frames on cancel", async () => {
    const socket = fakeSocket()
    const runner = createFramePlanRunner(socket as unknown as WebSocket)
    runner.run({ frames: [{ delayMs: 10, text: "a" }] })
    runner.cancel()
    await sleep(30)
    expect(socket.sent).toEqual([])
  })
})
