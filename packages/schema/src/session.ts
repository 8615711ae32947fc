import Type from "typebox"

/** Free-form key/value data the API stores as-is. */
export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  $id: "Metadata",
  description: "Free-form key/value data, passed through unchanged."
})
export type Metadata = Type.Static<typeof Metadata>

export const Medium = Type.Union([Type.Literal("chat"), Type.Literal("voice"), Type.Literal("email")], {
  $id: "Medium",
  description: "How the customer reaches support: chat, voice or email."
})
export type Medium = Type.Static<typeof Medium>

export const Channel = Type.Object(
  {
    language: Type.Optional(Type.String({ description: "Language of the channel as a BCP 47 tag, e.g. en-US." })),
    browser: Type.Optional(Type.String({ description: "Browser the customer uses, if known." })),
    deviceInfo: Type.Optional(Type.String({ description: "Free-text description of the customer's device." })),
    deviceType: Type.Optional(Type.String({ description: "Kind of device, e.g. desktop or mobile." })),
    location: Type.Optional(Type.String({ description: "Where the customer is, as free text." })),
    medium: Type.Optional(Medium),
    section: Type.Optional(Type.String({ description: "Section of the product or site the conversation started from." })),
    metadata: Type.Optional(Type.Array(Type.Unknown(), { description: "Free-form metadata of the channel, as a list (the official schema's type; the official client sends [] by default)." }))
  },
  { $id: "Channel", description: "The channel the conversation happens on." }
)
export type Channel = Type.Static<typeof Channel>

export const Interface = Type.Object(
  {
    type: Type.Optional(Type.String({ description: "Kind of interface, e.g. chat." })),
    name: Type.Optional(Type.String({ description: "Name of the interface (your product or widget)." })),
    category: Type.Optional(Type.String({ description: "Category of the interface." })),
    language: Type.Optional(Type.String({ description: "Language of the interface as a BCP 47 tag." })),
    appVersion: Type.Optional(Type.String({ description: "Version of the calling application." }))
  },
  { $id: "Interface", description: "The interface the operator works in." }
)
export type Interface = Type.Static<typeof Interface>

export const Session = Type.Object(
  {
    sessionId: Type.Optional(Type.String({ description: "Identifier of the user's session, stable across requests." })),
    channel: Type.Optional(Channel),
    interface: Type.Optional(Interface)
  },
  { $id: "Session", description: "Who is talking, where and through what." }
)
export type Session = Type.Static<typeof Session>
