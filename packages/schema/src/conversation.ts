import Type from "typebox"
import { Metadata } from "./session.ts"

export const ParticipantRole = Type.Union([Type.Literal("operator"), Type.Literal("user"), Type.Literal("bot")], {
  $id: "ParticipantRole",
  description: "Role in the conversation: user (the customer), operator (the agent) or bot (the official schema's enum)."
})
export type ParticipantRole = Type.Static<typeof ParticipantRole>

export const Participant = Type.Object(
  {
    participantId: Type.Optional(Type.String({ description: "Identifier of the participant, referenced by messages." })),
    displayName: Type.Optional(Type.String({ description: "Name shown for the participant." })),
    role: Type.Optional(ParticipantRole)
  },
  { $id: "Participant", description: "Someone taking part in a conversation." }
)
export type Participant = Type.Static<typeof Participant>

export const Message = Type.Object(
  {
    content: Type.Optional(Type.String({ description: "Text of the message." })),
    participantId: Type.Optional(Type.String({ description: "The participant who wrote it." })),
    timestamp: Type.Optional(Type.String({ description: "When the message was sent, e.g. 2024-01-15T10:30:00.000Z (ISO 8601 by convention; the official schema checks no format)." }))
  },
  { $id: "Message", description: "One turn of a conversation." }
)
export type Message = Type.Static<typeof Message>

export const Conversation = Type.Object(
  {
    conversationId: Type.Optional(Type.String({ description: "Identifier of the conversation." })),
    participants: Type.Optional(Type.Array(Participant, { description: "Everyone who takes part." })),
    messages: Type.Optional(Type.Array(Message, { description: "Turns of the conversation, oldest first." })),
    metadata: Type.Optional(Metadata)
  },
  { $id: "Conversation", description: "A support conversation sent for analysis." }
)
export type Conversation = Type.Static<typeof Conversation>

export const Interaction = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the interaction." })),
    name: Type.Optional(Type.String({ description: "What happened, e.g. ticket_created." })),
    role: Type.Optional(Type.String({ description: "Who caused it, e.g. system." })),
    content: Type.Optional(Type.String({ description: "Description of the interaction." })),
    timestamp: Type.Optional(Type.String({ description: "When it happened, e.g. 2024-01-15T10:29:45.000Z (ISO 8601 by convention; the official schema checks no format)." }))
  },
  { $id: "Interaction", description: "A non-message event around the conversation." }
)
export type Interaction = Type.Static<typeof Interaction>
