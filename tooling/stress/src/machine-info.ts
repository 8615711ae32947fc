// The machine a figure came from: benchmark numbers mean little without it.
import { spawnSync } from "node:child_process"
import { cpus, loadavg, release, totalmem, type as osType } from "node:os"

export interface MachineInfo {
  readonly cpuModel: string
  readonly cores: number
  readonly node: string
  readonly os: string
  readonly memoryGiB: number
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
  readonly loadAverage: ReadonlyArray<number>
  readonly date: string
  /** The commit measured, and whether the packages measured had uncommitted changes (read-only git queries). */
  readonly commit: string
  readonly uncommittedChanges: boolean
}

const git = (args: ReadonlyArray<string>): string => {
  const result = spawnSync("git", [...args], { encoding: "utf8", cwd: new URL("../../..", import.meta.url) })
  return result.status === 0 ? result.stdout.trim() : ""
}

export const machineInfo = (): MachineInfo => {
  const processors = cpus()
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    node: process.version,
    os: `${osType()} ${release()}`,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    date: new Date().toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    uncommittedChanges: git(["status", "--porcelain", "--", "packages/core", "packages/node", "packages/edge", "packages/schema"]) !== ""
  }
}
