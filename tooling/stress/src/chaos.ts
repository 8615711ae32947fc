// `pnpm chaos`: the client talks to the mock server through a fault-injecting TCP proxy (drops,
// stalls, delays, frames split into pieces) while it sends thousands of requests of every action
// with bounded concurrency. Every request must complete exactly once: no loss, no event
// delivered twice, and the server executes each idempotency key once.
//
//   pnpm chaos              10,000 requests, random seed (printed)
//   pnpm chaos --quick      500 requests, fixed seed (the test pipeline)
//   pnpm chaos --requests 20000 --concurrency 128 --seed 7
//   pnpm chaos --calm       the same run with no fault injected (a baseline)
//   pnpm chaos --socket global   the runtime's own WebSocket (Node 22+); `ws`: the package; default: the adapter's choice
import { actionCatalog } from "@org/optave-core"
import { startMockServer } from "@org/optave-mock-server"
import { hashSeed, seededRandom } from "@org/optave-mock"
import { createClient, type OptaveClientPromise } from "@org/optave-node"
import { startChaosProxy } from "./chaos-proxy.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { assertSeedPayloadsValid, CURRENT_ACTIONS, seedPayload, type CurrentAction } from "./seed-payloads.ts"

const args = parseRunArguments()
const quick = args.quick
const requests = args.number("requests", quick ? 500 : 10_000)
const concurrency = args.number("concurrency", 64)
const seed = args.seed ?? (quick ? 20_241_115 : (Date.now() % 1_000_000_007) >>> 0)
const deadlineMs = args.number("deadline-ms", quick ? 60_000 : 240_000)
const started = performance.now()
const log = (message: string) => process.stderr.write(`[chaos] ${message}\n`)

assertSeedPayloadsValid()
log(`${requests} requests, concurrency ${concurrency}, seed ${seed}${quick ? " (quick)" : ""}, Node ${process.version}`)

const random = seededRandom(seed)
const server = await startMockServer({ seed, latencyMs: 2, interleave: true, singleUseSocketTokens: true })
const proxy = await startChaosProxy({
  upstreamPort: server.port,
  random,
  splitRate: 0.35,
  maxPieces: 6,
  delayRate: 0.05,
  maxDelayMs: 25,
  minLifetimeMs: quick ? 30 : 100,
  maxLifetimeMs: quick ? 250 : 700,
  earlyDropRate: 0.1,
  stallRate: 0.08,
  stallHoldMs: 3_000
})

// Faults above the transport: the server sends some answers twice, or shuffled (a `completed`
// before its `started`). Chosen per request by a hash of its correlation id, so a replay after a
// resend gets the same treatment.
const duplicatedAnswers = new Set<string>()
const reorderedAnswers = new Set<string>()
const bucketOf = (correlationId: string | undefined): number => {
  return hashSeed(`${seed}\u0000${correlationId ?? ""}`) % 100
}
server.engine.use({
  duplicate: true,
  match: (request) => {
    const hit = request.via === "socket" && bucketOf(request.correlationId) < 5
    if (hit) duplicatedAnswers.add(request.correlationId!)
    return hit
  }
})
server.engine.use({
  reorder: true,
  match: (request) => {
    const hit = request.via === "socket" && bucketOf(request.correlationId) >= 95
    if (hit) reorderedAnswers.add(request.correlationId!)
    return hit
  }
})
const totalFaults = () => proxy.totalFaults() + duplicatedAnswers.size + reorderedAnswers.size

if (args.has("calm")) proxy.calm()

const socket = args.string("socket") ?? "auto"
if (socket !== "auto" && socket !== "ws" && socket !== "global") throw new Error(`--socket must be auto, ws or global, got ${socket}`)
const client: OptaveClientPromise = createClient({
  platform: { webSocket: socket },
  urls: { ws: `ws://127.0.0.1:${proxy.port}`, rest: server.restUrl },
  clientId: "demo-client",
  clientSecret: "demo-secret",
  authenticationUrl: server.authUrl,
  timeouts: { connectMs: 2_000, requestMs: 90_000, settleMs: 30_000, heartbeatMs: 1_000 },
  reconnect: { maxAttempts: 50, baseDelayMs: 10, maxDelayMs: 250 },
  maxQueuedRequests: 100_000
})

log(`socket: ${(JSON.parse(JSON.stringify(client)) as { platform: string }).platform}`)

let completed = 0
let lost = 0
let duplicated = 0
let misrouted = 0
let finished = 0
const failures = new Map<string, number>()
const actionOf: Array<CurrentAction> = Array.from({ length: requests }, (_, index) =>
  // Every action in the first eight, then a seeded mix.
  index < CURRENT_ACTIONS.length ? CURRENT_ACTIONS[index]! : CURRENT_ACTIONS[random.integer(0, CURRENT_ACTIONS.length - 1)]!
)

const runOne = async (index: number): Promise<void> => {
  const action = actionOf[index]!
  const correlationId = `chaos-${seed}-${index}`
  const payload = seedPayload(action, correlationId)
  const expected = actionCatalog[action].superpowers
  const seen = new Set<string>()
  const done = new Set<string>()
  try {
    // The correlation id is passed explicitly: by default it is a fresh UUID v7, not the requestId.
    const events = (
      client.stream[action] as (
        payload: unknown,
        options: { readonly correlationId: string }
      ) => AsyncIterable<{ correlationId?: string; actionType: string; state: string; message?: unknown }>
    )(payload, { correlationId })
    for await (const event of events) {
      if (event.correlationId !== correlationId) misrouted++
      const key = `${event.correlationId}\u0000${event.actionType}\u0000${event.state}\u0000${JSON.stringify(event.message ?? null)}`
      if (seen.has(key)) duplicated++
      else seen.add(key)
      if (event.state === "completed") done.add(event.actionType)
    }
    if (expected.every((superpower) => done.has(superpower))) completed++
    else {
      lost++
      failures.set("ended without every superpower completed", (failures.get("ended without every superpower completed") ?? 0) + 1)
    }
  } catch (error) {
    lost++
    const tag = (error as { _tag?: string; code?: string })._tag ?? "Error"
    const label = `${tag}${(error as { code?: string }).code ? ` ${(error as { code?: string }).code}` : ""}: ${String((error as Error).message ?? error).slice(0, 160)}`
    failures.set(label, (failures.get(label) ?? 0) + 1)
  } finally {
    finished++
  }
}

let next = 0
const worker = async (): Promise<void> => {
  while (next < requests) await runOne(next++)
}

const progress = setInterval(() => {
  const stats = client.stats()
  log(
    `${((performance.now() - started) / 1000).toFixed(1)} s: ${finished}/${requests} ended, ${completed} completed, ${lost} lost; ` +
      `reconnects ${stats.reconnects}, resends ${stats.resends}, faults ${totalFaults()}`
  )
}, 5_000)

const deadline = new Promise<"deadline">((resolve) => setTimeout(() => resolve("deadline"), deadlineMs).unref())
const outcome = await Promise.race([Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker)).then(() => "done" as const), deadline])
clearInterval(progress)
if (outcome === "deadline") {
  const never = requests - finished
  lost += never
  failures.set("never ended (deadline)", never)
  log(`deadline of ${deadlineMs} ms reached with ${never} requests still open`)
}

const stats = client.stats()
const engine = server.engine.stats()
const summary = {
  requests,
  completed,
  lost,
  duplicated,
  faults: totalFaults(),
  reconnects: stats.reconnects,
  resends: stats.resends,
  server_executions: engine.executions
}
const elapsedMs = performance.now() - started
log(`faults ${JSON.stringify({ ...proxy.faults(), duplicatedAnswers: duplicatedAnswers.size, reorderedAnswers: reorderedAnswers.size })}`)
log(`client ${JSON.stringify(stats)}`)
log(`server ${JSON.stringify(engine)}`)
if (misrouted > 0) log(`${misrouted} events carried another request's correlation id`)
for (const [label, count] of failures) log(`lost ${count}: ${label}`)
log(`took ${(elapsedMs / 1000).toFixed(1)} s (${Math.round((requests / elapsedMs) * 1000)} requests/s)`)
process.stdout.write(`CHAOS ${JSON.stringify(summary)}\n`)

const ok = lost === 0 && duplicated === 0 && misrouted === 0 && completed === requests && engine.executions === requests
await Promise.race([
  (async () => {
    await client.close()
    await proxy.close()
    await server.close()
  })(),
  new Promise((resolve) => setTimeout(resolve, 5_000).unref())
])
process.exit(ok ? 0 : 1)
