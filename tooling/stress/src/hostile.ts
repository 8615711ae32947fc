// `pnpm hostile`: the built client against servers and networks nobody here designed.
// Each scenario of hostile-scenarios.ts starts its loopback servers, drives the client and asserts
// the outcome; one line per scenario, then
//   HOSTILE {"scenarios":N,"failed":0,"trapped":0,"socket":"ws",...,"results":[...]}
// and a non-zero exit on any failure. Ends by itself (each scenario has its own limits; the whole
// run is cut at 4 minutes).
//
// The whole run sits under a process-level trap: an `uncaughtException` or `unhandledRejection`
// (what would crash a user's process, e.g. an error thrown inside a socket library's callback)
// is caught, fails the scenario that was running, and fails the run.
//
//   pnpm hostile                 full sizes (50 MB bodies, 60 MiB frames, 2,000 pending requests...)
//   pnpm hostile --quick         the sizes of the test pipeline
//   pnpm hostile --socket ws     every client on the `ws` package; `global`: the runtime's own
//                                WebSocket (Node 22+); `auto` (default): the adapter's choice
//   pnpm hostile --only NAME     the scenarios whose name contains NAME
//   pnpm hostile --core /path/to/core/dist/index.js   the same run against another core build
import { loadClientFactory } from "./client-factory.ts"
import { socketInUse, useSocket, type SocketKind } from "./hostile-harness.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { scenarios, useClientFactory } from "./hostile-scenarios.ts"

const args = parseRunArguments()
useClientFactory(await loadClientFactory(args.string("core")))
const socket = (args.string("socket") ?? "auto") as SocketKind
if (!["auto", "ws", "global"].includes(socket)) throw new Error(`--socket must be auto, ws or global, got ${socket}`)
useSocket(socket)
const only = args.string("only")
const chosen = only === undefined ? scenarios : scenarios.filter((scenario) => scenario.name.includes(only))
const size = args.quick ? "quick" : "full"
const RUN_LIMIT_MS = 240_000

interface Result {
  readonly name: string
  readonly item: string
  readonly ok: boolean
  readonly ms: number
  readonly detail: string
}
const results: Array<Result> = []
const summary = (extra: Record<string, unknown>) =>
  `HOSTILE ${JSON.stringify({ scenarios: chosen.length, ...extra, socket: socketInUse(), runtime: process.version, results })}\n`

// The trap: what escapes every handler is recorded against the scenario that was running.
const trapped: Array<string> = []
let running = "(between scenarios)"
const trap = (kind: string) => (error: unknown) => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  trapped.push(`${running}: ${kind} ${text}`)
  process.stdout.write(`TRAPPED ${kind} during ${running}: ${error instanceof Error ? (error.stack ?? text) : text}\n`)
}
process.on("uncaughtException", trap("uncaughtException"))
process.on("unhandledRejection", trap("unhandledRejection"))

const cut = setTimeout(() => {
  process.stdout.write(summary({ failed: -1, trapped: trapped.length, reason: `cut at ${RUN_LIMIT_MS / 60_000} minutes during ${running}` }))
  process.exit(1)
}, RUN_LIMIT_MS)
cut.unref()

let failed = 0
let maxHeapMb = 0
let maxConnections = 0
process.stdout.write(`hostile: ${chosen.length} scenarios, ${size} sizes, socket ${socketInUse()}, Node ${process.version}\n`)
for (const scenario of chosen) {
  const started = performance.now()
  running = scenario.name
  const trappedBefore = trapped.length
  let outcome: { ok: true; detail: string } | { ok: false; detail: string }
  try {
    const figures = await scenario.run(size)
    maxHeapMb = Math.max(maxHeapMb, figures.heapMb)
    maxConnections = Math.max(maxConnections, figures.connections)
    outcome = { ok: true, detail: figures.detail }
  } catch (error) {
    outcome = { ok: false, detail: error instanceof Error ? error.message : String(error) }
  }
  // A scenario's own late callbacks land in the next turns: let them come before judging it.
  await new Promise((resolve) => setTimeout(resolve, 20))
  running = "(between scenarios)"
  if (trapped.length > trappedBefore) outcome = { ok: false, detail: `trapped ${trapped.slice(trappedBefore).join("; ")} | ${outcome.detail}` }
  const ms = Math.round(performance.now() - started)
  if (!outcome.ok) failed++
  results.push({ name: scenario.name, item: `${scenario.issue ?? 14}.${scenario.item}`, ok: outcome.ok, ms, detail: outcome.detail })
  process.stdout.write(`${outcome.ok ? "ok  " : "FAIL"} item ${`${scenario.issue ?? 14}.${scenario.item}`.padStart(5)}  ${scenario.name.padEnd(42)} ${String(ms).padStart(6)} ms  ${outcome.detail}\n`)
}
if (trapped.length > 0 && failed === 0) failed = 1
process.stdout.write(summary({ failed, trapped: trapped.length, max_heap_mb: Math.round(maxHeapMb), max_connections: maxConnections }))
clearTimeout(cut)
process.exit(failed === 0 ? 0 : 1)
