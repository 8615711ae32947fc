// `pnpm hostile`: the built client against servers and networks nobody here designed.
// Each scenario of hostile-scenarios.ts starts its loopback servers, drives the client and asserts
// the outcome; one line per scenario, then
//   HOSTILE {"scenarios":N,"failed":0,"max_heap_mb":M,"max_connections":C}
// and a non-zero exit on any failure. Ends by itself (each scenario has its own limits; the whole
// run is cut at 3 minutes).
//
//   pnpm hostile            full sizes (50 MB bodies, 60 MiB frames, 2,000 pending requests...)
//   pnpm hostile --quick    the sizes of the test pipeline
//   pnpm hostile --core /path/to/core/dist/index.js   the same run against another core build
import { loadClientFactory } from "./client-factory.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { scenarios, useClientFactory } from "./hostile-scenarios.ts"

const args = parseRunArguments()
useClientFactory(await loadClientFactory(args.string("core")))
const size = args.quick ? "quick" : "full"
const RUN_LIMIT_MS = 180_000
const cut = setTimeout(() => {
  process.stdout.write(`HOSTILE ${JSON.stringify({ scenarios: scenarios.length, failed: -1, reason: "cut at 3 minutes" })}\n`)
  process.exit(1)
}, RUN_LIMIT_MS)
cut.unref()

let failed = 0
let maxHeapMb = 0
let maxConnections = 0
for (const scenario of scenarios) {
  const started = performance.now()
  try {
    const outcome = await scenario.run(size)
    maxHeapMb = Math.max(maxHeapMb, outcome.heapMb)
    maxConnections = Math.max(maxConnections, outcome.connections)
    const ms = (performance.now() - started).toFixed(0)
    process.stdout.write(`ok   item ${String(scenario.item).padStart(2)}  ${scenario.name.padEnd(38)} ${ms.padStart(6)} ms  ${outcome.detail}\n`)
  } catch (error) {
    failed++
    const ms = (performance.now() - started).toFixed(0)
    process.stdout.write(`FAIL item ${String(scenario.item).padStart(2)}  ${scenario.name.padEnd(38)} ${ms.padStart(6)} ms  ${error instanceof Error ? error.message : String(error)}\n`)
  }
}
process.stdout.write(
  `HOSTILE ${JSON.stringify({ scenarios: scenarios.length, failed, max_heap_mb: Math.round(maxHeapMb), max_connections: maxConnections })}\n`
)
clearTimeout(cut)
process.exit(failed === 0 ? 0 : 1)
