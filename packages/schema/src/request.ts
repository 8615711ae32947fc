import Type from "typebox"
import { Conversation, Interaction } from "./conversation.ts"
import { IsoTimestamp } from "./iso-timestamp.ts"

// Each part is written once as a property map, then assembled per action: the base maps have
// every field optional, and the action schemas (actions/*.ts) override the fields the API's
// pages mark REQUIRED. A required identifier must be a non-empty string.
const RequiredId = (description: string) => Type.String({ minLength: 1, description })
const FreeRecord = Type.Record(Type.String(), Type.Unknown(), { description: "A free-form record." })
const RecordList = (description: string) => Type.Optional(Type.Array(FreeRecord, { description }))

export const attributesProperties = {
  variant: Type.Optional(Type.String({ description: "Experiment variant label, e.g. A." })),
  content: Type.Optional(Type.String({ description: "Text the action works on (for elevate and adjust: the draft answer to improve)." })),
  instruction: Type.Optional(Type.String({ description: "How to change the content (adjust)." }))
}
export const RequiredContent = RequiredId("Text to work on: the agent's draft answer. Required for elevate and adjust.")
export const RequiredInstruction = RequiredId("How to adjust the content, e.g. 'make it shorter'. Required for adjust.")

export const connectionsProperties = {
  threadId: RequiredId("Identifier of the thread (conversation) this request belongs to. Required."),
  parentId: Type.Optional(Type.String({ description: "Identifier of the message being edited." })),
  journeyId: Type.Optional(Type.String({ description: "Identifier of the customer journey." }))
}
export const RequiredParentId = RequiredId("Identifier of the message being edited. Required for elevate and adjust.")

export const Context = Type.Object(
  {
    organizationId: RequiredId("Your client-specific organization id, issued by Optave. Required."),
    caseId: Type.Optional(Type.String({ description: "Identifier of the support case." })),
    departmentId: Type.Optional(Type.String({ description: "Identifier of the department handling it." })),
    operatorId: Type.Optional(Type.String({ description: "Identifier of the operator (agent)." })),
    userId: Type.Optional(Type.String({ description: "Identifier of the end user." }))
  },
  { $id: "Context", additionalProperties: false, description: "Who the request is made for." }
)
export type Context = Type.Static<typeof Context>

export const ReferenceId = Type.Object(
  {
    name: Type.Optional(Type.String({ description: "Name of the external identifier." })),
    value: Type.Optional(Type.String({ description: "Its value." }))
  },
  { $id: "ReferenceId", additionalProperties: false, description: "An identifier from another system." }
)

export const Reference = Type.Object(
  {
    ids: Type.Optional(Type.Array(ReferenceId, { description: "Identifiers of this request in other systems." })),
    labels: Type.Optional(Type.Array(Type.String({ description: "A label." }), { description: "Labels to attach." })),
    tags: Type.Optional(Type.Array(Type.String({ description: "A tag." }), { description: "Tags to attach." }))
  },
  { $id: "Reference", additionalProperties: false, description: "Cross-references to other systems." }
)
export type Reference = Type.Static<typeof Reference>

export const Code = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the code." })),
    label: Type.Optional(Type.String({ description: "Human label." })),
    type: Type.Optional(Type.String({ description: "Kind of code, e.g. coupon." })),
    value: Type.Optional(Type.String({ description: "The code itself." }))
  },
  { $id: "Code", additionalProperties: false, description: "A code the agent may hand out." }
)

export const Link = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the link." })),
    label: Type.Optional(Type.String({ description: "Human label." })),
    type: Type.Optional(Type.String({ description: "Kind of link, e.g. article." })),
    url: Type.Optional(Type.String({ description: "Where it points." })),
    html: Type.Optional(Type.String({ description: "An HTML rendering of the link." })),
    expires_at: Type.Optional({ ...IsoTimestamp, description: "When the link stops working (ISO 8601)." })
  },
  { $id: "Link", additionalProperties: false, description: "A link the agent may share." }
)

export const Offer = Type.Record(Type.String(), Type.Unknown(), {
  $id: "Offer",
  description: "An offer the customer may be recommended, as a free-form record (id, name, price...)."
})

export const resourcesProperties = {
  codes: Type.Optional(Type.Array(Code, { description: "Codes available to the agent." })),
  links: Type.Optional(Type.Array(Link, { description: "Links available to the agent." })),
  offers: Type.Optional(Type.Array(Offer, { description: "Offers available to recommend." }))
}
export const RequiredOffers = Type.Array(Offer, { minItems: 1, description: "Offers to choose from. Required and non-empty for recommend." })

export const scopeProperties = {
  conversations: Type.Array(Conversation, { minItems: 1, description: "The conversation history to work on. Required, at least one." }),
  interactions: Type.Optional(Type.Array(Interaction, { description: "Non-message events around the conversation." })),
  accounts: RecordList("Accounts in scope."),
  appointments: RecordList("Appointments in scope."),
  assets: RecordList("Assets in scope."),
  bookings: RecordList("Bookings in scope."),
  cases: RecordList("Cases in scope."),
  documents: RecordList("Documents in scope."),
  events: RecordList("Events in scope."),
  items: RecordList("Items in scope."),
  locations: RecordList("Locations in scope."),
  offers: RecordList("Offers in scope."),
  operators: RecordList("Operators in scope."),
  orders: RecordList("Orders in scope."),
  organizations: RecordList("Organizations in scope."),
  persons: RecordList("Persons in scope."),
  policies: RecordList("Policies in scope."),
  products: RecordList("Products in scope."),
  properties: RecordList("Properties in scope."),
  services: RecordList("Services in scope."),
  subscriptions: RecordList("Subscriptions in scope."),
  tickets: RecordList("Tickets in scope."),
  transactions: RecordList("Transactions in scope."),
  users: RecordList("Users in scope.")
}

export const Settings = Type.Object(
  {
    disableBrowsing: Type.Optional(Type.Boolean({ description: "Do not browse the web." })),
    disableSearch: Type.Optional(Type.Boolean({ description: "Do not search." })),
    disableSources: Type.Optional(Type.Boolean({ description: "Do not cite sources." })),
    disableStream: Type.Optional(Type.Boolean({ description: "Answer in one piece instead of streaming." })),
    disableTools: Type.Optional(Type.Boolean({ description: "Do not call tools." })),
    maxResponseLength: Type.Optional(Type.Integer({ minimum: 1, description: "Longest answer wanted, in characters." })),
    overrideInterfaceLanguage: Type.Optional(Type.String({ description: "Language to use instead of the interface's." })),
    overrideOutputLanguage: Type.Optional(Type.String({ description: "Language to answer in." }))
  },
  { $id: "Settings", additionalProperties: false, description: "Switches for how the superpowers run." }
)
export type Settings = Type.Static<typeof Settings>

export const Agent = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the agent." })),
    name: Type.Optional(Type.String({ description: "Its name." })),
    type: Type.Optional(Type.String({ description: "Its kind." }))
  },
  { $id: "Agent", additionalProperties: false, description: "Another agent taking part (agent-to-agent)." }
)

export const Cursor = Type.Object(
  {
    since: Type.Optional({ ...IsoTimestamp, description: "Only consider what happened after this time (ISO 8601)." }),
    until: Type.Optional({ ...IsoTimestamp, description: "Only consider what happened before this time (ISO 8601)." })
  },
  { $id: "Cursor", additionalProperties: false, description: "A time window over the scope." }
)

/** The request fields every action shares; actions override the maps above where they need more. */
export const commonRequestProperties = {
  requestId: Type.Optional(Type.String({ description: "Your identifier of this request; becomes the correlation id unless you give one." })),
  context: Context,
  reference: Type.Optional(Reference),
  settings: Type.Optional(Settings),
  a2a: Type.Optional(Type.Array(Agent, { description: "Other agents taking part." })),
  cursor: Type.Optional(Cursor)
}

export const Attributes = Type.Object(attributesProperties, {
  $id: "Attributes",
  additionalProperties: false,
  description: "What the action works on."
})
export const Connections = Type.Object(connectionsProperties, {
  $id: "Connections",
  additionalProperties: false,
  description: "Where the request sits: thread, parent message, journey."
})
export const Resources = Type.Object(resourcesProperties, {
  $id: "Resources",
  additionalProperties: false,
  description: "Codes, links and offers the agent can use."
})
export const Scope = Type.Object(scopeProperties, {
  $id: "Scope",
  additionalProperties: false,
  description: "The material the action considers: conversations first, then any related records."
})
