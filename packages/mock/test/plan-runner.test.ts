import { describe, expect, it } from "vitest"
import { createPlanRunner } from "../src/plan-runner.ts"

/**
 * A connection like the front doors': a frame counts as written in a microtask (as MSW delivers
 * it, and as `ws` calls its send callback), and nothing is delivered once it was dropped.
 */
const fakeTarget = () => {
  const target = {
    delivered: [] as Array<string>,
    drops: 0,
    open: true,
    send(text: string, written?: () => void) {
      queueMicrotask(() => {
        if (!target.open) return
        target.delivered.push(text)
        written?.()
      })
    },
    drop() {
      target.drops++
      target.open = false
    },
    isOpen: () => target.open
  }
  return target
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const frames = (...texts: Array<string>) => texts.map((text) => ({ delayMs: 0, text }))

describe("createPlanRunner (shared by the mock server and the MSW handlers)", () => {
  it("sends zero-delay frames at once, in order", async () => {
    const target = fakeTarget()
    createPlanRunner(target).run({ frames: frames("a", "b", "c") })
    await sleep(0)
    expect(target.delivered).toEqual(["a", "b", "c"])
  })

  it("waits each delay relative to the previous frame", async () => {
    const target = fakeTarget()
    createPlanRunner(target).run({ frames: [{ delayMs: 30, text: "a" }, { delayMs: 30, text: "b" }] })
    await sleep(45)
    expect(target.delivered).toEqual(["a"])
    await sleep(40)
    expect(target.delivered).toEqual(["a", "b"])
  })

  it("drops only once the N-th frame was written, and sends nothing more", async () => {
    const target = fakeTarget()
    createPlanRunner(target).run({ frames: frames("a", "b", "c"), drop: { afterFrames: 2 } })
    await sleep(10)
    expect(target.delivered).toEqual(["a", "b"])
    expect(target.drops).toBe(1)
  })

  it("drops at once for a drop after zero frames", () => {
    const target = fakeTarget()
    createPlanRunner(target).run({ frames: frames("a"), drop: { afterFrames: 0 } })
    expect(target.drops).toBe(1)
  })

  it("clears pending frames on cancel, and drops a connection once", async () => {
    const target = fakeTarget()
    const runner = createPlanRunner(target)
    runner.run({ frames: [{ delayMs: 10, text: "a" }] })
    runner.cancel()
    await sleep(30)
    expect(target.delivered).toEqual([])
    runner.drop()
    runner.drop()
    expect(target.drops).toBe(1)
  })

  it("stops sending when the connection closed under it", async () => {
    const target = fakeTarget()
    createPlanRunner(target).run({ frames: [{ delayMs: 0, text: "a" }, { delayMs: 10, text: "b" }] })
    await sleep(0)
    target.open = false
    await sleep(20)
    expect(target.delivered).toEqual(["a"])
  })
})
