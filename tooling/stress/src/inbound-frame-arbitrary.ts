// fast-check arbitraries for hostile inbound frames: what a broken or malicious server could send
// to a client with requests pending. Frames are templates; `renderFrame` fills in the correlation
// id of the one "victim" request they may target (never the other requests of the case).
import fc from "fast-check"
import { applyMutations, mutationArbitrary, type Mutation } from "./payload-arbitrary.ts"
import type { OutboundFrame } from "./recording-server.ts"

/** Whose correlation a frame carries: the victim's, an unknown id, none, or an empty string. */
type Correlation = "victim" | "unknown" | "none" | "empty"

export type FrameTemplate =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "binary"; readonly bytes: Uint8Array }
  | { readonly kind: "invalid-utf8"; readonly bytes: Uint8Array }
  | { readonly kind: "oversized"; readonly length: number }
  | { readonly kind: "deep"; readonly depth: number }
  | { readonly kind: "pollute"; readonly correlation: Correlation }
  | {
      readonly kind: "event"
      readonly wrapped: boolean
      readonly errorEnvelope: boolean
      readonly correlation: Correlation
      readonly superpower: string
      readonly state: string
      readonly mutations: ReadonlyArray<Mutation>
    }

const correlationArbitrary = fc.constantFrom<Correlation>("victim", "unknown", "none", "empty")

export const frameTemplateArbitrary: fc.Arbitrary<FrameTemplate> = fc.oneof(
  { weight: 30, arbitrary: fc.record({
      kind: fc.constant("event" as const),
      wrapped: fc.boolean(),
      errorEnvelope: fc.boolean(),
      correlation: correlationArbitrary,
      superpower: fc.constantFrom("performance_criteria", "sentiment_analysis", "improve_answer", "translate", "risk_assessment", "", "unknown_power"),
      state: fc.constantFrom("started", "completed", "error", "processing", "", "COMPLETED"),
      mutations: fc.array(mutationArbitrary, { maxLength: 3 })
    }) },
  { weight: 10, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: "json" as const, value })) },
  { weight: 10, arbitrary: fc.string({ maxLength: 64, unit: "binary" }).map((text) => ({ kind: "text" as const, text })) },
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "binary" as const, bytes })) },
  { weight: 5, arbitrary: fc.integer({ min: 70_000, max: 200_000 }).map((length) => ({ kind: "oversized" as const, length })) },
  { weight: 5, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((depth) => ({ kind: "deep" as const, depth })) },
  { weight: 5, arbitrary: correlationArbitrary.map((correlation) => ({ kind: "pollute" as const, correlation })) },
  // Rare: a text frame that is not UTF-8 makes the WebSocket close (1007): the client must reconnect and resend.
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => ({ kind: "invalid-utf8" as const, bytes: Uint8Array.from([0xff, 0xfe, ...bytes, 0xc3]) })) }
)

const correlationOf = (correlation: Correlation, victimId: string): string | undefined =>
  correlation === "victim" ? victimId : correlation === "unknown" ? `unknown-${victimId}` : correlation === "empty" ? "" : undefined

const stringify = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? "null"
  } catch {
    return String(value)
  }
}

/** Turns a template into the frame the server sends, targeting `victimId` where asked. */
export const renderFrame = (template: FrameTemplate, victimId: string): OutboundFrame => {
  switch (template.kind) {
    case "json":
      return stringify(template.value)
    case "text":
      return template.text
    case "binary":
      return { binary: template.bytes }
    case "invalid-utf8":
      return { rawText: template.bytes }
    case "oversized":
      return JSON.stringify({ action: "superpower", actionType: "sentiment_analysis", state: "completed", correlationId: victimId, message: { results: [{ response: [{ content: "x".repeat(template.length) }] }] } })
    case "deep":
      return `{"action":"superpower","actionType":"sentiment_analysis","state":"completed","correlationId":${JSON.stringify(victimId)},"message":{"results":[{"response":[{"content":${"[".repeat(template.depth)}${"]".repeat(template.depth)}}]}]}}`
    case "pollute": {
      const correlationId = correlationOf(template.correlation, victimId)
      return `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"action":"superpower","actionType":"sentiment_analysis","state":"started"${correlationId === undefined ? "" : `,"correlationId":${JSON.stringify(correlationId)}`},"message":{"__proto__":{"polluted":"yes"},"results":[]}}`
    }
    case "event": {
      const correlationId = correlationOf(template.correlation, victimId)
      const event: Record<string, unknown> = {
        action: "superpower",
        actionType: template.superpower,
        state: template.state,
        message: { results: template.state === "started" ? [] : [{ response: [{ content: `hostile:${template.superpower}`, ...(template.state === "error" ? { error_code: "HOSTILE" } : {}) }] }] }
      }
      const frame: Record<string, unknown> = template.wrapped
        ? {
            action: "message",
            headers: { ...(correlationId === undefined ? {} : { correlationId }), schemaRef: template.errorEnvelope ? "optave.error.v3" : "optave.response.v3" },
            payload: event
          }
        : correlationId === undefined
          ? event
          : { ...event, correlationId }
      return stringify(applyMutations(frame, template.mutations))
    }
  }
}
