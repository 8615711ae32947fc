// The send figures' summary and the helper threads' share it carries: medians per side, ratios of
// the same round, and a figure only some rounds have (the helper threads' CPU, read from Linux's
// /proc) left out rather than turned into NaN.
import { Worker } from "node:worker_threads"
import { describe, expect, it } from "vitest"
import type { SendCpuRun, SendRound } from "../src/send-cpu.ts"
import { summarizeSendCpu } from "../src/send-cpu-summary.ts"
import { helperThreadsCpuMicroseconds } from "../src/thread-cpu.ts"

const round = (cpu: number, helpers?: number): SendRound => ({
  cpuMicrosecondsPerRequest: cpu,
  msgsPerSecond: 1_000_000 / cpu,
  bytesPerRequest: 100,
  gcMicrosecondsPerRequest: 1,
  ...(helpers === undefined ? {} : { helperThreadsCpuMicrosecondsPerRequest: helpers })
})

const run = (rounds: SendCpuRun["rounds"]): SendCpuRun => ({ node: "20", socket: "ws", count: 10, frameBytes: 100, rounds })

describe("summarizeSendCpu", () => {
  it("takes each side's median and the median of the same round's ratios, helper threads included", () => {
    const summary = summarizeSendCpu(
      run([
        { ours: round(30, 10), "raw-ws": round(20, 4) },
        { ours: round(40, 16), "raw-ws": round(20, 5) },
        { ours: round(33, 12), "raw-ws": round(30, 6) }
      ])
    )
    expect(summary.ours.cpuMicrosecondsPerRequest).toBe(33)
    expect(summary.ours.helperThreadsCpuMicrosecondsPerRequest).toBe(12)
    expect(summary["raw-ws"]!.helperThreadsCpuMicrosecondsPerRequest).toBe(5)
    // Ratios per round: 1.5, 2, 1.1.
    expect(summary.cpuRatios["raw-ws"]).toBe(1.5)
    expect(summary.cpuRatioRanges["raw-ws"]).toEqual([1.1, 2])
  })

  it("leaves out the helper threads' figure when a round lacks it", () => {
    const summary = summarizeSendCpu(
      run([
        { ours: round(30, 10), "raw-ws": round(20) },
        { ours: round(40), "raw-ws": round(20) }
      ])
    )
    expect(summary.ours.cpuMicrosecondsPerRequest).toBe(35)
    expect("helperThreadsCpuMicrosecondsPerRequest" in summary.ours).toBe(false)
    expect("helperThreadsCpuMicrosecondsPerRequest" in summary["raw-ws"]!).toBe(false)
  })
})

// Busy until the thread itself has used `ms` of CPU (its own /proc counter), then reports and waits:
// a thread's time leaves /proc with the thread, so it must still run when the count is read.
const busyThread = (ms: number) => `
  const { readFileSync } = require("node:fs")
  const { parentPort } = require("node:worker_threads")
  const ownMs = () => { const stat = readFileSync("/proc/thread-self/stat", "utf8"); const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); return (Number(f[11]) + Number(f[12])) * 10 }
  const start = ownMs()
  while (ownMs() - start < ${ms});
  parentPort.postMessage("done")
  setInterval(() => {}, 1000)
`

describe.runIf(process.platform === "linux")("helperThreadsCpuMicroseconds", () => {
  it("counts the CPU of threads other than the main one", async () => {
    const before = helperThreadsCpuMicroseconds()!
    const worker = new Worker(busyThread(100), { eval: true })
    await new Promise((resolve) => worker.once("message", resolve))
    const after = helperThreadsCpuMicroseconds()!
    await worker.terminate()
    expect(after - before).toBeGreaterThanOrEqual(100_000)
  })

  it("does not count the main thread's", () => {
    const before = helperThreadsCpuMicroseconds()!
    const mainBefore = process.cpuUsage()
    let spent = 0
    while (spent < 200_000) {
      const used = process.cpuUsage(mainBefore)
      spent = used.user + used.system
    }
    // The helper threads may do a little of their own meanwhile, far from the main thread's 200 ms.
    expect(helperThreadsCpuMicroseconds()! - before).toBeLessThan(100_000)
  })
})
