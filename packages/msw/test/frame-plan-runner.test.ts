import { describe, expect, it } from "vitest"
import { ABNORMAL_CLOSURE, createFramePlanRunner } from "../src/frame-plan-runner.ts"

/** A client that behaves like MSW's: a sent frame arrives in a microtask, and is discarded once the socket is closing. */
const fakeClient = () => {
  const client = {
    delivered: [] as Array<string>,
    closes: [] as Array<number | undefined>,
    closing: false,
    send(text: string) {
      queueMicrotask(() => {
        if (!client.closing) client.delivered.push(text)
      })
    },
    close(code?: number) {
      client.closing = true
      client.closes.push(code)
    }
  }
  return client
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const frames = (...texts: Array<string>) => texts.map((text) => ({ delayMs: 0, text }))

describe("createFramePlanRunner (MSW)", () => {
  it("sends zero-delay frames at once, in order", async () => {
    const client = fakeClient()
    createFramePlanRunner(client).run({ frames: frames("a", "b", "c") })
    await sleep(0)
    expect(client.delivered).toEqual(["a", "b", "c"])
  })

  it("waits each delay relative to the previous frame", async () => {
    const client = fakeClient()
    createFramePlanRunner(client).run({ frames: [{ delayMs: 30, text: "a" }, { delayMs: 30, text: "b" }] })
    await sleep(45)
    expect(client.delivered).toEqual(["a"])
    await sleep(40)
    expect(client.delivered).toEqual(["a", "b"])
  })

  it("drops after the N-th frame was delivered (1006) and sends nothing more", async () => {
    const client = fakeClient()
    createFramePlanRunner(client).run({ frames: frames("a", "b", "c"), drop: { afterFrames: 2 } })
    await sleep(10)
    expect(client.delivered).toEqual(["a", "b"])
    expect(client.closes).toEqual([ABNORMAL_CLOSURE])
  })

  it("drops at once for a drop after zero frames", () => {
    const client = fakeClient()
    createFramePlanRunner(client).run({ frames: frames("a"), drop: { afterFrames: 0 } })
    expect(client.closes).toEqual([ABNORMAL_CLOSURE])
  })

  it("clears pending frames on cancel, and drop closes once", async () => {
    const client = fakeClient()
    const runner = createFramePlanRunner(client)
    runner.run({ frames: [{ delayMs: 10, text: "a" }] })
    runner.cancel()
    await sleep(30)
    expect(client.delivered).toEqual([])
    const other = fakeClient()
    const dropping = createFramePlanRunner(other)
    dropping.drop()
    dropping.drop()
    expect(other.closes).toEqual([ABNORMAL_CLOSURE])
  })
})
