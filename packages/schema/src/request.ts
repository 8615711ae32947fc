import Type from "typebox"
import { Conversation, Interaction } from "./conversation.ts"

// Each part is written once as a property map, then assembled per action: the base maps have
// every field optional, and the action schemas (actions/*.ts) override the fields the API's
// pages mark REQUIRED. A required identifier must be a non-empty string.
// Types, enums and defaults follow the official 3.2.3 schemas (the official client's generated types, repository optave/SDK-optave-client-integration): no
// object closes its properties (unknown keys pass through; the client's `strict` option refuses
// them), no string has a format, and the free-form collections are arrays of anything.
const RequiredId = (description: string) => Type.String({ minLength: 1, description })
const FreeList = (description: string) => Type.Optional(Type.Array(Type.Unknown(), { description }))

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
  { $id: "Context", description: "Who the request is made for." }
)
export type Context = Type.Static<typeof Context>

export const ReferenceId = Type.Object(
  {
    name: Type.Optional(Type.String({ description: "Name of the external identifier." })),
    value: Type.Optional(Type.String({ description: "Its value." }))
  },
  { $id: "ReferenceId", description: "An identifier from another system." }
)

export const Reference = Type.Object(
  {
    ids: Type.Optional(Type.Array(ReferenceId, { description: "Identifiers of this request in other systems." })),
    labels: FreeList("Labels to attach (usually strings)."),
    tags: FreeList("Tags to attach (usually strings).")
  },
  { $id: "Reference", description: "Cross-references to other systems." }
)
export type Reference = Type.Static<typeof Reference>

export const Code = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the code." })),
    label: Type.Optional(Type.String({ description: "Human label." })),
    type: Type.Optional(Type.String({ description: "Kind of code, e.g. coupon." })),
    value: Type.Optional(Type.String({ description: "The code itself." }))
  },
  { $id: "Code", description: "A code the agent may hand out." }
)

export const Link = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the link." })),
    label: Type.Optional(Type.String({ description: "Human label." })),
    type: Type.Optional(Type.String({ description: "Kind of link, e.g. article." })),
    url: Type.Optional(Type.String({ description: "Where it points." })),
    html: Type.Optional(Type.Boolean({ description: "Whether the link is to be rendered as HTML." })),
    expires_at: Type.Optional(Type.String({ description: "When the link stops working, e.g. 2025-08-06T00:00:00Z (no format checked, as in the official schema)." }))
  },
  { $id: "Link", description: "A link the agent may share." }
)

export const Offer = Type.Unknown({
  $id: "Offer",
  description: "An offer the customer may be recommended, free-form (usually a record: id, name, price...)."
})

export const Product = Type.Object(
  { id: Type.Optional(Type.String({ description: "Identifier of the product." })) },
  { $id: "Product", description: "A product in scope, by its identifier." }
)

export const resourcesProperties = {
  codes: Type.Optional(Type.Array(Code, { description: "Codes available to the agent." })),
  links: Type.Optional(Type.Array(Link, { description: "Links available to the agent." })),
  offers: Type.Optional(Type.Array(Offer, { description: "Offers available to recommend." }))
}
export const RequiredOffers = Type.Array(Offer, { minItems: 1, description: "Offers to choose from. Required and non-empty for recommend." })

export const scopeProperties = {
  conversations: Type.Array(Conversation, { minItems: 1, description: "The conversation history to work on. Required, at least one." }),
  interactions: Type.Optional(Type.Array(Interaction, { description: "Non-message events around the conversation." })),
  accounts: FreeList("Accounts in scope."),
  appointments: FreeList("Appointments in scope."),
  assets: FreeList("Assets in scope."),
  bookings: FreeList("Bookings in scope."),
  cases: FreeList("Cases in scope."),
  documents: FreeList("Documents in scope."),
  events: FreeList("Events in scope."),
  items: FreeList("Items in scope."),
  locations: FreeList("Locations in scope."),
  offers: FreeList("Offers in scope."),
  operators: FreeList("Operators in scope."),
  orders: FreeList("Orders in scope."),
  organizations: FreeList("Organizations in scope."),
  persons: FreeList("Persons in scope."),
  policies: FreeList("Policies in scope."),
  products: Type.Optional(Type.Array(Product, { description: "Products in scope." })),
  properties: FreeList("Properties in scope."),
  services: FreeList("Services in scope."),
  subscriptions: FreeList("Subscriptions in scope."),
  tickets: FreeList("Tickets in scope."),
  transactions: FreeList("Transactions in scope."),
  users: FreeList("Users in scope.")
}

export const Settings = Type.Object(
  {
    disableBrowsing: Type.Optional(Type.Boolean({ default: false, description: "Do not browse the web." })),
    disableSearch: Type.Optional(Type.Boolean({ default: false, description: "Do not search." })),
    disableSources: Type.Optional(Type.Boolean({ default: false, description: "Do not cite sources." })),
    disableStream: Type.Optional(Type.Boolean({ default: true, description: "Answer in one piece instead of streaming." })),
    disableTools: Type.Optional(Type.Boolean({ default: false, description: "Do not call tools." })),
    maxResponseLength: Type.Optional(Type.Number({ default: 0, description: "Longest answer wanted, in characters; 0 (the default) means no limit." })),
    overrideInterfaceLanguage: Type.Optional(Type.String({ description: "Language to use instead of the interface's." })),
    overrideOutputLanguage: Type.Optional(Type.String({ description: "Language to answer in." }))
  },
  { $id: "Settings", description: "Switches for how the superpowers run." }
)
export type Settings = Type.Static<typeof Settings>

export const Agent = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Identifier of the agent." })),
    name: Type.Optional(Type.String({ description: "Its name." })),
    type: Type.Optional(Type.String({ description: "Its kind." }))
  },
  { $id: "Agent", description: "Another agent taking part (agent-to-agent)." }
)

export const Cursor = Type.Object(
  {
    since: Type.Optional(Type.String({ description: "Only consider what happened after this time, e.g. 2024-01-15T10:30:00.000Z (no format checked, as in the official schema)." })),
    until: Type.Optional(Type.String({ description: "Only consider what happened before this time, e.g. 2024-01-15T11:00:00.000Z (no format checked, as in the official schema)." }))
  },
  { $id: "Cursor", description: "A time window over the scope." }
)

/** The request fields every action shares; actions override the maps above where they need more. */
export const commonRequestProperties = {
  requestId: Type.Optional(Type.String({ description: "Your identifier of this request, sent as given; when absent the client sends the request's correlation id here (the official schema requires the field)." })),
  context: Context,
  reference: Type.Optional(Reference),
  settings: Type.Optional(Settings),
  a2a: Type.Optional(Type.Array(Agent, { description: "Other agents taking part." })),
  cursor: Type.Optional(Cursor)
}

export const Attributes = Type.Object(attributesProperties, {
  $id: "Attributes",
  description: "What the action works on."
})
export const Connections = Type.Object(connectionsProperties, {
  $id: "Connections",
  description: "Where the request sits: thread, parent message, journey."
})
export const Resources = Type.Object(resourcesProperties, {
  $id: "Resources",
  description: "Codes, links and offers the agent can use."
})
export const Scope = Type.Object(scopeProperties, {
  $id: "Scope",
  description: "The material the action considers: conversations first, then any related records."
})
