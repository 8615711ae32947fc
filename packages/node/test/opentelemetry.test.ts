// The `tracer` option with the real OpenTelemetry SDK (an in-memory exporter, an AsyncLocalStorage
// context manager) against the real mock server over loopback: what an application's trace
// backend receives, and what reaches the server, over the socket and over REST. Also the type
// check that a real `@opentelemetry/api` Tracer fits the option without a cast.
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api"
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks"
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { insightsExample } from "@org/optave-schema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { ClientConfig, OpenTelemetryTracer } from "../src/index.ts"
import { connect, serve } from "./support/loopback.ts"

// The type test: a real OpenTelemetry Tracer is assignable to the option as it is.
const fits = (tracer: Tracer): OpenTelemetryTracer => tracer
const fitsConfig = (tracer: Tracer): ClientConfig["tracer"] => tracer
void fits
void fitsConfig

const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const contextManager = new AsyncLocalStorageContextManager()
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable())
  trace.setGlobalTracerProvider(provider)
})
afterAll(async () => {
  await provider.shutdown()
  contextManager.disable()
  context.disable()
  trace.disable()
})

const tracer = () => trace.getTracer("optave-test")
const optaveSpans = (): ReadonlyArray<ReadableSpan> => exporter.getFinishedSpans().filter((span) => span.name.startsWith("optave."))
const superpowerStates = (span: ReadableSpan) =>
  span.events.filter((event) => event.name === "optave.superpower").map((event) => `${event.attributes?.["optave.superpower.name"]}:${event.attributes?.["optave.superpower.state"]}`)

describe("the real OpenTelemetry SDK records one span per request", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`success (${transport}): a CLIENT child of the caller's active span; its traceparent reaches the server`, async () => {
      exporter.reset()
      const server = await serve()
      const client = connect(server, { tracer: tracer() })
      const result = await tracer().startActiveSpan("handle-chat", async (caller) => {
        try {
          return await client.insights(insightsExample, { transport })
        } finally {
          caller.end()
        }
      })
      const caller = exporter.getFinishedSpans().find((span) => span.name === "handle-chat")!
      const [span] = optaveSpans()
      expect(span).toBeDefined()
      expect(span!.kind).toBe(SpanKind.CLIENT)
      expect(span!.spanContext().traceId).toBe(caller.spanContext().traceId)
      expect(span!.parentSpanContext?.spanId).toBe(caller.spanContext().spanId)
      expect(span!.status.code).toBe(SpanStatusCode.UNSET)
      expect(span!.attributes).toMatchObject({
        "optave.action": "insights",
        "optave.transport": transport,
        "optave.correlation_id": result.correlationId,
        "optave.request.attempts": 1,
        "server.address": "127.0.0.1",
        "optave.superpowers.completed": expect.arrayContaining(["performance_criteria", "sentiment_analysis"])
      })
      expect(superpowerStates(span!)).toEqual(expect.arrayContaining(["performance_criteria:completed", "sentiment_analysis:completed"]))
      const [received] = server.engine.requests()
      expect(received?.valid).toBe(true)
      expect(received?.headers["traceparent"]).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`)
    })

    it(`partial failure (${transport}): status ERROR and the failed superpower, the result still resolves`, async () => {
      exporter.reset()
      const server = await serve()
      server.engine.use({ action: "insights", error: { superpower: "sentiment_analysis", message: "model down", code: "MODEL_DOWN" } })
      const client = connect(server, { tracer: tracer() })
      const result = await client.insights(insightsExample, { transport })
      expect(result.errors).toHaveLength(1)
      const [span] = optaveSpans()
      expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "superpowers ended in error: sentiment_analysis" })
      expect(span!.attributes["optave.superpowers.failed"]).toEqual(["sentiment_analysis"])
      expect(superpowerStates(span!)).toContain("sentiment_analysis:error")
      expect(span!.events.some((event) => event.name === "exception")).toBe(false)
    })

    it(`error (${transport}): the exception event, status ERROR, error.type; a retried 503 counts its attempts`, async () => {
      exporter.reset()
      const server = await serve()
      server.engine.use({ action: "insights", http: { status: 503, times: Number.POSITIVE_INFINITY } })
      const client = connect(server, { tracer: tracer(), retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 }, timeouts: { settleMs: 500 } })
      const error = (await client.insights(insightsExample, { transport }).then(
        (result) => ({ code: "resolved", errors: result.errors.length }),
        (caught: unknown) => caught
      )) as { readonly code: string; readonly _tag: string }
      const [span] = optaveSpans()
      if (transport === "rest") {
        expect(error).toMatchObject({ _tag: "TransportError", code: "HTTP_STATUS" })
        expect(span!.status.code).toBe(SpanStatusCode.ERROR)
        expect(span!.attributes["error.type"]).toBe("HTTP_STATUS")
        expect(span!.events.find((event) => event.name === "exception")?.attributes?.["exception.message"]).toContain("503")
      } else {
        // Over the socket a busy service answers an error event per superpower: resent, then
        // delivered as the outcome once the retries run out (a partial failure of every superpower).
        expect(span!.status.code).toBe(SpanStatusCode.ERROR)
        expect(span!.attributes["optave.superpowers.failed"]).toEqual(expect.arrayContaining(["performance_criteria", "sentiment_analysis"]))
      }
      expect(span!.attributes["optave.request.attempts"]).toBe(2)
    })
  }

  it("a connection dropped mid-request: one span, one reconnect, every superpower once", async () => {
    exporter.reset()
    const server = await serve({ latencyMs: 5 })
    server.engine.use({ action: "insights", drop: { afterFrames: 2, times: 1 } })
    const client = connect(server, { tracer: tracer(), reconnect: { baseDelayMs: 10 } })
    await client.insights(insightsExample)
    const spans = optaveSpans()
    expect(spans).toHaveLength(1)
    expect(spans[0]!.attributes).toMatchObject({ "optave.request.reconnects": 1, "optave.request.attempts": 1 })
    const ended = superpowerStates(spans[0]!).filter((state) => state.endsWith(":completed"))
    expect(ended.sort()).toEqual(["performance_criteria:completed", "sentiment_analysis:completed"])
    // The resent frame carries the same traceparent as the first.
    expect(new Set(server.engine.requests().map((received) => received.headers["traceparent"])).size).toBe(1)
  })
})
