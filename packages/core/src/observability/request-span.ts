import { TransportError, type OptaveError } from "../errors.ts"
import type { SuperpowerEvent } from "../generated/types.ts"
import type { EventSink } from "../socket/socket-request.ts"
import { isTerminalState, superpowerError } from "../request/superpower-state.ts"

// One instrumentation of a request for both faces: what the engine tells a request's span (the
// `RequestTrace` hooks) and the events its sink sees become the span's attributes and events here,
// once. Each face only adapts its span to `SpanWriter`: the Effect API an Effect `Tracer.Span`
// (effect-request-span.ts), the Promise API an OpenTelemetry span (otel-tracer.ts). A request
// without a span never reaches this module: the engine's hooks are `undefined` checks.
//
// Attribute names. OpenTelemetry's messaging and RPC conventions are still in development and none
// fits a request answered by a stream of events over a socket or one HTTP exchange, so the request's
// own facts are `optave.*`; the stable general ones are followed where they fit: `server.address`,
// `server.port` (the endpoint of the transport used), `error.type` (the failure's code, on failure),
// span kind CLIENT; from the messaging conventions (development) `messaging.system`,
// `messaging.operation.name` and `messaging.message.conversation_id` (their "correlation id").

/** The span of one request as a face provides it: its attributes, events and how it ends. */
export interface SpanWriter {
  /** W3C `traceparent` of the span, sent with the request (envelope header, HTTP header); `undefined`: none. */
  readonly traceparent: string | undefined
  readonly attribute: (key: string, value: string | number | boolean | Array<string>) => void
  readonly event: (name: string, attributes: Readonly<Record<string, string | number | boolean>>) => void
  /**
   * The request ended: `error` when it failed; `failedSuperpowers` names the superpowers that ended
   * in `error` when it did not (a partial failure).
   */
  readonly end: (error: OptaveError | undefined, failedSuperpowers: ReadonlyArray<string>) => void
}

/** What the engine tells a traced request as it happens (the engine's only tracing hooks). */
export interface RequestTrace {
  readonly traceparent: string | undefined
  /** The envelope was made: the request is about to go out. */
  readonly prepared: (facts: PreparedFacts) => void
  /** One more send of the request: an HTTP attempt over REST, a (busy-retried) send over the socket. */
  readonly attempted: () => void
  /** The frame was written again after a reconnect. */
  readonly resent: () => void
}

export interface PreparedFacts {
  readonly transport: "ws" | "rest"
  readonly correlationId: string
  readonly traceId: string
  readonly idempotencyKey: string
  readonly expected: ReadonlyArray<string>
  /** The transport's base URL (`server.address`, `server.port`). */
  readonly url: string
}

/**
 * The attribute names, in one place (the READMEs list them). Constants rather than one object:
 * a bundle shortens their names, where it must keep an object's keys.
 */
const ACTION_ATTRIBUTE = "optave.action"
const TRANSPORT_ATTRIBUTE = "optave.transport"
const CORRELATION_ID_ATTRIBUTE = "optave.correlation_id"
const TRACE_ID_ATTRIBUTE = "optave.trace_id"
const IDEMPOTENCY_KEY_ATTRIBUTE = "optave.idempotency_key"
const ATTEMPTS_ATTRIBUTE = "optave.request.attempts"
const RECONNECTS_ATTRIBUTE = "optave.request.reconnects"
const EXPECTED_ATTRIBUTE = "optave.superpowers.expected"
const COMPLETED_ATTRIBUTE = "optave.superpowers.completed"
const FAILED_ATTRIBUTE = "optave.superpowers.failed"
const MESSAGING_SYSTEM_ATTRIBUTE = "messaging.system"
const OPERATION_NAME_ATTRIBUTE = "messaging.operation.name"
const CONVERSATION_ID_ATTRIBUTE = "messaging.message.conversation_id"
const SERVER_ADDRESS_ATTRIBUTE = "server.address"
const SERVER_PORT_ATTRIBUTE = "server.port"
const ERROR_TYPE_ATTRIBUTE = "error.type"

/** The event of each superpower state, and its attributes. */
const SUPERPOWER_EVENT = "optave.superpower"
const SUPERPOWER_NAME_ATTRIBUTE = "optave.superpower.name"
const SUPERPOWER_STATE_ATTRIBUTE = "optave.superpower.state"
const SUPERPOWER_ERROR_CODE_ATTRIBUTE = "optave.superpower.error_code"

/** The span's name: `optave.<action>`. */
export const spanName = (action: string): string => `optave.${action}`

/** The attributes known when the span starts. */
export const startAttributes = (action: string): Record<string, string> => ({
  [ACTION_ATTRIBUTE]: action,
  [MESSAGING_SYSTEM_ATTRIBUTE]: "optave",
  [OPERATION_NAME_ATTRIBUTE]: action
})

const TRACE_ID = /^[0-9a-f]{32}$/
const SPAN_ID = /^[0-9a-f]{16}$/

/** The W3C `traceparent` of a span context; `undefined` for an invalid one (all zeros: a no-op tracer's). */
export const formatTraceparent = (traceId: string, spanId: string, sampled: boolean): string | undefined =>
  TRACE_ID.test(traceId) && SPAN_ID.test(spanId) && !/^0+$/.test(traceId) && !/^0+$/.test(spanId)
    ? `00-${traceId}-${spanId}-${sampled ? "01" : "00"}`
    : undefined

/**
 * A traced request: the sink its events pass through on their way to the caller's, and the
 * engine's hooks. Each attribute is set as it becomes known, so a span read before the end (or
 * never ended, as on a crash) still tells what happened.
 */
export class RequestSpan implements EventSink, RequestTrace {
  readonly #writer: SpanWriter
  readonly #sink: EventSink
  #attempts = 0
  #reconnects = 0
  readonly #completed: Array<string> = []
  readonly #failed: Array<string> = []
  #ended = false

  constructor(writer: SpanWriter, sink: EventSink) {
    this.#writer = writer
    this.#sink = sink
  }

  get traceparent(): string | undefined {
    return this.#writer.traceparent
  }

  prepared(facts: PreparedFacts): void {
    const write = this.#writer.attribute
    write(TRANSPORT_ATTRIBUTE, facts.transport)
    write(CORRELATION_ID_ATTRIBUTE, facts.correlationId)
    write(CONVERSATION_ID_ATTRIBUTE, facts.correlationId)
    write(TRACE_ID_ATTRIBUTE, facts.traceId)
    write(IDEMPOTENCY_KEY_ATTRIBUTE, facts.idempotencyKey)
    write(EXPECTED_ATTRIBUTE, [...facts.expected])
    try {
      const url = new URL(facts.url)
      write(SERVER_ADDRESS_ATTRIBUTE, url.hostname)
      write(SERVER_PORT_ATTRIBUTE, url.port === "" ? (url.protocol === "wss:" || url.protocol === "https:" ? 443 : 80) : Number(url.port))
    } catch {
      // The URL was checked by the configuration; nothing to report otherwise.
    }
  }

  // Arrow fields: the engine passes these two on as callbacks.
  readonly attempted = (): void => this.#writer.attribute(ATTEMPTS_ATTRIBUTE, ++this.#attempts)

  readonly resent = (): void => this.#writer.attribute(RECONNECTS_ATTRIBUTE, ++this.#reconnects)

  push(event: SuperpowerEvent, ends: boolean): void {
    // An event that ended its superpower without a terminal state (an error envelope) ended it in `error`.
    const state = ends && !isTerminalState(event.state) ? "error" : event.state
    const attributes: Record<string, string> = { [SUPERPOWER_NAME_ATTRIBUTE]: event.actionType, [SUPERPOWER_STATE_ATTRIBUTE]: state }
    const code = state === "error" ? superpowerError(event).code : undefined
    if (code !== undefined) attributes[SUPERPOWER_ERROR_CODE_ATTRIBUTE] = code
    this.#writer.event(SUPERPOWER_EVENT, attributes)
    if (ends) {
      const ended = state === "completed" ? this.#completed : this.#failed
      if (!ended.includes(event.actionType)) {
        ended.push(event.actionType)
        this.#writer.attribute(state === "completed" ? COMPLETED_ATTRIBUTE : FAILED_ATTRIBUTE, [...ended])
      }
    }
    this.#sink.push(event, ends)
  }

  end(): void {
    if (!this.#ended) {
      this.#ended = true
      this.#writer.end(undefined, this.#failed)
    }
    this.#sink.end()
  }

  fail(error: OptaveError): void {
    this.#record(error)
    this.#sink.fail(error)
  }

  /** Its caller cancelled it (an AbortSignal, a `break` out of a stream): the span ends so. */
  cancel(): void {
    this.#record(new TransportError({ code: "CANCELLED", reason: "the request was cancelled by its caller", retryable: false }))
  }

  #record(error: OptaveError): void {
    if (this.#ended) return
    this.#ended = true
    this.#writer.attribute(ERROR_TYPE_ATTRIBUTE, error.code)
    this.#writer.end(error, this.#failed)
  }
}
