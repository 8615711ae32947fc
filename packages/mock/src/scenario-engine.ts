// Execution: the engine that plays scenarios. Intake (request-intake.ts) reads what a front door
// received, the contract (front-door.ts) says what goes in and out; here requests become plans:
// which scenario applies, the events of each superpower, faults, drops and idempotent replay.
import { actionCatalog, actionReceivedAs, isTerminalState, validatePayload, validateRequestEnvelope } from "@org/optave-core/validate"
import type { EnvelopeHeaders, SuperpowerEvent } from "@org/optave-core/validate"
import type { AnyActionPayload } from "./conversation-reading.ts"
import type { PlannedFrame, RestAnswer, RestRequest, ScenarioEngine, ScenarioEngineOptions, SocketPlan } from "./front-door.ts"
import { bearerToken, describeIssues, isRecord, nonEmptyString, parseJson, uniqueIssues } from "./request-intake.ts"
import type { ActionName, RecordedRequest, RecordedRestRequest, RecordedSocketRequest, RecordedTokenRequest, RequestIssue } from "./request-record.ts"
import { styleEvent, type Correlation } from "./response-style.ts"
import type { Scenario, ScenarioHttpFault } from "./scenario.ts"
import { hashSeed, seededRandom, type SeededRandom } from "./seeded-random.ts"
import { contentSeedText } from "./content-seed.ts"
import { superpowerContent } from "./superpower-content.ts"
import { completedEvent, errorEvent, startedEvent } from "./superpower-events.ts"
import { createTokenAuthority } from "./token-authority.ts"

interface ScenarioSlot {
  readonly scenario: Scenario
  httpRemaining: number
  dropRemaining: number
}

interface Work {
  readonly events: ReadonlyArray<SuperpowerEvent>
  readonly slot?: ScenarioSlot
  readonly http?: ScenarioHttpFault
  readonly drop?: { readonly afterFrames: number }
  readonly replayed: boolean
}

const HTTP_FAULTS: Readonly<Record<ScenarioHttpFault["status"], { readonly error: string; readonly code: string; readonly text: string }>> =
  {
    429: { error: "rate_limited", code: "RATE_LIMITED", text: "Too many requests" },
    500: { error: "internal_error", code: "INTERNAL_ERROR", text: "Internal server error" },
    503: { error: "service_unavailable", code: "SERVICE_UNAVAILABLE", text: "Service unavailable" }
  }

const superpowersOf = (action: ActionName): ReadonlyArray<string> => actionCatalog[action].superpowers
const JSON_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" }

/**
 * Creates the scenario engine: a deterministic stand-in for the Optave service that front doors
 * (the local mock server, the MSW handlers) drive. Free of HTTP, sockets and timers: it only
 * turns requests into plans.
 */
export const createScenarioEngine = (options: ScenarioEngineOptions = {}): ScenarioEngine => {
  const seed = options.seed ?? 1
  const now = options.now ?? Date.now
  const style = options.responseStyle ?? "enveloped"
  const failRate = Math.min(1, Math.max(0, options.failRate ?? 0))
  const tokens = createTokenAuthority({
    ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
    ...(options.singleUseSocketTokens === undefined ? {} : { singleUseSocketTokens: options.singleUseSocketTokens }),
    ...(options.clients === undefined ? {} : { clients: options.clients }),
    ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
    now,
    random: seededRandom(hashSeed(`${seed}\u0000tokens`))
  })

  // Chaos (failures, interleaving, jitter, reorder) follows the order requests arrive in;
  // content depends only on the seed and the payload, so a retry says the same thing.
  let chaos: SeededRandom = seededRandom(seed)
  let records: Array<RecordedRequest> = []
  let tokenRecords: Array<RecordedTokenRequest> = []
  let slots: Array<ScenarioSlot> = []
  let memory = new Map<string, ReadonlyArray<SuperpowerEvent>>()
  let counters = { executions: 0, requests: 0, replays: 0 }

  const record = (request: RecordedRequest): void => {
    records.push(request)
    counters.requests++
  }

  const latencyOf = (slot: ScenarioSlot | undefined): number => Math.max(0, slot?.scenario.latencyMs ?? options.latencyMs ?? 5)
  const delayOf = (latency: number): number => (options.interleave === true ? chaos.integer(0, latency * 2) : latency)

  const findSlot = (request: RecordedRequest): ScenarioSlot | undefined => {
    for (let index = slots.length - 1; index >= 0; index--) {
      const slot = slots[index] as ScenarioSlot
      const { scenario } = slot
      if (scenario.action !== undefined && scenario.action !== request.action) continue
      if (scenario.match !== undefined && !(scenario.match as (request: RecordedRequest) => boolean)(request)) continue
      return slot
    }
    return undefined
  }

  const execute = (action: ActionName, payload: AnyActionPayload, scenario: Scenario | undefined): Array<SuperpowerEvent> => {
    const payloadText = contentSeedText(payload)
    const timelines = superpowersOf(action).map((superpower): Array<SuperpowerEvent> => {
      const failure = scenario?.error
      if (failure !== undefined && (failure.superpower === undefined || failure.superpower === superpower)) {
        return [startedEvent(superpower), errorEvent(superpower, failure.message, failure.code ?? "PROCESSING_FAILED")]
      }
      if (failRate > 0 && chaos.next() < failRate) {
        return [startedEvent(superpower), errorEvent(superpower, "Error while fetching results", "PROCESSING_FAILED")]
      }
      const given = (scenario?.results as Readonly<Record<string, unknown>> | undefined)?.[superpower]
      const content =
        given !== undefined
          ? given
          : superpowerContent(superpower, payload, seededRandom(hashSeed(`${seed}\u0000${action}\u0000${superpower}\u0000${payloadText}`)))
      return [startedEvent(superpower), completedEvent(superpower, content)]
    })
    // Seeded interleaving: each step takes the next event of a random superpower, so every
    // superpower keeps started -> completed while their events mix.
    const events: Array<SuperpowerEvent> = []
    let pending = timelines.filter((timeline) => timeline.length > 0)
    while (pending.length > 0) {
      const timeline = chaos.pick(pending)
      events.push(timeline.shift() as SuperpowerEvent)
      pending = pending.filter((candidate) => candidate.length > 0)
    }
    return events
  }

  /** Scenario, idempotency and execution for a valid request, shared by both front doors. */
  const work = (request: RecordedRequest, action: ActionName, payload: AnyActionPayload, idempotencyKey: string | undefined): Work => {
    const slot = findSlot(request)
    const finish = (): void => {
      if (slot?.scenario.once === true) slots = slots.filter((candidate) => candidate !== slot)
    }
    if (slot?.scenario.http !== undefined && slot.httpRemaining > 0) {
      slot.httpRemaining--
      finish()
      return { events: [], slot, http: slot.scenario.http, replayed: false }
    }
    const drop =
      slot?.scenario.drop !== undefined && slot.dropRemaining > 0
        ? { afterFrames: Math.max(0, Math.floor(slot.scenario.drop.afterFrames)) }
        : undefined
    if (drop !== undefined && slot !== undefined) slot.dropRemaining--
    const memoryKey = idempotencyKey === undefined ? undefined : `${action}\u0000${idempotencyKey}`
    const remembered = memoryKey === undefined ? undefined : memory.get(memoryKey)
    let events: ReadonlyArray<SuperpowerEvent>
    if (remembered !== undefined) {
      counters.replays++
      events = remembered
    } else {
      counters.executions++
      events = execute(action, payload, slot?.scenario)
      if (memoryKey !== undefined) memory.set(memoryKey, events)
    }
    finish()
    return { events, replayed: remembered !== undefined, ...(slot === undefined ? {} : { slot }), ...(drop === undefined ? {} : { drop }) }
  }

  const retryAfterHeaders = (fault: ScenarioHttpFault): Record<string, string> => ({
    ...(fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) }),
    ...(fault.retryAfterMs === undefined ? {} : { "retry-after-ms": String(fault.retryAfterMs) })
  })
  const faultMessage = (fault: ScenarioHttpFault): string => {
    const { text } = HTTP_FAULTS[fault.status]
    if (fault.retryAfterMs !== undefined) return `${text}: retry after ${fault.retryAfterMs} ms`
    if (typeof fault.retryAfter === "number") return `${text}: retry after ${fault.retryAfter} seconds`
    if (typeof fault.retryAfter === "string") return `${text}: retry after ${fault.retryAfter}`
    return text
  }

  const plan = (events: ReadonlyArray<SuperpowerEvent>, correlation: Correlation, work: Work | undefined): SocketPlan => {
    const latency = latencyOf(work?.slot)
    let frames: Array<PlannedFrame> = events.map((event) => ({
      delayMs: delayOf(latency),
      text: JSON.stringify(styleEvent(event, style, correlation))
    }))
    const scenario = work?.slot?.scenario
    if (scenario?.duplicate === true) frames = frames.flatMap((frame) => [frame, { delayMs: 0, text: frame.text }])
    if (scenario?.reorder === true) {
      const texts = chaos.shuffle(frames.map((frame) => frame.text))
      frames = frames.map((frame, index) => ({ delayMs: frame.delayMs, text: texts[index] as string }))
    }
    return work?.drop === undefined ? { frames } : { frames, drop: work.drop }
  }

  const handleSocketFrame = (text: string, connectionId: string): SocketPlan => {
    const receivedAt = new Date(now()).toISOString()
    const parsed = parseJson(text)
    if (!parsed.ok) {
      const issues = [{ path: "", message: `is not valid JSON (${parsed.message})` }]
      record({
        action: "",
        receivedAs: "",
        via: "socket",
        headers: {} as EnvelopeHeaders,
        payload: undefined,
        valid: false,
        issues,
        receivedAt,
        connectionId
      })
      return plan([errorEvent("validation", `Invalid JSON frame: ${parsed.message}`, "VALIDATION_FAILED")], {}, undefined)
    }
    const envelope = parsed.value
    const headers = isRecord(envelope) && isRecord(envelope["headers"]) ? envelope["headers"] : {}
    const payload = isRecord(envelope) ? envelope["payload"] : undefined
    const correlationId = nonEmptyString(headers["correlationId"])
    const traceId = nonEmptyString(headers["traceId"])
    const idempotencyKey = nonEmptyString(headers["idempotencyKey"])
    const receivedAs = typeof headers["action"] === "string" ? headers["action"] : ""
    const catalogAction = actionReceivedAs(receivedAs)
    const known = catalogAction !== undefined
    const action = catalogAction ?? receivedAs
    const envelopeIssues = validateRequestEnvelope(envelope).filter((issue) => !issue.path.startsWith("payload."))
    const unknownAction = !known && receivedAs !== "" ? [{ path: "headers.action", message: `unknown action "${receivedAs}"` }] : []
    const payloadIssues = known ? validatePayload(catalogAction, payload) : []
    const issues = uniqueIssues([...envelopeIssues, ...unknownAction, ...payloadIssues])
    const correlation: Correlation = {
      ...(correlationId === undefined ? {} : { correlationId }),
      ...(traceId === undefined ? {} : { traceId })
    }
    const request: RecordedSocketRequest = {
      action,
      receivedAs,
      via: "socket",
      headers: headers as unknown as EnvelopeHeaders,
      payload,
      valid: issues.length === 0,
      issues,
      receivedAt,
      connectionId,
      ...(correlationId === undefined ? {} : { correlationId }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey })
    }
    record(request)
    if (!known || issues.length > 0) {
      const parts: Array<string> = []
      const envelopeOnly = uniqueIssues([...envelopeIssues, ...unknownAction])
      if (envelopeOnly.length > 0) parts.push(`Invalid request envelope: ${describeIssues(envelopeOnly, "envelope")}`)
      if (payloadIssues.length > 0) parts.push(`Invalid ${action} payload: ${describeIssues(payloadIssues, "payload")}`)
      const actionType = known ? superpowersOf(catalogAction)[0] ?? "validation" : "validation"
      return plan([errorEvent(actionType, parts.join(". "), "VALIDATION_FAILED")], correlation, undefined)
    }
    const done = work(request, catalogAction, payload as AnyActionPayload, idempotencyKey)
    if (done.http !== undefined) {
      const fault = done.http
      const events = superpowersOf(catalogAction).map((superpower) => errorEvent(superpower, faultMessage(fault), HTTP_FAULTS[fault.status].code))
      return plan(events, correlation, done)
    }
    return plan(done.events, correlation, done)
  }

  const handleRest = (input: RestRequest): RestAnswer => {
    const authorization = tokens.authorize(bearerToken(input.authorization), "rest")
    if (!authorization.ok) {
      return {
        status: 401,
        headers: { ...JSON_HEADERS, "www-authenticate": 'Bearer realm="optave-mock"' },
        body: { error: "unauthorized", message: authorization.reason },
        delayMs: 0
      }
    }
    const receivedAt = new Date(now()).toISOString()
    const httpHeaders: Record<string, string> = {}
    for (const [name, value] of Object.entries(input.headers ?? {})) httpHeaders[name.toLowerCase()] = value
    if (input.authorization !== undefined && httpHeaders["authorization"] === undefined) httpHeaders["authorization"] = input.authorization
    if (input.idempotencyKey !== undefined && httpHeaders["idempotency-key"] === undefined)
      httpHeaders["idempotency-key"] = input.idempotencyKey
    const idempotencyKey = nonEmptyString(input.idempotencyKey ?? httpHeaders["idempotency-key"])
    let body = input.body
    let issues: Array<RequestIssue> = []
    if (body === undefined && input.bodyText !== undefined) {
      const parsed = parseJson(input.bodyText)
      if (parsed.ok) body = parsed.value
      else issues = [{ path: "", message: `is not valid JSON (${parsed.message})` }]
    }
    const receivedAs = input.action
    const catalogAction = actionReceivedAs(receivedAs)
    const known = catalogAction !== undefined
    const action = catalogAction ?? receivedAs
    if (known && issues.length === 0) issues = [...validatePayload(catalogAction, body)]
    const request: RecordedRestRequest = {
      action,
      receivedAs,
      via: "rest",
      headers: httpHeaders,
      payload: body,
      valid: known && issues.length === 0,
      issues: known ? issues : [{ path: "", message: `unknown action "${action}"` }],
      receivedAt,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey })
    }
    record(request)
    if (!known) {
      return {
        status: 404,
        headers: JSON_HEADERS,
        body: { error: "not_found", message: `Unknown action "${action}". Known actions: ${Object.keys(actionCatalog).join(", ")}.` },
        delayMs: 0
      }
    }
    const latency = (slot: ScenarioSlot | undefined): number => delayOf(latencyOf(slot))
    if (issues.length > 0) {
      const actionType = superpowersOf(catalogAction)[0] ?? "validation"
      return {
        status: 400,
        headers: JSON_HEADERS,
        body: errorEvent(actionType, `Invalid ${action} payload: ${describeIssues(issues, "payload")}`, "VALIDATION_FAILED"),
        delayMs: latency(undefined)
      }
    }
    const done = work(request, catalogAction, body as AnyActionPayload, idempotencyKey)
    if (done.http !== undefined) {
      const fault = done.http
      return {
        status: fault.status,
        headers: { ...JSON_HEADERS, ...retryAfterHeaders(fault) },
        body: { error: HTTP_FAULTS[fault.status].error, message: faultMessage(fault) },
        delayMs: latency(done.slot)
      }
    }
    const terminal = done.events.filter((event) => isTerminalState(event.state))
    return {
      status: 200,
      headers: { ...JSON_HEADERS, ...(done.replayed ? { "idempotency-replayed": "true" } : {}) },
      // One expected superpower: one event object, as the Elevate page shows; several (insights,
      // whose REST shape is undocumented): the array of their events.
      body: (superpowersOf(catalogAction).length === 1 && terminal.length === 1 ? terminal[0] : undefined) ?? terminal,
      delayMs: latency(done.slot),
      ...(done.drop === undefined ? {} : { drop: true as const })
    }
  }

  const use = <Action extends ActionName = ActionName>(scenario: Scenario<Action>): (() => void) => {
    const slot: ScenarioSlot = {
      scenario: scenario as unknown as Scenario,
      httpRemaining: scenario.http === undefined ? 0 : scenario.http.times ?? 1,
      dropRemaining: scenario.drop === undefined ? 0 : scenario.drop.times ?? 1
    }
    slots.push(slot)
    return () => {
      slots = slots.filter((candidate) => candidate !== slot)
    }
  }

  function requests(): ReadonlyArray<RecordedRequest>
  function requests<Action extends ActionName>(action: Action): ReadonlyArray<RecordedRequest<Action>>
  function requests(action?: string): ReadonlyArray<RecordedRequest> {
    return action === undefined ? [...records] : records.filter((request) => request.action === action)
  }

  return {
    authorize: tokens.authorize,
    issueToken: tokens.issueToken,
    handleSocketFrame,
    handleRest,
    use,
    resetScenarios: () => {
      slots = []
    },
    requests,
    stats: () => ({ ...counters }),
    tokenRequests: () => [...tokenRecords],
    recordTokenRequest: (request) => {
      tokenRecords.push({ ...request, receivedAt: new Date(now()).toISOString() })
    },
    reset: () => {
      records = []
      tokenRecords = []
      slots = []
      memory = new Map()
      counters = { executions: 0, requests: 0, replays: 0 }
      chaos = seededRandom(seed)
    }
  }
}
