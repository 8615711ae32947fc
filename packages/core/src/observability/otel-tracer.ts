import type { OptaveError } from "../errors.ts"
import type { ActionName } from "../generated/catalog.ts"
import type { ActionPayloads } from "../generated/types.ts"
import type { RequestOptions } from "../request-options.ts"
import { formatTraceparent, RequestSpan, spanName, startAttributes, type RequestTrace, type SpanWriter } from "./request-span.ts"
import type { EventSink } from "../socket/socket-request.ts"

// The Promise API's `tracer` option: an OpenTelemetry API `Tracer`, taken by its shape so this
// package depends on no `@opentelemetry/api` (a type test checks that a real one is assignable).
// Only what the client calls is declared. The span is started without a context argument, so the
// OpenTelemetry API makes it a child of the caller's active span (its context manager's), if any.

/** OpenTelemetry attribute values, as far as the client sets them. */
export type OpenTelemetryAttributeValue = string | number | boolean | Array<string>

/** The part of an OpenTelemetry API `Span` the client uses. */
export interface OpenTelemetrySpan {
  spanContext(): { readonly traceId: string; readonly spanId: string; readonly traceFlags: number }
  setAttribute(key: string, value: OpenTelemetryAttributeValue): unknown
  addEvent(name: string, attributes?: Readonly<Record<string, OpenTelemetryAttributeValue>>): unknown
  /** `code` 2 is OpenTelemetry's `SpanStatusCode.ERROR`. */
  setStatus(status: { readonly code: 2; readonly message?: string }): unknown
  recordException(exception: Error): unknown
  end(): unknown
}

/** The part of an OpenTelemetry API `Tracer` the client uses (`trace.getTracer("my-app")` fits). */
export interface OpenTelemetryTracer {
  /** `kind` 2 is OpenTelemetry's `SpanKind.CLIENT`. */
  startSpan(name: string, options?: { readonly kind?: 2; readonly attributes?: Readonly<Record<string, OpenTelemetryAttributeValue>> }): OpenTelemetrySpan
}

/** What the Promise API's requests go through: the engine's `open`, with the tracing hooks. */
export type OpenRequest = <A extends ActionName>(
  action: A,
  payload: ActionPayloads[A],
  options: RequestOptions | undefined,
  sink: EventSink,
  trace?: RequestTrace
) => () => void

const SAMPLED = 1

/**
 * Calls into the user's tracer never break a request: the OpenTelemetry API promises not to throw,
 * but a hand-made tracer might, and the engine calls these from its own callbacks.
 */
const guarded = (call: () => unknown): void => {
  try {
    call()
  } catch {
    // A tracer's failure is the tracer's: the request goes on.
  }
}

/** An OpenTelemetry span as the request's `SpanWriter`. */
const otelSpanWriter = (span: OpenTelemetrySpan): SpanWriter => {
  let traceparent: string | undefined
  guarded(() => {
    const context = span.spanContext()
    traceparent = formatTraceparent(context.traceId, context.spanId, (context.traceFlags & SAMPLED) === SAMPLED)
  })
  return {
    traceparent,
    attribute: (key, value) => guarded(() => span.setAttribute(key, value)),
    event: (name, attributes) => guarded(() => span.addEvent(name, attributes)),
    end: (error: OptaveError | undefined, failedSuperpowers) =>
      guarded(() => {
        if (error !== undefined) {
          span.recordException(error)
          span.setStatus({ code: 2, message: `${error._tag}: ${error.message}` })
        } else if (failedSuperpowers.length > 0) {
          // A partial failure: the caller got a result, but it holds errors.
          span.setStatus({ code: 2, message: `superpowers ended in error: ${failedSuperpowers.join(", ")}` })
        }
        span.end()
      })
  }
}

/**
 * `open` with one OpenTelemetry span per request, named `optave.<action>`. Chosen once when the
 * client is made, so a client without a tracer calls the engine's `open` directly.
 */
export const tracedOpen =
  (open: OpenRequest, tracer: OpenTelemetryTracer): OpenRequest =>
  (action, payload, options, sink) => {
    let started: OpenTelemetrySpan | undefined
    guarded(() => (started = tracer.startSpan(spanName(action), { kind: 2, attributes: startAttributes(action) })))
    if (started === undefined) return open(action, payload, options, sink)
    const span = new RequestSpan(otelSpanWriter(started), sink)
    const cancel = open(action, payload, options, span, span)
    return () => {
      cancel()
      span.cancel()
    }
  }
