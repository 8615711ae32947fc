// `pnpm fuzz`: property-based runs (fast-check) against the client.
//  1. payloads: random values, values generated valid from the schemas, and mutated valid payloads,
//     for every action. Each must be refused with a ValidationError whose issues name a path that
//     exists in the payload, or accepted only when TypeBox `Value.Check` accepts it (and every
//     object in it is plain, the client's one deliberate extra rule); a loopback
//     server re-checks every frame it receives, and nothing refused may ever reach it.
//  2. inbound frames: a loopback server sends random and mutated frames to a client with requests
//     pending: no crash, no unhandled rejection, the targeted request ends, the others complete
//     with exactly what the server answered them.
//  3. hosts: hostile tenant and tld values are refused by createClient with a ConfigError before
//     any connection; plain DNS labels are accepted.
// Prints `FUZZ {"cases","crashes","sent_invalid","unhandled"}` (crashes = cases where the client broke
// a property, plus uncaught exceptions) and exits non-zero on any failure. `--quick`: ~1,500 cases,
// fixed seed. `--seed N` reproduces a run.
import { actionCatalog, createClientWith, type ActionName } from "@org/optave-core"
import { createClient, runtimePlatform, type OptaveClientPromise } from "@org/optave-node"
import fc from "fast-check"
import { Value } from "typebox/value"
import { FIXED_HOSTILE, FIXED_VALID_TENANTS, FIXED_VALID_TLDS, generatedHostValue, hostileTenant, hostileTld } from "./host-arbitrary.ts"
import { frameTemplateArbitrary, renderFrame } from "./inbound-frame-arbitrary.ts"
import { validValue } from "@org/optave-test-fixtures"
import { applyMutations, mutationArbitrary } from "./payload-arbitrary.ts"
import { startRecordingServer } from "./recording-server.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { ALL_ACTIONS, assertSeedPayloadsValid, seedPayloadJson } from "./seed-payloads.ts"
import { payloadSchemas } from "./payload-schemas.ts"

const args = parseRunArguments()
const quick = args.quick
const seed = args.seed ?? (quick ? 1_500 : Date.now() % 2_147_483_647)
const scale = args.number("scale", 1)
const runs = {
  randomPayloads: Math.round((quick ? 200 : 1_000) * scale),
  generatedPayloads: Math.round((quick ? 250 : 2_000) * scale),
  mutatedPayloads: Math.round((quick ? 500 : 4_000) * scale),
  inboundCases: Math.round((quick ? 150 : 1_000) * scale),
  generatedHosts: Math.round((quick ? 300 : 2_000) * scale)
}
const only = new Set((args.string("only") ?? "payloads,inbound,hosts").split(","))
for (const [name, section] of [["randomPayloads", "payloads"], ["generatedPayloads", "payloads"], ["mutatedPayloads", "payloads"], ["inboundCases", "inbound"], ["generatedHosts", "hosts"]] as const) {
  if (!only.has(section)) runs[name] = 0
}
const started = performance.now()
const log = (message: string) => process.stderr.write(`[fuzz] ${message}\n`)

let cases = 0
let crashes = 0
let sentInvalid = 0
let unhandled = 0
const violations = new Map<string, { count: number; examples: Array<string> }>()
const violate = (kind: string, example: unknown) => {
  crashes++
  const entry = violations.get(kind) ?? { count: 0, examples: [] }
  entry.count++
  if (entry.examples.length < 3) {
    const seen = new WeakSet<object>()
    const text =
      typeof example === "string"
        ? example
        : (JSON.stringify(example, (_key, value: unknown) => {
            if (typeof value === "bigint") return `${value}n`
            if (value !== null && typeof value === "object") {
              if (seen.has(value)) return "[cycle]"
              seen.add(value)
            }
            return value
          }) ?? String(example))
    entry.examples.push(text.length > 1_500 ? `${text.slice(0, 1_500)}...` : text)
  }
  violations.set(kind, entry)
}
process.on("unhandledRejection", (reason) => {
  unhandled++
  violations.set("unhandled rejection", { count: unhandled, examples: [String((reason as Error)?.stack ?? reason).slice(0, 400)] })
})
// During an inbound case an exception out of the client's socket handler ends that case (counted
// there, with the frames that caused it); anywhere else it is counted here.
let onCrash: ((error: unknown) => void) | undefined
process.on("uncaughtException", (error) => {
  if (onCrash !== undefined) onCrash(error)
  else violate("uncaught exception", String(error?.stack ?? error))
})

const tagOf = (error: unknown): string | undefined => (error as { _tag?: unknown } | null)?._tag as string | undefined
const callAction = (client: OptaveClientPromise, action: ActionName, payload: unknown, options: Record<string, unknown>) =>
  (client as unknown as Record<string, (payload: unknown, options: unknown) => Promise<{ superpowers: Record<string, { results: Array<{ response?: Array<{ content?: unknown }> }> }> }>>)[action]!(payload, options)

/** Parses `a.b[0]["c d"]` into keys; undefined when the text is not such a path. */
const parsePath = (path: string): Array<string | number> | undefined => {
  const keys: Array<string | number> = []
  const token = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y
  let index = 0
  while (index < path.length) {
    token.lastIndex = index
    const match = token.exec(path)
    if (match === null || match.index !== index) return undefined
    keys.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string)))
    index = token.lastIndex
  }
  return keys
}

/** True when every key but the last resolves in `root` (the last may name what is missing). */
const pathResolves = (root: unknown, keys: ReadonlyArray<string | number>): boolean => {
  let node = root
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return false
    node = (node as Record<string | number, unknown>)[key]
  }
  return true
}

const jsonFaithful = (value: unknown): boolean => {
  try {
    JSON.stringify(value)
    return true
  } catch {
    return false
  }
}

/**
 * The client's validators are deliberately stricter than `Value.Check` in one way: every object
 * must be plain (a Date or class instance has no own properties, passes Value.Check, and would go
 * out as something else). Arrays are walked; other objects must have Object.prototype or null.
 */
const onlyPlainObjects = (value: unknown, seen = new Set<unknown>()): boolean => {
  if (value === null || typeof value !== "object" || seen.has(value)) return true
  seen.add(value)
  if (Array.isArray(value)) return value.every((item) => onlyPlainObjects(item, seen))
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return false
  return Object.values(value).every((item) => onlyPlainObjects(item, seen))
}

assertSeedPayloadsValid()
log(`seed ${seed}${quick ? " (quick)" : ""}; runs ${JSON.stringify(runs)}`)

// ---------------------------------------------------------------- 1. payloads
const recorder = await startRecordingServer()
const payloadClient = createClient({ urls: { ws: recorder.url }, token: "fuzz-token", timeouts: { requestMs: 15_000, settleMs: 10_000, heartbeatMs: 0 } })
const refusedIds: Array<string> = []

const payloadCase = async (action: ActionName, payload: unknown, origin: string): Promise<void> => {
  cases++
  const correlationId = `fuzz-${cases}`
  let accepted: boolean
  try {
    accepted = Value.Check(payloadSchemas[action], payload) && onlyPlainObjects(payload) && jsonFaithful(payload)
  } catch {
    accepted = false
  }
  try {
    const result = await callAction(payloadClient, action, payload, { correlationId, timeoutMs: 15_000 })
    if (!accepted) violate(`${origin}: the client sent a payload TypeBox Value.Check refuses (or JSON cannot carry)`, { action, payload })
    for (const superpower of actionCatalog[action].superpowers) {
      const content = result.superpowers[superpower]?.results[0]?.response?.[0]?.content
      if (content !== recorder.expectedContent(correlationId, superpower)) violate(`${origin}: an accepted request did not complete with the server's answer`, { action, superpower, content })
    }
  } catch (error) {
    refusedIds.push(correlationId)
    const tag = tagOf(error)
    if (tag !== "ValidationError") {
      violate(`${origin}: refused with ${tag ?? "an untyped error"} instead of a ValidationError`, { action, error: String((error as Error)?.message ?? error), payload })
      return
    }
    const issues = (error as { issues?: ReadonlyArray<{ path?: unknown; message?: unknown }> }).issues ?? []
    if (accepted) violate(`${origin}: refused a payload TypeBox Value.Check accepts`, { action, issues, payload })
    if (issues.length === 0) violate(`${origin}: ValidationError without issues`, { action, payload })
    for (const issue of issues) {
      const keys = typeof issue.path === "string" ? parsePath(issue.path) : undefined
      if (keys === undefined || typeof issue.message !== "string" || issue.message.length === 0) violate(`${origin}: issue without a well-formed path and message`, { action, issue })
      else if (!pathResolves(payload, keys)) violate(`${origin}: issue path does not lead into the payload`, { action, path: issue.path, payload })
    }
  }
}

const actionArbitrary = fc.constantFrom(...ALL_ACTIONS)
const property = async <A>(name: string, arbitrary: fc.Arbitrary<A>, numRuns: number, run: (value: A) => Promise<void> | void) => {
  const before = cases
  const sectionStarted = performance.now()
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      await run(value)
      return true
    }),
    { numRuns, seed: seed + name.length, endOnFailure: true }
  )
  log(`${name}: ${cases - before} cases in ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`)
}

await property("random payloads", fc.tuple(actionArbitrary, fc.oneof(fc.anything({ maxDepth: 3 }), fc.record({ session: fc.anything({ maxDepth: 2 }), request: fc.anything({ maxDepth: 3 }) }))), runs.randomPayloads, ([action, payload]) =>
  payloadCase(action, payload, "random payload")
)
await property(
  "generated payloads",
  actionArbitrary.chain((action) => fc.tuple(fc.constant(action), validValue(payloadSchemas[action] as unknown as Record<string, unknown>))),
  runs.generatedPayloads,
  ([action, payload]) => payloadCase(action, payload, "generated payload")
)
await property(
  "mutated payloads",
  fc.tuple(actionArbitrary, fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 })),
  runs.mutatedPayloads,
  ([action, mutations]) => payloadCase(action, applyMutations(seedPayloadJson(action, `mutated-${cases}`), mutations), "mutated payload")
)

// Anything refused must never have reached the wire; every frame that did must be valid.
await new Promise((resolve) => setTimeout(resolve, 200))
// An invalid frame counts once, whether or not the client then reported the request as failed.
const invalidIds = new Set(recorder.invalidFrames.map((frame) => frame.correlationId))
for (const correlationId of refusedIds) if (recorder.received(correlationId) > 0 && !invalidIds.has(correlationId)) sentInvalid++
sentInvalid += recorder.invalidFrames.length
for (const frame of recorder.invalidFrames.slice(0, 3)) log(`invalid frame on the wire (${frame.reason}): ${frame.frame}`)
if (recorder.invalidFrames.length > 0) violations.set("invalid frames on the wire", { count: recorder.invalidFrames.length, examples: recorder.invalidFrames.slice(0, 3).map((frame) => frame.reason) })
log(`payloads: ${recorder.totalReceived()} frames reached the server, ${refusedIds.length} payloads refused`)
await payloadClient.close()
await recorder.close()

// ---------------------------------------------------------------- 2. inbound frames
const hostileServer = await startRecordingServer()
const makeInboundClient = () =>
  createClient({
    urls: { ws: hostileServer.url },
    token: "fuzz-token",
    strict: true,
    maxFrameBytes: 64 * 1024,
    timeouts: { requestMs: 15_000, settleMs: 3_000, heartbeatMs: 0 },
    reconnect: { maxAttempts: 20, baseDelayMs: 5, maxDelayMs: 50 }
  })
let inboundClient = makeInboundClient()
const goodActions = ["insights", "elevate", "translate", "interaction"] as const
// An exception thrown from the client's socket handler (an uncaught exception) ends the case at
// once; the client is then replaced, so one crash does not stall every later case.

await property("inbound frames", fc.array(frameTemplateArbitrary, { minLength: 1, maxLength: 8 }), runs.inboundCases, async (templates) => {
  cases++
  const victimId = `victim-${cases}`
  hostileServer.planHostile(
    victimId,
    templates.map((template) => renderFrame(template, victimId))
  )
  const client = inboundClient
  const settled = (promise: Promise<unknown>) => promise.then(() => "completed", (error: unknown) => tagOf(error) ?? "untyped")
  const victim = settled(callAction(client, "insights", seedPayloadJson("insights", victimId), { correlationId: victimId }))
  let crashed = false
  let crashError = ""
  const goods = goodActions.map((action, index) => {
    const correlationId = `good-${cases}-${index}`
    return callAction(client, action, seedPayloadJson(action, correlationId), { correlationId }).then(
      (result) => {
        for (const superpower of actionCatalog[action].superpowers) {
          const content = result.superpowers[superpower]?.results[0]?.response?.[0]?.content
          if (content !== hostileServer.expectedContent(correlationId, superpower)) violate("a request the hostile frames did not target was disturbed", { action, superpower, content, templates })
        }
      },
      (error: unknown) => {
        if (!crashed) violate("a request the hostile frames did not target failed", { action, error: String((error as Error)?.message ?? error), templates })
      }
    )
  })
  const caseStarted = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const outcome = await Promise.race([
    Promise.all([victim, ...goods]).then(([victimOutcome]) => victimOutcome),
    new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), 20_000))),
    new Promise<"crash">(
      (resolve) =>
        (onCrash = (error) => {
          crashError = String((error as Error)?.stack ?? error).split("\n").slice(0, 3).join(" | ")
          resolve("crash")
        })
    )
  ])
  clearTimeout(timer)
  onCrash = undefined
  if (args.has("verbose")) log(`inbound case ${cases}: ${outcome} in ${Math.round(performance.now() - caseStarted)} ms: ${templates.map((template) => template.kind).join(",")}`)
  if (outcome === "crash") {
    crashed = true
    const frames = templates.map((template) => {
      const frame = renderFrame(template, victimId)
      return typeof frame === "string" ? (frame.length > 160 ? `${frame.slice(0, 80)}...(${frame.length} chars)...${frame.slice(-40)}` : frame) : template.kind
    })
    violate("hostile frames crashed the client (an exception escaped its socket handler)", { error: crashError, frames })
    await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 1_000))])
    inboundClient = makeInboundClient()
    return
  }
  if (outcome === "hang") violate("a request never ended after hostile frames", { templates })
  else if (outcome === "untyped") violate("the targeted request failed with an untyped error", { templates })
  if ((Object.prototype as Record<string, unknown>)["polluted"] !== undefined) violate("Object.prototype was polluted", { templates })
})
log(`inbound: client ${JSON.stringify(inboundClient.stats())}`)
sentInvalid += hostileServer.invalidFrames.length
await inboundClient.close()
await hostileServer.close()

// ---------------------------------------------------------------- 3. hosts
let connectionAttempts = 0
const spyPlatform = {
  ...runtimePlatform({ webSocket: "ws" }),
  openSocket: () => {
    connectionAttempts++
    throw new Error("no connection expected")
  },
  fetch: () => {
    connectionAttempts++
    return Promise.reject(new Error("no request expected"))
  }
}
const refused = (config: { tenant: string; tld: string }, field: "tenant" | "tld"): boolean => {
  for (const make of [() => createClient({ ...config, token: "t" }), () => createClientWith(spyPlatform, { ...config, token: "t" })]) {
    try {
      const client = make()
      void client.close()
      return false
    } catch (error) {
      if (tagOf(error) !== "ConfigError" || (error as { field?: string }).field !== field) {
        violate(`host: ${field} refused with ${tagOf(error) ?? "an untyped error"} (field ${(error as { field?: string }).field}) instead of a ConfigError on ${field}`, config)
        return true
      }
    }
  }
  return true
}
const hostCase = (value: string, field: "tenant" | "tld", mustRefuse: boolean, mustAccept: boolean) => {
  cases++
  const config = field === "tenant" ? { tenant: value, tld: "tech" } : { tenant: "acme", tld: value }
  const wasRefused = refused(config, field)
  if (mustRefuse && !wasRefused) violate(`host: hostile ${field} accepted`, config)
  if (mustAccept && wasRefused) violate(`host: valid ${field} refused`, config)
}
for (const value of only.has("hosts") ? FIXED_HOSTILE : []) {
  if (!hostileTenant(value) || !hostileTld(value)) throw new Error(`fixed hostile value ${JSON.stringify(value)} is not hostile by the oracle`)
  hostCase(value, "tenant", true, false)
  hostCase(value, "tld", true, false)
}
for (const value of only.has("hosts") ? FIXED_VALID_TENANTS : []) hostCase(value, "tenant", false, true)
for (const value of only.has("hosts") ? FIXED_VALID_TLDS : []) hostCase(value, "tld", false, true)
await property("generated hosts", fc.tuple(generatedHostValue, fc.constantFrom("tenant" as const, "tld" as const)), runs.generatedHosts, ([value, field]) =>
  hostCase(value, field, field === "tenant" ? hostileTenant(value) : hostileTld(value), false)
)
if (connectionAttempts > 0) violate("host: a connection was attempted while checking the configuration", { connectionAttempts })

// ---------------------------------------------------------------- summary
await new Promise((resolve) => setTimeout(resolve, 100))
for (const [kind, { count, examples }] of violations) {
  log(`FAILED ${count}x: ${kind}`)
  for (const example of examples) log(`    e.g. ${example}`)
}
log(`took ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${seed})`)
process.stdout.write(`FUZZ ${JSON.stringify({ cases, crashes, sent_invalid: sentInvalid, unhandled })}\n`)
process.exit(crashes === 0 && sentInvalid === 0 && unhandled === 0 ? 0 : 1)
