import { documentedResultIssues } from "../results/documented-results.ts"
import { contentIdentity } from "../socket/event-identity.ts"
import { ERROR_SCHEMA_REF } from "../generated/protocol.ts"
import { ProtocolError } from "../errors.ts"
import type { SuperpowerEvent } from "../generated/types.ts"
import { validateInboundFrame } from "#validators"
import { parseJsonSafely } from "./safe-json.ts"
import { keepFirstIssues } from "../validation-issue.ts"

/** A frame that passed every check, reduced to the documented bare event and its correlation. */
export interface DecodedEvent {
  readonly event: SuperpowerEvent
  readonly correlationId: string | undefined
  /** The wrapped form said `optave.error.v3` (the official client mistakes these for successes). */
  readonly errorEnvelope: boolean
  /** Identity of the event for de-duplication across resends: superpower, state and content. */
  readonly dedupeKey: string
  /** Characters of the frame: what keeping the event (for late subscribers) costs. */
  readonly frameChars: number
}

const textDecoder = /* @__PURE__ */ new TextDecoder()
const textEncoder = /* @__PURE__ */ new TextEncoder()

const asText = (data: unknown): string | undefined => {
  if (typeof data === "string") return data
  if (data instanceof ArrayBuffer) return textDecoder.decode(data)
  if (ArrayBuffer.isView(data)) return textDecoder.decode(data)
  return undefined
}

/** UTF-8 length without encoding when the answer is obvious from the UTF-16 length. */
const exceedsBytes = (text: string, maxBytes: number): boolean =>
  text.length > maxBytes || (text.length * 3 > maxBytes && textEncoder.encode(text).length > maxBytes)

/**
 * Turns raw socket data into a validated event, or a `ProtocolError` saying what is wrong.
 * Never throws: a bad frame must not crash the client or disturb other requests.
 */
export const decodeInboundFrame = (data: unknown, maxBytes: number): DecodedEvent | ProtocolError => {
  const text = asText(data)
  if (text === undefined) return new ProtocolError({ code: "INVALID_FRAME", reason: "frame is neither text nor bytes" })
  if (exceedsBytes(text, maxBytes)) {
    return new ProtocolError({ code: "FRAME_TOO_LARGE", reason: `frame is larger than ${maxBytes} bytes` })
  }
  let frame: unknown
  try {
    frame = parseJsonSafely(text)
  } catch {
    return new ProtocolError({ code: "INVALID_JSON", reason: "frame is not valid JSON" })
  }
  let issues: ReturnType<typeof validateInboundFrame>
  try {
    issues = validateInboundFrame(frame)
  } catch {
    return new ProtocolError({ code: "INVALID_FRAME", reason: "frame is nested too deeply" })
  }
  if (issues.length > 0) return new ProtocolError({ code: "INVALID_FRAME", reason: "frame does not match the event schema", ...keepFirstIssues(issues) })
  const wrapped = frame as { action: string; headers?: { correlationId?: string; schemaRef?: string }; payload?: SuperpowerEvent }
  const event = wrapped.action === "message" ? wrapped.payload! : (frame as SuperpowerEvent)
  let content: string
  try {
    content = event.message === undefined ? "" : JSON.stringify(event.message)
  } catch {
    // Valid JSON nested deeper than the stack allows: refuse it rather than crash.
    return new ProtocolError({ code: "INVALID_FRAME", reason: "frame is nested too deeply" })
  }
  const contentIssues = documentedResultIssues(event)
  if (contentIssues.length > 0) {
    return new ProtocolError({ code: "INVALID_FRAME", reason: `${event.actionType} results do not have their documented shape`, issues: contentIssues })
  }
  const correlationId = wrapped.action === "message" ? (wrapped.headers?.correlationId ?? event.correlationId) : event.correlationId
  return {
    event,
    correlationId: correlationId === "" ? undefined : correlationId,
    errorEnvelope: wrapped.action === "message" && wrapped.headers?.schemaRef === ERROR_SCHEMA_REF,
    dedupeKey: `${event.actionType}\u0000${event.state}\u0000${contentIdentity(content)}`,
    frameChars: text.length
  }
}
