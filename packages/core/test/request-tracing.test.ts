// Every request is a span, on both faces and both transports: the Promise API's `tracer` option
// (an OpenTelemetry-shaped tracer, here a recording stub) and the Effect API's own `Tracer` (here a
// recording `Tracer` over Effect's `NativeSpan`). Success, partial failure and error; attempts,
// reconnects, the superpower events; and the trace context sent with the request. The frames the
// traced client sends still validate under the official envelope schema (AJV over its JSON).
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { insightsExample } from "@org/optave-schema"
import { Ajv } from "ajv"
import addFormatsModule from "ajv-formats"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { layer as clientLayer, request, requestStream } from "../src/optave-client.ts"
import type { OpenTelemetryAttributeValue, OpenTelemetrySpan, OpenTelemetryTracer } from "../src/observability/otel-tracer.ts"
import { Platform } from "../src/platform.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform, type FakeSocket, documentedEvent } from "./support/fake-platform.ts"

const documented = (actionType: string, state: string, content: unknown, errorCode?: string) => documentedEvent(undefined, actionType, state, content, errorCode)
const success = [
  documented("performance_criteria", "started", ""),
  documented("performance_criteria", "completed", { criterion: "empathy", score: 90 }),
  documented("sentiment_analysis", "completed", { sentiment: "positive" })
]
const partial = [documented("performance_criteria", "completed", { criterion: "empathy", score: 90 }), documented("sentiment_analysis", "error", "model down", "MODEL_DOWN")]

type Outcome = "success" | "partial" | "error"

/** A server answering with `events` over the socket and REST; `error`: the socket never answers, REST answers 400. */
const server = (outcome: Outcome) => {
  const events = outcome === "partial" ? partial : success
  return makeFakePlatform({
    onSend: (socket, frame) => {
      if (outcome === "error") return
      queueMicrotask(() => {
        for (const event of events) socket.receive({ ...event, correlationId: frame.headers.correlationId })
      })
    },
    fetch: async () =>
      outcome === "error" ? new Response(JSON.stringify({ message: "bad" }), { status: 400 }) : new Response(JSON.stringify(events), { status: 200 })
  })
}

const config: ClientConfig = { urls: { ws: "ws://127.0.0.1:1", rest: "http://127.0.0.1:1" }, token: "t", timeouts: { settleMs: 2_000 } }

interface RecordedOtelSpan {
  readonly name: string
  readonly kind: number | undefined
  readonly traceId: string
  readonly spanId: string
  readonly attributes: Record<string, OpenTelemetryAttributeValue>
  readonly events: Array<{ name: string; attributes: Record<string, OpenTelemetryAttributeValue> }>
  status: { code: number; message?: string } | undefined
  readonly exceptions: Array<Error>
  ended: number
}

const hex = (length: number) => Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join("")

/** An OpenTelemetry-shaped tracer that records what the client does with its spans. */
const recordingTracer = (traceFlags = 1) => {
  const spans: Array<RecordedOtelSpan> = []
  const tracer: OpenTelemetryTracer = {
    startSpan: (name, options) => {
      const recorded: RecordedOtelSpan = {
        name,
        kind: options?.kind,
        traceId: hex(32),
        spanId: hex(16),
        attributes: { ...options?.attributes },
        events: [],
        status: undefined,
        exceptions: [],
        ended: 0
      }
      spans.push(recorded)
      const span: OpenTelemetrySpan = {
        spanContext: () => ({ traceId: recorded.traceId, spanId: recorded.spanId, traceFlags }),
        setAttribute: (key, value) => void (recorded.attributes[key] = value),
        addEvent: (eventName, attributes) => void recorded.events.push({ name: eventName, attributes: { ...attributes } }),
        setStatus: (status) => void (recorded.status = status),
        recordException: (exception) => void recorded.exceptions.push(exception),
        end: () => void recorded.ended++
      }
      return span
    }
  }
  return { tracer, spans }
}

const superpowerEvents = (span: { readonly events: ReadonlyArray<{ readonly attributes: Record<string, unknown> }> }) =>
  span.events.map((event) => `${String(event.attributes["optave.superpower.name"])}:${String(event.attributes["optave.superpower.state"])}`)

const traceparentOf = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`

/** What the client sent: the envelope's headers (socket) or the HTTP headers (REST). */
const sentTrace = (fake: ReturnType<typeof makeFakePlatform>, transport: "ws" | "rest") =>
  transport === "ws"
    ? fake.sockets.flatMap((socket: FakeSocket) => socket.sent).map((frame) => ({ traceparent: frame["headers"]["traceparent"], traceId: frame["headers"]["traceId"] }))
    : fake.fetches.map((call) => ({ traceparent: new Headers(call.init.headers).get("traceparent") ?? undefined, traceId: undefined }))

describe("Promise API: one OpenTelemetry span per request", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`success (${transport}): attributes, one event per superpower state, no error status, traceparent sent`, async () => {
      const fake = server("success")
      const { tracer, spans } = recordingTracer()
      const client = createClientWith(fake.platform, { ...config, tracer })
      const result = await client.insights(insightsExample, { transport })
      await client.close()
      expect(spans).toHaveLength(1)
      const span = spans[0]!
      expect(span).toMatchObject({ name: "optave.insights", kind: 2, ended: 1, status: undefined, exceptions: [] })
      expect(span.attributes).toMatchObject({
        "optave.action": "insights",
        "optave.transport": transport,
        "optave.correlation_id": result.correlationId,
        "messaging.system": "optave",
        "messaging.operation.name": "insights",
        "messaging.message.conversation_id": result.correlationId,
        "server.address": "127.0.0.1",
        "server.port": 1,
        "optave.request.attempts": 1,
        "optave.superpowers.expected": ["performance_criteria", "sentiment_analysis"],
        "optave.superpowers.completed": ["performance_criteria", "sentiment_analysis"]
      })
      expect(span.attributes).not.toHaveProperty("optave.superpowers.failed")
      expect(span.attributes).not.toHaveProperty("error.type")
      expect(superpowerEvents(span)).toEqual(["performance_criteria:started", "performance_criteria:completed", "sentiment_analysis:completed"])
      const [sent] = sentTrace(fake, transport)
      expect(sent?.traceparent).toBe(traceparentOf(span.traceId, span.spanId))
      if (transport === "ws") expect(span.attributes["optave.trace_id"]).toBe(sent?.traceId)
    })

    it(`partial failure (${transport}): the result resolves, the span says which superpower failed (status ERROR)`, async () => {
      const { tracer, spans } = recordingTracer()
      const client = createClientWith(server("partial").platform, { ...config, tracer })
      const result = await client.insights(insightsExample, { transport })
      await client.close()
      expect(result.errors).toHaveLength(1)
      const span = spans[0]!
      expect(span.attributes).toMatchObject({ "optave.superpowers.completed": ["performance_criteria"], "optave.superpowers.failed": ["sentiment_analysis"] })
      expect(span.attributes).not.toHaveProperty("error.type")
      expect(span.status).toEqual({ code: 2, message: "superpowers ended in error: sentiment_analysis" })
      expect(span.exceptions).toEqual([])
      expect(span.events.at(-1)?.attributes).toEqual({ "optave.superpower.name": "sentiment_analysis", "optave.superpower.state": "error", "optave.superpower.error_code": "MODEL_DOWN" })
      expect(span.ended).toBe(1)
    })

    it(`error (${transport}): the exception recorded, status ERROR, error.type the error's code`, async () => {
      const { tracer, spans } = recordingTracer()
      const client = createClientWith(server("error").platform, { ...config, tracer, timeouts: { settleMs: 50 } })
      const failure = (await client.insights(insightsExample, { transport }).then(
        () => ({ _tag: "resolved", code: "" }),
        (error: unknown) => error
      )) as { readonly _tag: string; readonly code: string }
      await client.close()
      const span = spans[0]!
      expect(span.exceptions).toEqual([failure])
      expect(span.attributes["error.type"]).toBe(failure.code)
      expect(failure.code).toBe(transport === "ws" ? "SETTLE_TIMEOUT" : "HTTP_STATUS")
      expect(span.status?.code).toBe(2)
      expect(span.status?.message).toContain(failure._tag)
      expect(span.ended).toBe(1)
    })
  }

  it("a payload refused before sending is a span too, ended with the ValidationError", async () => {
    const fake = server("success")
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(fake.platform, { ...config, tracer })
    await expect(client.insights({} as never)).rejects.toMatchObject({ _tag: "ValidationError" })
    await client.close()
    expect(spans[0]).toMatchObject({ name: "optave.insights", ended: 1, attributes: { "error.type": "INVALID_PAYLOAD" } })
    expect(fake.sockets).toHaveLength(0)
  })

  it("REST: 503 then 200 is two attempts on one span; the traceparent goes with both", async () => {
    let calls = 0
    const fake = makeFakePlatform({ fetch: async () => (calls++ === 0 ? new Response("{}", { status: 503 }) : new Response(JSON.stringify(success), { status: 200 })) })
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(fake.platform, { ...config, tracer, transport: "rest", retry: { baseDelayMs: 1, maxDelayMs: 2 } })
    await client.insights(insightsExample)
    await client.close()
    expect(spans[0]!.attributes["optave.request.attempts"]).toBe(2)
    expect(new Set(sentTrace(fake, "rest").map((sent) => sent.traceparent))).toEqual(new Set([traceparentOf(spans[0]!.traceId, spans[0]!.spanId)]))
  })

  it("socket: a request resent after a reconnect counts one reconnect", async () => {
    let answered = false
    const fake = makeFakePlatform({
      onSend: (socket, frame) => {
        // The first connection drops before answering; the resend on the second is answered.
        if (!answered && socket === fake.sockets[0]) return queueMicrotask(() => socket.drop())
        answered = true
        queueMicrotask(() => {
          for (const event of success) socket.receive({ ...event, correlationId: frame["headers"]["correlationId"] })
        })
      }
    })
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(fake.platform, { ...config, tracer, reconnect: { baseDelayMs: 1, maxDelayMs: 2 } })
    await client.insights(insightsExample)
    await client.close()
    expect(fake.sockets.length).toBeGreaterThanOrEqual(2)
    expect(spans[0]!.attributes).toMatchObject({ "optave.request.reconnects": 1, "optave.request.attempts": 1 })
  })

  it("socket: a request refused as busy and sent again is two attempts on one span, its held busy errors never recorded", async () => {
    let frames = 0
    const fake = makeFakePlatform({
      onSend: (socket, frame) => {
        const correlationId = frame["headers"]["correlationId"] as string
        const busy = frames++ === 0
        queueMicrotask(() => {
          for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
            socket.receive(
              busy ? documentedEvent(correlationId, superpower, "error", "busy", "RATE_LIMITED") : documentedEvent(correlationId, superpower, "completed", `${superpower} ok`)
            )
          }
        })
      }
    })
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(fake.platform, { ...config, tracer, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } })
    await client.insights(insightsExample)
    await client.close()
    expect(frames).toBe(2)
    expect(spans).toHaveLength(1)
    expect(spans[0]!.attributes["optave.request.attempts"]).toBe(2)
    expect(spans[0]!.attributes["optave.request.reconnects"]).toBeUndefined()
    expect(spans[0]!.events.map((event) => event.attributes["optave.superpower.state"])).toEqual(["completed", "completed"])
  })

  it("the caller's traceId still wins; the traceparent goes beside it; an unsampled span says so (flags 00)", async () => {
    const fake = server("success")
    const { tracer, spans } = recordingTracer(0)
    const client = createClientWith(fake.platform, { ...config, tracer })
    await client.insights(insightsExample, { traceId: "my-trace" })
    await client.close()
    expect(sentTrace(fake, "ws")).toEqual([{ traceId: "my-trace", traceparent: `00-${spans[0]!.traceId}-${spans[0]!.spanId}-00` }])
  })

  it("a no-op tracer's invalid (all-zero) span context is not sent", async () => {
    const fake = server("success")
    const noop: OpenTelemetrySpan = {
      spanContext: () => ({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 0 }),
      setAttribute: () => noop,
      addEvent: () => noop,
      setStatus: () => noop,
      recordException: () => {},
      end: () => {}
    }
    const client = createClientWith(fake.platform, { ...config, tracer: { startSpan: () => noop } })
    await client.insights(insightsExample)
    await client.close()
    expect(sentTrace(fake, "ws")[0]?.traceparent).toBeUndefined()
  })

  it("without a tracer nothing is added to the frame or the HTTP request", async () => {
    const fake = server("success")
    const client = createClientWith(fake.platform, config)
    await client.insights(insightsExample)
    await client.insights(insightsExample, { transport: "rest" })
    await client.close()
    expect(sentTrace(fake, "ws")[0]).toMatchObject({ traceparent: undefined })
    expect(sentTrace(fake, "rest")[0]).toMatchObject({ traceparent: undefined })
  })

  it("the stream API is traced too", async () => {
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(server("success").platform, { ...config, tracer })
    for await (const _event of client.stream.insights(insightsExample)) void _event
    await client.close()
    expect(spans).toHaveLength(1)
    expect(superpowerEvents(spans[0]!)).toHaveLength(3)
    expect(spans[0]!.ended).toBe(1)
  })

  it("a tracer that is not one is refused when the client is made", () => {
    expect(() => createClientWith(server("success").platform, { ...config, tracer: {} as never })).toThrow(expect.objectContaining({ _tag: "ConfigError", field: "tracer" }))
  })

  it("a traced frame still validates under the official envelope schema (traceparent in the open headers, traceId a UUID v7)", async () => {
    const ajv = new Ajv({ allErrors: true, strict: false })
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv
    addFormats(ajv)
    // RFC 9562 §5.7 layout, as in official-envelope.test.ts.
    ajv.addFormat("uuidv7", /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i)
    const schema = JSON.parse(readFileSync(new URL("../../schema/test/fixtures/official-3.2.3/message-envelope.schema.json", import.meta.url), "utf8")) as object
    const validate = ajv.compile(schema)
    const fake = server("success")
    const client = createClientWith(fake.platform, { ...config, tracer: recordingTracer().tracer })
    await client.insights(insightsExample)
    await client.close()
    const frame = fake.sockets[0]!.sent[0]!
    expect(frame["headers"]["traceparent"]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    expect(validate(frame), JSON.stringify(validate.errors)).toBe(true)
    // ...and a W3C trace id in traceId would not: its version and variant bits are not UUID v7's.
    const w3cTraceId = "4bf92f3577b34da6a3ce929d0e0e4736"
    const asUuid = `${w3cTraceId.slice(0, 8)}-${w3cTraceId.slice(8, 12)}-${w3cTraceId.slice(12, 16)}-${w3cTraceId.slice(16, 20)}-${w3cTraceId.slice(20)}`
    expect(validate({ ...frame, headers: { ...frame["headers"], traceId: asUuid } })).toBe(false)
  })
})

/** An Effect `Tracer` that keeps every span it makes (Effect's own `NativeSpan`, which records attributes and events). */
const recordingEffectTracer = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, layer: Layer.succeed(Tracer.Tracer)(tracer) }
}

const runEffect = <A, E>(outcome: Outcome, program: Effect.Effect<A, E, import("../src/optave-client.ts").OptaveClient>, configOverride: Partial<ClientConfig> = {}) => {
  const recorded = recordingEffectTracer()
  const run = program.pipe(
    Effect.provide(clientLayer({ ...config, ...configOverride }).pipe(Layer.provide(Layer.succeed(Platform)(server(outcome).platform)))),
    Effect.provide(recorded.layer)
  )
  return Effect.runPromiseExit(run).then((exit) => ({ exit, spans: recorded.spans.filter((span) => span.name.startsWith("optave.")) }))
}

const nativeEvents = (span: Tracer.NativeSpan) => span.events.map(([name, , attributes]) => ({ name, attributes: attributes ?? {} }))

describe("Effect API: every request in an Effect span, seen by the Effect Tracer", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`success (${transport})`, async () => {
      const { exit, spans } = await runEffect("success", request("insights", insightsExample, { transport }))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(spans).toHaveLength(1)
      const span = spans[0]!
      expect(span.kind).toBe("client")
      expect(span.status._tag === "Ended" && Exit.isSuccess(span.status.exit)).toBe(true)
      expect(Object.fromEntries(span.attributes)).toMatchObject({
        "optave.action": "insights",
        "optave.transport": transport,
        "optave.request.attempts": 1,
        "optave.superpowers.completed": ["performance_criteria", "sentiment_analysis"]
      })
      expect(superpowerEvents({ events: nativeEvents(span) })).toEqual(["performance_criteria:started", "performance_criteria:completed", "sentiment_analysis:completed"])
    })

    it(`partial failure (${transport}): succeeds, the failed superpower in the span`, async () => {
      const { exit, spans } = await runEffect("partial", request("insights", insightsExample, { transport }))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(spans[0]!.attributes.get("optave.superpowers.failed")).toEqual(["sentiment_analysis"])
    })

    it(`error (${transport}): the span ends with the failure`, async () => {
      const { exit, spans } = await runEffect("error", request("insights", insightsExample, { transport }), { timeouts: { settleMs: 50 } })
      expect(Exit.isFailure(exit)).toBe(true)
      const span = spans[0]!
      expect(span.status._tag === "Ended" && Exit.isFailure(span.status.exit)).toBe(true)
      expect(span.attributes.get("error.type")).toBe(transport === "ws" ? "SETTLE_TIMEOUT" : "HTTP_STATUS")
    })

    it(`the Stream is one span too (${transport})`, async () => {
      const { exit, spans } = await runEffect("success", Stream.runCollect(requestStream("insights", insightsExample, { transport })))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(spans).toHaveLength(1)
      expect(spans[0]!.attributes.get("optave.superpowers.completed")).toEqual(["performance_criteria", "sentiment_analysis"])
      expect(spans[0]!.status._tag).toBe("Ended")
    })
  }

  it("inside a caller's span: a child of it, and its traceparent is sent; alone: nothing sent", async () => {
    const fake = server("success")
    const recorded = recordingEffectTracer()
    const program = Effect.gen(function* () {
      yield* request("insights", insightsExample).pipe(Effect.withSpan("caller"))
      yield* request("insights", insightsExample)
    })
    await Effect.runPromise(
      program.pipe(Effect.provide(clientLayer(config).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform)))), Effect.provide(recorded.layer))
    )
    const caller = recorded.spans.find((span) => span.name === "caller")!
    const [inside, alone] = recorded.spans.filter((span) => span.name === "optave.insights")
    expect(inside!.parent._tag === "Some" && inside!.parent.value.spanId).toBe(caller.spanId)
    expect(inside!.traceId).toBe(caller.traceId)
    const [first, second] = sentTrace(fake, "ws")
    expect(first?.traceparent).toBe(traceparentOf(inside!.traceId, inside!.spanId))
    expect(alone!.parent._tag).toBe("None")
    expect(second?.traceparent).toBeUndefined()
  })
})

describe("a tracer that throws never breaks a request", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`every span method throws, startSpan too (${transport})`, async () => {
      const boom = () => {
        throw new Error("tracer down")
      }
      const throwing: OpenTelemetrySpan = { spanContext: boom, setAttribute: boom, addEvent: boom, setStatus: boom, recordException: boom, end: boom }
      let calls = 0
      const client = createClientWith(server("partial").platform, { ...config, tracer: { startSpan: () => (calls++ % 2 === 0 ? throwing : boom()) } })
      for (let index = 0; index < 2; index++) expect((await client.insights(insightsExample, { transport })).errors).toHaveLength(1)
      await client.close()
      expect(calls).toBe(2)
    })
  }
})

describe("a span never carries a secret", () => {
  it("no token, in any attribute, event or recorded error, whatever the outcome and transport (token in the URL too)", async () => {
    const secret = "tok-3f9a1c-secret"
    const { tracer, spans } = recordingTracer()
    for (const outcome of ["success", "partial", "error"] as const) {
      for (const socketTokenTransport of ["subprotocol", "query"] as const) {
        const client = createClientWith(server(outcome).platform, { ...config, token: secret, socketTokenTransport, tracer, timeouts: { settleMs: 50 } })
        for (const transport of ["ws", "rest"] as const) await client.insights(insightsExample, { transport }).catch(() => undefined)
        await client.close()
      }
    }
    expect(spans).toHaveLength(12)
    const recorded = JSON.stringify(spans.map((span) => ({ ...span, exceptions: span.exceptions.map((error) => ({ ...error, text: `${error.message} ${error.stack ?? ""}` })) })))
    expect(recorded).toContain("optave.insights")
    expect(recorded).not.toContain(secret)
  })
})

describe("a cancelled request's span ends too", () => {
  it("an AbortSignal, and a break out of a stream: each span ended once, CANCELLED", async () => {
    const fake = server("error")
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(fake.platform, { ...config, tracer })
    const controller = new AbortController()
    const pending = client.insights(insightsExample, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 10))
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: "CANCELLED" })
    // This server sends one progress event and then nothing: the caller breaks out after it.
    const progressOnly = makeFakePlatform({
      onSend: (socket, frame) => queueMicrotask(() => socket.receive({ ...success[0], correlationId: frame["headers"]["correlationId"] }))
    })
    const streaming = createClientWith(progressOnly.platform, { ...config, tracer })
    for await (const _event of streaming.stream.insights(insightsExample)) break
    await client.close()
    await streaming.close()
    expect(spans).toHaveLength(2)
    for (const span of spans) expect(span).toMatchObject({ ended: 1, attributes: { "error.type": "CANCELLED" }, status: { code: 2 } })
  })

  it("a span that ended is not ended again by a later cancel", async () => {
    const { tracer, spans } = recordingTracer()
    const client = createClientWith(server("success").platform, { ...config, tracer })
    const controller = new AbortController()
    await client.insights(insightsExample, { signal: controller.signal })
    controller.abort()
    await client.close()
    expect(spans[0]).toMatchObject({ ended: 1, status: undefined })
  })
})
