// send-cpu.ts as the bench runs it, at a small size: `--settle` adds each side's own cleanup to
// its figure, and a run that fails ends with its frame-counting server (a forked process that
// would otherwise outlive it, holding the pipes its caller waits on).
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import type { SendCpuRun } from "../src/send-cpu.ts"

const script = fileURLToPath(new URL("../dist/send-cpu.js", import.meta.url))
const sendCpu = (nodeFlags: ReadonlyArray<string>, flags: ReadonlyArray<string>) =>
  spawnSync(process.execPath, [...nodeFlags, script, "--socket", "ws", "--count", "200", "--rounds", "1", "--warmup", "0", ...flags], {
    encoding: "utf8",
    timeout: 60_000
  })

describe("send-cpu --settle", () => {
  it("charges each side the collection of its own garbage, inside its figure", () => {
    const child = sendCpu(["--expose-gc"], ["--settle"])
    expect(child.status, child.stderr).toBe(0)
    const run = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as SendCpuRun
    for (const side of ["ours", "raw-ws"] as const) {
      const figures = run.rounds[0]![side]!
      expect(figures.cleanupCpuMicrosecondsPerRequest).toBeGreaterThan(0)
      expect(figures.cpuMicrosecondsPerRequest).toBeGreaterThan(figures.cleanupCpuMicrosecondsPerRequest!)
    }
  })

  it("without --expose-gc, fails at once and leaves no server holding its pipes", () => {
    const child = sendCpu([], ["--settle"])
    // A server left running would keep stdout open: spawnSync would end by its timeout (status null).
    expect(child.error).toBeUndefined()
    expect(child.status).toBe(1)
    expect(child.stderr).toContain("--settle needs node --expose-gc")
  })
})
