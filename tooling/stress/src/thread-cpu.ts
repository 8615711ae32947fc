// The CPU time of this process's threads other than the main one: V8's helper threads (the
// optimizing compiler, which compiles hot functions in the background, and the concurrent and
// parallel garbage collector) and libuv's pool. `process.cpuUsage()` counts them with the main
// thread; this tells the two apart, which is where a fresh process's first burst differs from a
// warm one (see BENCHMARKS.md). Linux only (`/proc/self/task/*/stat`, in clock ticks of 10 ms):
// undefined elsewhere.
import { readdirSync, readFileSync } from "node:fs"

/** USER_HZ: the unit of the times in `/proc/<pid>/task/<tid>/stat` (100 on Linux). */
const TICK_MICROSECONDS = 10_000

/** CPU time (user + system) of every thread but the main one so far, µs; undefined where `/proc` cannot tell. */
export const helperThreadsCpuMicroseconds = (): number | undefined => {
  if (process.platform !== "linux") return undefined
  try {
    let ticks = 0
    for (const thread of readdirSync("/proc/self/task")) {
      if (thread === String(process.pid)) continue
      const stat = readFileSync(`/proc/self/task/${thread}/stat`, "utf8")
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      ticks += Number(fields[11]) + Number(fields[12])
    }
    return ticks * TICK_MICROSECONDS
  } catch {
    return undefined
  }
}
