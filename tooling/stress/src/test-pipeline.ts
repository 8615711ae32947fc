// The package's `test` script: the vitest suite (the edge bundle budget, the hostile scenarios at
// quick sizes on each socket path), then `chaos --quick` on Node 20 with `ws` and on the pinned
// Node 24 with its global WebSocket, and `fuzz --quick`. Every step runs even when an earlier one
// fails, so one report shows them all; the exit code is non-zero when any failed.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { runtimeBinary } from "@org/test-runtimes"

const root = fileURLToPath(new URL("..", import.meta.url))
const steps: ReadonlyArray<readonly [string, string, ReadonlyArray<string>]> = [
  ["vitest (edge bundle budget, hostile scenarios at quick sizes on Node 20 ws, Node 24 global and ws)", "vitest", ["run"]],
  [`chaos --quick (Node ${process.versions.node}, ws)`, process.execPath, ["dist/chaos.js", "--quick", "--socket", "ws"]],
  ["chaos --quick (Node 24, global WebSocket)", runtimeBinary("node24"), ["dist/chaos.js", "--quick", "--socket", "global"]],
  ["fuzz --quick", process.execPath, ["dist/fuzz.js", "--quick"]]
]

const failed: Array<string> = []
for (const [title, command, args] of steps) {
  process.stdout.write(`\n=== ${title}\n`)
  const started = performance.now()
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) failed.push(`${title} (exit ${result.status ?? result.signal}, ${seconds} s)`)
  else process.stdout.write(`=== ${title}: passed in ${seconds} s\n`)
}
if (failed.length > 0) {
  process.stdout.write(`\n=== FAILED: ${failed.join("; ")}\n`)
  process.exit(1)
}
process.stdout.write("\n=== all passed\n")
