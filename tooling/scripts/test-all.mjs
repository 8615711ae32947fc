// The README's test command (and CI's): every check in order, failing fast with a heading.
// It echoes each step's output and adds up the test counts vitest prints, ending with one
// closing line `Tests: N passed, N failed`.
import { spawn } from "node:child_process"

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" }
const steps = [
  ["generated code is current", "pnpm", ["codegen", "--check"]],
  ["lint", "pnpm", ["lint"]],
  ["package boundaries", "pnpm", ["check:boundaries"]],
  // Every package's sources and tests under its own strict settings (tests are TypeScript too).
  ["type-check every package", "pnpm", ["exec", "turbo", "run", "typecheck", "--output-logs=errors-only", "--concurrency=2"]],
  ["build and test every package", "pnpm", ["exec", "turbo", "run", "test", "--output-logs=full", "--concurrency=2", "--log-order=grouped"]],
  // The packed packages on every runtime users run (Node 20, 22, 24, 26, Bun): here only, not in each package's `test`.
  ["the packed packages on every runtime", "pnpm", ["exec", "turbo", "run", "test:runtimes", "--output-logs=full", "--concurrency=2", "--log-order=grouped"]]
]

// vitest prints e.g. "      Tests  82 passed (82)" or "Tests  1 failed | 81 passed (82)"; strip colours first.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")
const countTests = (text, totals) => {
  for (const line of text.replace(ANSI, "").split("\n")) {
    const match = /^\S*\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line.replace(/^.*?:\s(?=\s*Tests)/, ""))
    if (!match) continue
    for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed)/g)) totals[kind] += Number(count)
  }
}

const run = (command, args, totals) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] })
    let pending = ""
    const forward = (stream, target) =>
      stream.on("data", (chunk) => {
        target.write(chunk)
        pending += chunk.toString()
        const cut = pending.lastIndexOf("\n")
        if (cut >= 0) {
          countTests(pending.slice(0, cut), totals)
          pending = pending.slice(cut + 1)
        }
      })
    forward(child.stdout, process.stdout)
    forward(child.stderr, process.stderr)
    child.on("close", (code, signal) => {
      countTests(pending, totals)
      resolve(code ?? (signal ? 1 : 0))
    })
  })

const totals = { passed: 0, failed: 0 }
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title}: ${command} ${args.join(" ")}`)
  const code = await run(command, args, totals)
  if (code !== 0) {
    console.error(`\n=== FAILED: ${title} (exit ${code})`)
    console.log(`Tests: ${totals.passed} passed, ${Math.max(1, totals.failed)} failed`)
    process.exit(1)
  }
}
console.log(`\n=== all ${steps.length} steps passed`)
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed`)
if (totals.passed === 0) {
  console.error("no test ran: that is a failure")
  process.exit(1)
}
