import type * as Clock from "effect/Clock"
import type * as Tracer from "effect/Tracer"
import { formatTraceparent, type SpanWriter } from "./request-span.ts"

/**
 * An Effect span (from `Effect.withSpan` / `Stream.withSpan`) as the request's `SpanWriter`. Effect
 * ends it with the request's `Exit`, so a failure's status and error come from the tracer
 * (e.g. `@effect/opentelemetry`); a partial failure shows in `optave.superpowers.failed`. Its
 * `traceparent` is sent only inside a caller's span: a lone span of Effect's built-in tracer
 * belongs to no trace anyone records.
 */
export const effectSpanWriter = (span: Tracer.Span, clock: Clock.Clock): SpanWriter => ({
  traceparent: span.parent._tag === "Some" ? formatTraceparent(span.traceId, span.spanId, span.sampled) : undefined,
  attribute: (key, value) => span.attribute(key, value),
  event: (name, attributes) => span.event(name, clock.currentTimeNanosUnsafe(), attributes),
  end: () => {}
})
