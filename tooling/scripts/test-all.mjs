// The README's test command: every check CI runs, in order, failing fast with a clear heading.
// Runs with TURBO_TELEMETRY_DISABLED so turbo never phones home.
import { spawnSync } from "node:child_process"

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", FORCE_COLOR: process.env.CI ? "0" : process.env.FORCE_COLOR }
const steps = [
  ["generated code is current", "pnpm", ["codegen", "--check"]],
  ["unit and integration tests (every package)", "pnpm", ["exec", "turbo", "run", "test", "--output-logs=new-only", "--concurrency=2"]]
]

let passed = 0
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title}: ${command} ${args.join(" ")}`)
  const result = spawnSync(command, args, { stdio: "inherit", env })
  if (result.status !== 0) {
    console.error(`\n=== FAILED: ${title} (exit ${result.status ?? result.signal})`)
    console.log(`${passed} passed, 1 failed`)
    process.exit(1)
  }
  passed++
}
console.log(`\n=== all ${passed} steps passed`)
