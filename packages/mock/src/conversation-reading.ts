import type { ActionPayloads } from "@org/optave-core/validate"

/** Any action's payload: they all share `request.scope.conversations`, `request.attributes`... */
export type AnyActionPayload = ActionPayloads[keyof ActionPayloads]

/** One message with who wrote it, as far as the participants list tells. */
export interface ReadMessage {
  readonly content: string
  readonly role: "customer" | "operator" | "other"
  readonly participantId?: string
  readonly timestamp?: string
}

/** What the content generators need to know about a payload's conversations. */
export interface ConversationReading {
  readonly customerName?: string
  readonly operatorName?: string
  readonly messages: ReadonlyArray<ReadMessage>
  /** Texts written by the customer (every text when no participant has a customer role). */
  readonly customerTexts: ReadonlyArray<string>
  readonly operatorTexts: ReadonlyArray<string>
  readonly language: string
}

const CUSTOMER_ROLES = new Set(["user", "customer", "client", "end_user", "enduser"])
const OPERATOR_ROLES = new Set(["operator", "agent", "assistant", "bot", "support"])

/** Splits text into lowercase words (letters, digits and apostrophes, any script). */
export const wordsOf = (text: string): Array<string> =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter((word) => word.length > 0)

/** Reads the conversations of a payload: who the customer and the operator are and what each wrote. */
export const readConversation = (payload: AnyActionPayload): ConversationReading => {
  const roles = new Map<string, { role: ReadMessage["role"]; name?: string }>()
  let customerName: string | undefined
  let operatorName: string | undefined
  const messages: Array<ReadMessage> = []
  for (const conversation of payload.request.scope.conversations) {
    for (const participant of conversation.participants ?? []) {
      const roleText = (participant.role ?? "").toLowerCase()
      const role: ReadMessage["role"] = CUSTOMER_ROLES.has(roleText) ? "customer" : OPERATOR_ROLES.has(roleText) ? "operator" : "other"
      const name = participant.displayName?.trim()
      if (participant.participantId !== undefined) roles.set(participant.participantId, name ? { role, name } : { role })
      if (role === "customer" && customerName === undefined && name) customerName = name
      if (role === "operator" && operatorName === undefined && name) operatorName = name
    }
    for (const message of conversation.messages ?? []) {
      const role = message.participantId === undefined ? "other" : roles.get(message.participantId)?.role ?? "other"
      messages.push({
        content: message.content ?? "",
        role,
        ...(message.participantId === undefined ? {} : { participantId: message.participantId }),
        ...(message.timestamp === undefined ? {} : { timestamp: message.timestamp })
      })
    }
  }
  const customerTexts = messages.filter((message) => message.role === "customer").map((message) => message.content)
  const operatorTexts = messages.filter((message) => message.role === "operator").map((message) => message.content)
  const language =
    payload.request.settings?.overrideOutputLanguage ?? payload.session?.channel?.language ?? payload.session?.interface?.language ?? "en"
  return {
    ...(customerName === undefined ? {} : { customerName }),
    ...(operatorName === undefined ? {} : { operatorName }),
    messages,
    customerTexts:
      customerTexts.length > 0
        ? customerTexts
        : messages.filter((message) => message.role !== "operator").map((message) => message.content),
    operatorTexts,
    language
  }
}

/** The first word of a display name ("Alice Hawthorne" -> "Alice"). */
export const firstNameOf = (displayName: string | undefined): string | undefined => displayName?.trim().split(/\s+/u)[0] || undefined
