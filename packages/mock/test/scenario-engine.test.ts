import { actionCatalog, actionNames, type InsightsPayload } from "@org/optave-core/validate"
import { insightsPageFrame } from "@org/optave-schema"
import fc from "fast-check"
import { describe, expect, expectTypeOf, it } from "vitest"
import { createScenarioEngine, type ActionName, type ScenarioEngine, type SocketPlan } from "../src/index.ts"
import { contentOf, examplePayloads, parseEnveloped, requestEnvelope, requestFrame, restEventsOf, type WireEvent } from "@org/optave-test-fixtures"

const TOKEN = "Bearer test-token"
const eventsOf = (plan: SocketPlan): Array<WireEvent> => plan.frames.map((frame) => parseEnveloped(frame.text).payload)
const byType = (events: ReadonlyArray<WireEvent>): Map<string, Array<string>> => {
  const states = new Map<string, Array<string>>()
  for (const event of events) states.set(event.actionType, [...(states.get(event.actionType) ?? []), event.state])
  return states
}
const rest = (engine: ScenarioEngine, action: string, body: unknown, extra: { idempotencyKey?: string; authorization?: string } = {}) =>
  engine.handleRest({ action, body, authorization: TOKEN, ...extra })

describe("valid requests", () => {
  it.each(actionNames as Array<ActionName>)("%s over the socket: started then completed per expected superpower, correlated", (action) => {
    const engine = createScenarioEngine()
    const sent = requestEnvelope(action, examplePayloads[action])
    const plan = engine.handleSocketFrame(JSON.stringify(sent), "c1")
    const frames = plan.frames.map((frame) => parseEnveloped(frame.text))
    for (const frame of frames) {
      expect(frame.action).toBe("message")
      expect(frame.headers.correlationId).toBe(sent.headers.correlationId)
      expect(frame.headers.traceId).toBe(sent.headers.traceId)
      expect(frame.headers.schemaRef).toBe("optave.response.v3")
      expect(frame.payload.action).toBe("superpower")
    }
    const expected = actionCatalog[action].superpowers
    const states = byType(frames.map((frame) => frame.payload))
    expect([...states.keys()].sort()).toEqual([...expected].sort())
    for (const superpower of expected) expect(states.get(superpower)).toEqual(["started", "completed"])
    for (const frame of frames.filter((frame) => frame.payload.state === "completed")) expect(contentOf(frame.payload)).toBeDefined()
    expect(plan.drop).toBeUndefined()
    expect(plan.frames.every((frame) => frame.delayMs === 5)).toBe(true)
  })

  it.each(actionNames as Array<ActionName>)("%s over REST: 200 with one completed event per expected superpower (one event object for one, an array for several), no started", (action) => {
    const engine = createScenarioEngine()
    const answer = rest(engine, action, examplePayloads[action])
    expect(answer.status).toBe(200)
    expect(answer.headers["content-type"]).toBe("application/json")
    const events = restEventsOf(answer)
    // One expected superpower: one event object, as the Elevate page shows; several: an array.
    expect(Array.isArray(answer.body)).toBe(actionCatalog[action].superpowers.length > 1)
    expect(events.map((event) => event.actionType).sort()).toEqual([...actionCatalog[action].superpowers].sort())
    expect(events.every((event) => event.state === "completed" && contentOf(event) !== undefined)).toBe(true)
  })

  it("keeps started before completed for every superpower while interleaving them, for any seed", () => {
    let interleaved = false
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const engine = createScenarioEngine({ seed })
        const events = eventsOf(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c"))
        for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
          expect(events.filter((event) => event.actionType === superpower).map((event) => event.state)).toEqual(["started", "completed"])
        }
        if (events[0]?.actionType !== events[1]?.actionType) interleaved = true
      })
    )
    expect(interleaved).toBe(true)
  })
})

describe("unknown properties pass through, as the official schemas allow", () => {
  it("an unknown header, envelope field or nested payload field: the request is valid and answered", () => {
    const engine = createScenarioEngine()
    const payload = { ...examplePayloads.insights, request: { ...examplePayloads.insights.request, context: { ...examplePayloads.insights.request.context, regionHint: "eu" } } }
    const text = JSON.stringify({ ...requestEnvelope("insights", payload, { clientBuild: "2026.12" }), routing: { lane: "b" } })
    const events = eventsOf(engine.handleSocketFrame(text, "c"))
    expect(events.filter((event) => event.state === "completed")).toHaveLength(2)
    expect(engine.requests()[0]).toMatchObject({ valid: true, issues: [] })
  })
})

describe("the Insights page's own WebSocket frame", () => {
  it("is accepted and answered: no issuedAt, ids that are no UUID v7, as the official schema requires only correlationId, action and schemaRef", () => {
    const engine = createScenarioEngine()
    const documented = insightsPageFrame
    const events = eventsOf(engine.handleSocketFrame(JSON.stringify(documented), "c"))
    expect(events.filter((event) => event.state === "completed").map((event) => event.actionType).sort()).toEqual(["performance_criteria", "sentiment_analysis"])
    expect(engine.requests()[0]).toMatchObject({ valid: true, issues: [], correlationId: "20e35101-61e8-46e0-926d-6af84b378d95" })
    const { correlationId: _correlationId, ...withoutCorrelation } = documented.headers
    engine.handleSocketFrame(JSON.stringify({ ...documented, headers: withoutCorrelation }), "c")
    expect(engine.requests()[1]).toMatchObject({ valid: false, issues: [{ path: "headers.correlationId", message: "is required" }] })
  })
})

describe("determinism", () => {
  const run = (seed: number | undefined) => {
    const engine = createScenarioEngine(seed === undefined ? {} : { seed })
    return (["insights", "elevate", "interaction", "recommend", "summarize"] as const).map(
      (action) =>
        engine.handleSocketFrame(
          requestFrame(action, examplePayloads[action], { correlationId: `c-${action}`, traceId: `t-${action}`, idempotencyKey: `k-${action}` }),
          "c"
        ).frames
    )
  }

  it("gives the same frames for the same seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        expect(run(seed)).toEqual(run(seed))
      }),
      { numRuns: 20 }
    )
  })

  it("uses seed 1 by default", () => {
    expect(run(undefined)).toEqual(run(1))
  })

  it("gives other content for another seed", () => {
    expect(run(1)).not.toEqual(run(2))
  })

  it("says the same thing for the same payload whatever came before", () => {
    const first = createScenarioEngine()
    const second = createScenarioEngine()
    second.handleSocketFrame(requestFrame("elevate", examplePayloads.elevate), "c")
    const contents = (engine: ScenarioEngine) =>
      eventsOf(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c"))
        .filter((event) => event.state === "completed")
        .map((event) => [event.actionType, contentOf(event)] as const)
        .sort(([left], [right]) => left.localeCompare(right))
    expect(contents(first)).toEqual(contents(second))
  })
})

describe("invalid requests", () => {
  const withoutOrganization = (): unknown => {
    const payload = structuredClone(examplePayloads.insights) as { request: { context: Record<string, unknown> } }
    delete payload.request.context["organizationId"]
    return payload
  }

  it("answers one error event naming the payload path, correlated, over the socket", () => {
    const engine = createScenarioEngine()
    const sent = requestEnvelope("insights", withoutOrganization())
    const plan = engine.handleSocketFrame(JSON.stringify(sent), "c")
    expect(plan.frames).toHaveLength(1)
    const frame = parseEnveloped(plan.frames[0]!.text)
    expect(frame.headers).toMatchObject({ correlationId: sent.headers.correlationId, schemaRef: "optave.error.v3" })
    expect(frame.payload).toMatchObject({
      action: "superpower",
      actionType: "performance_criteria",
      state: "error",
      error_code: "VALIDATION_FAILED"
    })
    expect(frame.payload.message?.results?.[0]?.response?.[0]?.error_code).toBe("VALIDATION_FAILED")
    expect(contentOf(frame.payload)).toMatch(/^Invalid insights payload: .*request\.context\.organizationId/u)
    expect(engine.stats().executions).toBe(0)
  })

  it("names every problem", () => {
    const engine = createScenarioEngine()
    const payload = structuredClone(examplePayloads.elevate) as {
      request: { attributes: Record<string, unknown>; connections: Record<string, unknown> }
    }
    delete payload.request.attributes["content"]
    delete payload.request.connections["threadId"]
    const content = String(contentOf(parseEnveloped(engine.handleSocketFrame(requestFrame("elevate", payload), "c").frames[0]!.text).payload))
    expect(content).toContain("request.attributes.content")
    expect(content).toContain("request.connections.threadId")
  })

  it("answers JSON that does not parse with an uncorrelated validation error", () => {
    const engine = createScenarioEngine()
    const frame = parseEnveloped(engine.handleSocketFrame("{not json", "c").frames[0]!.text)
    expect(frame.headers.correlationId).toBeUndefined()
    expect(frame.payload).toMatchObject({ actionType: "validation", state: "error", error_code: "VALIDATION_FAILED" })
    expect(engine.requests()[0]).toMatchObject({ valid: false, via: "socket" })
  })

  it("answers an unknown action, naming headers.action", () => {
    const engine = createScenarioEngine()
    const frame = parseEnveloped(engine.handleSocketFrame(requestFrame("teleport", examplePayloads.insights), "c").frames[0]!.text)
    expect(frame.payload.actionType).toBe("validation")
    expect(contentOf(frame.payload)).toMatch(/headers\.action: unknown action "teleport"/u)
  })

  it("answers an invalid envelope, naming the header", () => {
    const engine = createScenarioEngine()
    const sent = requestEnvelope("insights", examplePayloads.insights) as { headers: Record<string, unknown> }
    // Required as in the official schema: correlationId, action, schemaRef (idempotencyKey may be left out).
    sent.headers["schemaRef"] = "optave.message"
    const frame = parseEnveloped(engine.handleSocketFrame(JSON.stringify(sent), "c").frames[0]!.text)
    expect(frame.payload).toMatchObject({ actionType: "performance_criteria", state: "error" })
    expect(contentOf(frame.payload)).toMatch(/^Invalid request envelope: .*headers.*schemaRef/u)
  })

  it("answers 400 with the error event over REST, 404 for an unknown action", () => {
    const engine = createScenarioEngine()
    const invalid = rest(engine, "insights", withoutOrganization())
    expect(invalid.status).toBe(400)
    expect(invalid.body).toMatchObject({ state: "error", error_code: "VALIDATION_FAILED" })
    expect(contentOf(invalid.body as WireEvent)).toContain("request.context.organizationId")
    const unparsable = engine.handleRest({ action: "insights", bodyText: "{", authorization: TOKEN })
    expect(unparsable.status).toBe(400)
    expect(contentOf(unparsable.body as WireEvent)).toContain("not valid JSON")
    expect(rest(engine, "teleport", examplePayloads.insights).body).toMatchObject({ error: "not_found" })
  })
})

describe("the deprecated alias as the official client spells it", () => {
  it.each(["customerinteraction", "customerInteraction"])("accepts %s over the socket as the deprecated alias of interaction, recorded as received", (spelling) => {
    const engine = createScenarioEngine()
    const events = eventsOf(engine.handleSocketFrame(requestFrame(spelling, examplePayloads.customerinteraction), "c1"))
    const states = byType(events)
    for (const superpower of actionCatalog.customerinteraction.superpowers) expect(states.get(superpower)).toEqual(["started", "completed"])
    const [recorded] = engine.requests("customerinteraction")
    expect(recorded).toMatchObject({ action: "customerinteraction", receivedAs: spelling, valid: true })
  })

  it.each(["customerinteraction", "customerInteraction"])("accepts %s over REST, recorded as received", (spelling) => {
    const engine = createScenarioEngine()
    const answer = rest(engine, spelling, examplePayloads.customerinteraction)
    expect(answer.status).toBe(200)
    expect(restEventsOf(answer).map((event) => event.actionType).sort()).toEqual([...actionCatalog.customerinteraction.superpowers].sort())
    expect(engine.requests("customerinteraction")[0]).toMatchObject({ via: "rest", receivedAs: spelling, valid: true })
  })

  it("still refuses other spellings", () => {
    const engine = createScenarioEngine()
    expect(rest(engine, "CustomerInteraction", examplePayloads.customerinteraction).status).toBe(404)
    expect(eventsOf(engine.handleSocketFrame(requestFrame("Interaction", examplePayloads.interaction), "c1"))[0]).toMatchObject({ state: "error", error_code: "VALIDATION_FAILED" })
  })
})

describe("seeded content", () => {
  it("does not depend on what a client fills in per call (request.requestId, an empty session)", () => {
    const engine = createScenarioEngine({ seed: 1 })
    const bare = restEventsOf(rest(engine, "insights", { request: examplePayloads.insights.request }))
    const padded = restEventsOf(rest(engine, "insights", { session: {}, request: { ...examplePayloads.insights.request, requestId: "01890a5d-ac96-774b-bcce-b302099a8057" } }))
    expect(padded.map(contentOf)).toEqual(bare.map(contentOf))
    const otherConversation = { request: { ...examplePayloads.insights.request, scope: { conversations: [{ messages: [{ content: "Something else entirely", participantId: "c" }] }] } } }
    expect(restEventsOf(rest(engine, "insights", otherConversation)).map(contentOf)).not.toEqual(bare.map(contentOf))
  })
})

describe("idempotency", () => {
  it("executes a key once over the socket and replays the same events on resend", () => {
    const engine = createScenarioEngine()
    const text = requestFrame("insights", examplePayloads.insights)
    engine.use({ action: "insights", drop: { afterFrames: 1 } })
    const first = engine.handleSocketFrame(text, "c1")
    expect(first.drop).toEqual({ afterFrames: 1 })
    const second = engine.handleSocketFrame(text, "c2")
    expect(second.drop).toBeUndefined()
    expect(second.frames.map((frame) => frame.text)).toEqual(first.frames.map((frame) => frame.text))
    expect(engine.stats()).toEqual({ executions: 1, requests: 2, replays: 1 })
  })

  it("replays even when the random choices would differ", () => {
    const engine = createScenarioEngine({ failRate: 0.5, seed: 7 })
    const text = requestFrame("interaction", examplePayloads.interaction)
    const first = eventsOf(engine.handleSocketFrame(text, "c")).filter((event) => event.state !== "started")
    for (let attempt = 0; attempt < 10; attempt++) {
      const again = eventsOf(engine.handleSocketFrame(text, "c")).filter((event) => event.state !== "started")
      expect(new Set(again.map((event) => JSON.stringify(event)))).toEqual(new Set(first.map((event) => JSON.stringify(event))))
    }
    expect(engine.stats()).toMatchObject({ executions: 1, replays: 10 })
  })

  it("executes a REST Idempotency-Key once, and requests without a key every time", () => {
    const engine = createScenarioEngine()
    const first = rest(engine, "elevate", examplePayloads.elevate, { idempotencyKey: "k1" })
    const second = rest(engine, "elevate", examplePayloads.elevate, { idempotencyKey: "k1" })
    expect(second.body).toEqual(first.body)
    expect(second.headers["idempotency-replayed"]).toBe("true")
    expect(engine.stats()).toMatchObject({ executions: 1, replays: 1 })
    rest(engine, "elevate", examplePayloads.elevate)
    rest(engine, "elevate", examplePayloads.elevate)
    expect(engine.stats()).toMatchObject({ executions: 3, replays: 1, requests: 4 })
  })

  it("shares memory between the socket and REST: a REST retry of a socket request replays it", () => {
    const engine = createScenarioEngine({ failRate: 0.5 })
    const socketEvents = eventsOf(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights, { idempotencyKey: "shared" }), "c"))
    const restEvents = restEventsOf(rest(engine, "insights", examplePayloads.insights, { idempotencyKey: "shared" }))
    expect(restEvents).toEqual(socketEvents.filter((event) => event.state !== "started"))
    expect(engine.stats().executions).toBe(1)
  })
})

describe("scenarios", () => {
  it("answers the given typed results instead of generated ones", () => {
    const engine = createScenarioEngine()
    const criteria = [{ criterion: "empathy", score: 12, rationale: "Cold." }]
    engine.use({ action: "insights", results: { performance_criteria: criteria } })
    const events = eventsOf(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c"))
    expect(contentOf(events.find((event) => event.actionType === "performance_criteria" && event.state === "completed")!)).toEqual(criteria)
    expect(contentOf(events.find((event) => event.actionType === "sentiment_analysis" && event.state === "completed")!)).toMatchObject({
      label: expect.any(String)
    })
  })

  it("ends one superpower in error, or all of them", () => {
    const engine = createScenarioEngine()
    const remove = engine.use({
      action: "insights",
      error: { superpower: "sentiment_analysis", message: "Model overloaded", code: "OVERLOADED" }
    })
    const one = byType(eventsOf(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c")))
    expect(one.get("sentiment_analysis")).toEqual(["started", "error"])
    expect(one.get("performance_criteria")).toEqual(["started", "completed"])
    remove()
    engine.use({ action: "insights", error: { message: "Error while fetching results" } })
    const frames = engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c").frames.map((frame) => parseEnveloped(frame.text))
    const errors = frames.filter((frame) => frame.payload.state === "error")
    expect(errors).toHaveLength(2)
    expect(errors.every((frame) => frame.headers.schemaRef === "optave.error.v3" && frame.payload.error_code === "PROCESSING_FAILED")).toBe(
      true
    )
    expect(contentOf(errors[0]!.payload)).toBe("Error while fetching results")
  })

  it("sets the latency of one action's frames and REST answers", () => {
    const engine = createScenarioEngine({ latencyMs: 5 })
    engine.use({ action: "elevate", latencyMs: 40 })
    expect(engine.handleSocketFrame(requestFrame("elevate", examplePayloads.elevate), "c").frames.map((frame) => frame.delayMs)).toEqual([40, 40])
    expect(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c").frames.every((frame) => frame.delayMs === 5)).toBe(true)
    expect(rest(engine, "elevate", examplePayloads.elevate).delayMs).toBe(40)
  })

  it("answers 429 with Retry-After for the next `times` attempts, then proceeds normally", () => {
    const engine = createScenarioEngine()
    engine.use({ action: "insights", http: { status: 429, retryAfter: 2, retryAfterMs: 1500, times: 2 } })
    const answers = [1, 2, 3].map(() => rest(engine, "insights", examplePayloads.insights, { idempotencyKey: "k" }))
    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 200])
    expect(answers[0]!.headers).toMatchObject({ "retry-after": "2", "retry-after-ms": "1500" })
    expect(answers[0]!.body).toMatchObject({ error: "rate_limited" })
    expect(engine.stats()).toMatchObject({ executions: 1, requests: 3 })
  })

  it("answers 503 with an HTTP-date Retry-After, once by default", () => {
    const engine = createScenarioEngine()
    const date = "Wed, 21 Oct 2026 07:28:00 GMT"
    engine.use({ http: { status: 503, retryAfter: date } })
    const first = rest(engine, "elevate", examplePayloads.elevate)
    expect(first.status).toBe(503)
    expect(first.headers["retry-after"]).toBe(date)
    expect(first.headers["retry-after-ms"]).toBeUndefined()
    expect(rest(engine, "elevate", examplePayloads.elevate).status).toBe(200)
  })

  it("turns an HTTP fault into an error event per superpower over the socket", () => {
    const engine = createScenarioEngine()
    engine.use({ action: "insights", http: { status: 500 } })
    const frames = engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c").frames.map((frame) => parseEnveloped(frame.text))
    expect(frames.map((frame) => [frame.payload.actionType, frame.payload.state]).sort()).toEqual([
      ["performance_criteria", "error"],
      ["sentiment_analysis", "error"]
    ])
    expect(frames[0]!.payload.error_code).toBe("INTERNAL_ERROR")
    expect(engine.stats().executions).toBe(0)
  })

  it("drops the socket after N frames for `times` requests, and REST connections too", () => {
    const engine = createScenarioEngine()
    engine.use({ action: "insights", drop: { afterFrames: 2, times: 2 } })
    const drops = [1, 2, 3].map(() => engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c").drop)
    expect(drops).toEqual([{ afterFrames: 2 }, { afterFrames: 2 }, undefined])
    engine.use({ action: "elevate", drop: { afterFrames: 0 } })
    expect(rest(engine, "elevate", examplePayloads.elevate).drop).toBe(true)
    expect(rest(engine, "elevate", examplePayloads.elevate).drop).toBeUndefined()
  })

  it("sends every frame twice", () => {
    const engine = createScenarioEngine()
    engine.use({ duplicate: true })
    const texts = engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c").frames.map((frame) => frame.text)
    expect(texts).toHaveLength(8)
    for (let index = 0; index < texts.length; index += 2) expect(texts[index + 1]).toBe(texts[index])
  })

  it("reorders frames, seeded: same frames, another order for some seed, same order for the same seed", () => {
    const plan = (seed: number, reorder: boolean) => {
      const engine = createScenarioEngine({ seed })
      if (reorder) engine.use({ reorder: true })
      return engine
        .handleSocketFrame(requestFrame("insights", examplePayloads.insights, { correlationId: "c", traceId: "t", idempotencyKey: "k" }), "c")
        .frames.map((frame) => frame.text)
    }
    let moved = false
    for (let seed = 1; seed <= 20; seed++) {
      const reordered = plan(seed, true)
      expect(reordered).toEqual(plan(seed, true))
      expect([...reordered].sort()).toEqual([...plan(seed, false)].sort())
      const events = reordered.map((text) => parseEnveloped(text).payload)
      if (
        events.some(
          (event, index) =>
            event.state === "completed" &&
            events.slice(index + 1).some((later) => later.actionType === event.actionType && later.state === "started")
        )
      )
        moved = true
    }
    expect(moved).toBe(true)
  })

  it("applies a `once` scenario to one request only", () => {
    const engine = createScenarioEngine()
    engine.use({ once: true, error: { message: "boom" } })
    expect(restEventsOf(rest(engine, "elevate", examplePayloads.elevate))[0]!.state).toBe("error")
    expect(restEventsOf(rest(engine, "elevate", examplePayloads.elevate))[0]!.state).toBe("completed")
  })

  it("matches per request, newest scenario first, and resets", () => {
    const engine = createScenarioEngine()
    engine.use({ action: "elevate", results: { improve_answer: "older" } })
    engine.use({
      action: "elevate",
      match: (request) => request.payload.request.attributes.content.includes("refund"),
      results: { improve_answer: "Refunds take 5 days." }
    })
    const refund = structuredClone(examplePayloads.elevate)
    refund.request.attributes.content = "About your refund"
    const answer = (payload: unknown) => contentOf(restEventsOf(rest(engine, "elevate", payload))[0]!)
    expect(answer(refund)).toBe("Refunds take 5 days.")
    expect(answer(examplePayloads.elevate)).toBe("older")
    engine.resetScenarios()
    expect(answer(examplePayloads.elevate)).not.toBe("older")
  })

  it("matches on the transport", () => {
    const engine = createScenarioEngine()
    engine.use({ match: (request) => request.via === "rest", http: { status: 503, times: Number.POSITIVE_INFINITY } })
    expect(rest(engine, "insights", examplePayloads.insights).status).toBe(503)
    expect(rest(engine, "insights", examplePayloads.insights).status).toBe(503)
    expect(
      eventsOf(engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c")).every((event) => event.state !== "error")
    ).toBe(true)
  })
})

describe("failRate", () => {
  it("answers every superpower with an error at 1 and none at 0", () => {
    const failing = createScenarioEngine({ failRate: 1 })
    expect(restEventsOf(rest(failing, "insights", examplePayloads.insights)).every((event) => event.state === "error")).toBe(true)
    const healthy = createScenarioEngine({ failRate: 0 })
    expect(restEventsOf(rest(healthy, "insights", examplePayloads.insights)).every((event) => event.state === "completed")).toBe(
      true
    )
  })

  it("fails about the given fraction, the same ones for the same seed", () => {
    const outcomes = (seed: number) => {
      const engine = createScenarioEngine({ failRate: 0.3, seed })
      return Array.from({ length: 200 }, () => restEventsOf(rest(engine, "elevate", examplePayloads.elevate))[0]!.state)
    }
    const first = outcomes(3)
    expect(first).toEqual(outcomes(3))
    const failed = first.filter((state) => state === "error").length
    expect(failed).toBeGreaterThan(30)
    expect(failed).toBeLessThan(90)
  })
})

describe("interleave", () => {
  it("jitters frame delays within [0, 2 x latency], seeded", () => {
    const delays = (seed: number) => {
      const engine = createScenarioEngine({ seed, latencyMs: 10, interleave: true })
      return Array.from({ length: 20 }, () =>
        engine.handleSocketFrame(requestFrame("insights", examplePayloads.insights), "c").frames.map((frame) => frame.delayMs)
      ).flat()
    }
    const all = delays(5)
    expect(all.every((delay) => delay >= 0 && delay <= 20)).toBe(true)
    expect(new Set(all).size).toBeGreaterThan(5)
    expect(delays(5)).toEqual(all)
  })
})

describe("response styles", () => {
  it("sends the event with a top-level correlationId in bare-correlated style", () => {
    const engine = createScenarioEngine({ responseStyle: "bare-correlated" })
    const events = engine
      .handleSocketFrame(requestFrame("elevate", examplePayloads.elevate, { correlationId: "abc" }), "c")
      .frames.map((frame) => JSON.parse(frame.text) as WireEvent)
    expect(events.map((event) => [event.action, event.correlationId])).toEqual([
      ["superpower", "abc"],
      ["superpower", "abc"]
    ])
  })

  it("sends exactly the documented event in bare style", () => {
    const engine = createScenarioEngine({ responseStyle: "bare" })
    const events = engine
      .handleSocketFrame(requestFrame("elevate", examplePayloads.elevate), "c")
      .frames.map((frame) => JSON.parse(frame.text) as Record<string, unknown>)
    for (const event of events) expect(Object.keys(event).sort()).toEqual(["action", "actionType", "message", "state"])
    const error = JSON.parse(engine.handleSocketFrame(requestFrame("elevate", {}), "c").frames[0]!.text) as Record<string, unknown>
    expect(error).toMatchObject({ action: "superpower", state: "error" })
    expect(error["correlationId"]).toBeUndefined()
  })
})

describe("recording", () => {
  it("records every request, typed, with its transport and headers", () => {
    const engine = createScenarioEngine({ now: () => Date.UTC(2026, 0, 2, 3, 4, 5) })
    const sent = requestEnvelope("insights", examplePayloads.insights)
    engine.handleSocketFrame(JSON.stringify(sent), "conn-1")
    rest(engine, "insights", examplePayloads.insights, { idempotencyKey: "rest-key" })
    engine.handleSocketFrame(requestFrame("elevate", {}), "conn-1")

    const insights = engine.requests("insights")
    expectTypeOf(insights[0]!.payload).toEqualTypeOf<InsightsPayload>()
    expect(insights).toHaveLength(2)
    expect(insights[0]!.payload.request.context.organizationId).toBe(examplePayloads.insights.request.context.organizationId)
    const [socket, http] = insights
    expect(socket).toMatchObject({
      via: "socket",
      valid: true,
      issues: [],
      connectionId: "conn-1",
      correlationId: sent.headers.correlationId,
      receivedAt: "2026-01-02T03:04:05.000Z"
    })
    if (socket?.via === "socket") expect(socket.headers.idempotencyKey).toBe(sent.headers.idempotencyKey)
    expect(http).toMatchObject({
      via: "rest",
      valid: true,
      idempotencyKey: "rest-key",
      headers: { authorization: TOKEN, "idempotency-key": "rest-key" }
    })
    const elevate = engine.requests("elevate")
    expect(elevate).toHaveLength(1)
    expect(elevate[0]!.valid).toBe(false)
    expect(elevate[0]!.issues.map((issue) => issue.path)).toContain("request")
    expect(engine.requests()).toHaveLength(3)
    expect(engine.stats().requests).toBe(3)
  })

  it("reset clears records, scenarios, idempotency memory and stats", () => {
    const engine = createScenarioEngine()
    const text = requestFrame("insights", examplePayloads.insights)
    engine.use({ error: { message: "boom" } })
    const before = engine.handleSocketFrame(text, "c")
    engine.reset()
    expect(engine.requests()).toEqual([])
    expect(engine.stats()).toEqual({ executions: 0, requests: 0, replays: 0 })
    const after = engine.handleSocketFrame(text, "c")
    expect(engine.stats()).toEqual({ executions: 1, requests: 1, replays: 0 })
    expect(eventsOf(after).some((event) => event.state === "error")).toBe(false)
    expect(after).not.toEqual(before)
  })
})

describe("auth", () => {
  it("accepts any non-empty token by default", () => {
    const engine = createScenarioEngine()
    expect(engine.authorize("x", "socket")).toEqual({ ok: true })
    expect(engine.authorize(undefined, "rest")).toMatchObject({ ok: false, status: 401 })
    expect(engine.authorize("", "socket")).toMatchObject({ ok: false, status: 401 })
  })

  it("accepts a list or a predicate", () => {
    const listed = createScenarioEngine({ tokens: ["good"] })
    expect(listed.authorize("good", "rest").ok).toBe(true)
    expect(listed.authorize("bad", "rest")).toMatchObject({ ok: false, status: 401, reason: "token refused" })
    const predicate = createScenarioEngine({ tokens: (token, via) => via === "rest" && token.startsWith("r-") })
    expect(predicate.authorize("r-1", "rest").ok).toBe(true)
    expect(predicate.authorize("r-1", "socket").ok).toBe(false)
  })

  it("refuses a token reused for a socket when tokens are single-use", () => {
    const engine = createScenarioEngine({ singleUseSocketTokens: true })
    expect(engine.authorize("t1", "socket").ok).toBe(true)
    expect(engine.authorize("t1", "socket")).toMatchObject({ ok: false, status: 401 })
    expect(engine.authorize("t1", "rest").ok).toBe(true)
    expect(engine.authorize("t2", "socket").ok).toBe(true)
  })

  it("answers REST 401 without or with a bad bearer token", () => {
    const engine = createScenarioEngine({ tokens: ["good"] })
    expect(engine.handleRest({ action: "insights", body: examplePayloads.insights }).status).toBe(401)
    expect(engine.handleRest({ action: "insights", body: examplePayloads.insights, authorization: "Bearer bad" }).status).toBe(401)
    expect(engine.handleRest({ action: "insights", body: examplePayloads.insights, authorization: "good" }).status).toBe(401)
    expect(engine.handleRest({ action: "insights", body: examplePayloads.insights, authorization: "Bearer good" }).status).toBe(200)
    expect(engine.stats().requests).toBe(1)
  })

  it("issues tokens for the right client credentials only, accepted until they expire", () => {
    let clock = 1_000_000
    const engine = createScenarioEngine({ tokens: [], now: () => clock, tokenTtlSeconds: 60 })
    expect(engine.issueToken({ clientId: "demo-client", clientSecret: "wrong" })).toMatchObject({
      ok: false,
      status: 401,
      body: { error: "invalid_client" }
    })
    const issued = engine.issueToken({ clientId: "demo-client", clientSecret: "demo-secret" })
    if (!issued.ok) throw new Error("expected a token")
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: 60 })
    expect(issued.body.access_token).toMatch(/^[\w.-]+$/u)
    expect(engine.authorize(issued.body.access_token, "rest").ok).toBe(true)
    expect(engine.authorize("made-up", "rest").ok).toBe(false)
    clock += 61_000
    expect(engine.authorize(issued.body.access_token, "rest")).toMatchObject({ ok: false, reason: "token expired" })
  })

  it("accepts configured client credentials", () => {
    const engine = createScenarioEngine({ clients: [{ clientId: "app", clientSecret: "s3cret" }] })
    expect(engine.issueToken({ clientId: "app", clientSecret: "s3cret" }).ok).toBe(true)
    expect(engine.issueToken({ clientId: "demo-client", clientSecret: "demo-secret" }).ok).toBe(false)
  })
})

describe("types", () => {
  it("types scenario results per action's superpowers", () => {
    const engine = createScenarioEngine()
    // @ts-expect-error improve_answer is not a superpower of insights
    engine.use({ action: "insights", results: { improve_answer: "x" } })
    // @ts-expect-error a sentiment label is positive, neutral or negative
    engine.use({ action: "insights", results: { sentiment_analysis: { label: "happy", score: 1 } } })
    engine.use({ action: "elevate", error: { superpower: "improve_answer", message: "m" } })
    expect(true).toBe(true)
  })
})
