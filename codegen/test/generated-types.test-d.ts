// Type test, checked by `tsc -p test/tsconfig.json` (the `typecheck:test` step of this
// package's `test` script): every generated type equals `Type.Static<typeof Schema>` of its schema,
// ignoring only the `readonly` the generator adds. Equality is the strict "identical" test, not
// mutual assignability, so a missing optional property or an optional one made required fails.
import type * as Schema from "@org/optave-schema"
import type Type from "typebox"
import type * as Generated from "../../packages/core/src/generated/types.ts"
import type * as FixtureGenerated from "./fixtures/expected/types.ts"
import type * as Fixture from "./fixtures/fixture-schema.ts"

type DeepMutable<T> = T extends ReadonlyArray<infer Item>
  ? Array<DeepMutable<Item>>
  : T extends object
    ? { -readonly [Key in keyof T]: DeepMutable<T[Key]> }
    : T
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
/** True when the generated type and the schema's static type are the same type, `readonly` aside. */
type Same<GeneratedType, StaticType> = Identical<DeepMutable<GeneratedType>, DeepMutable<StaticType>>
type Static<S extends Type.TSchema> = Type.Static<S>
const same = <_Check extends true>(): void => undefined

// Payloads, one per action.
same<Same<Generated.InsightsPayload, Static<typeof Schema.InsightsPayload>>>()
same<Same<Generated.ElevatePayload, Static<typeof Schema.ElevatePayload>>>()
same<Same<Generated.SummarizePayload, Static<typeof Schema.SummarizePayload>>>()
same<Same<Generated.TranslatePayload, Static<typeof Schema.TranslatePayload>>>()
same<Same<Generated.RecommendPayload, Static<typeof Schema.RecommendPayload>>>()
same<Same<Generated.AdjustPayload, Static<typeof Schema.AdjustPayload>>>()
same<Same<Generated.InteractionPayload, Static<typeof Schema.InteractionPayload>>>()
same<Same<Generated.ReceptionPayload, Static<typeof Schema.ReceptionPayload>>>()
same<Same<Generated.CustomerInteractionPayload, Static<typeof Schema.CustomerInteractionPayload>>>()
same<Same<Generated.ActionPayloads, Schema.ActionPayloads>>()

// Envelope, events, token.
same<Same<Generated.EnvelopeHeaders, Static<typeof Schema.EnvelopeHeaders>>>()
same<Same<Generated.RequestEnvelope, Static<typeof Schema.RequestEnvelope>>>()
same<Same<Generated.SuperpowerEvent, Static<typeof Schema.SuperpowerEvent>>>()
same<Same<Generated.SuperpowerResult, Static<typeof Schema.SuperpowerResult>>>()
same<Same<Generated.ResponseItem, Static<typeof Schema.ResponseItem>>>()
same<Same<Generated.ResponseHeaders, Static<typeof Schema.ResponseHeaders>>>()
same<Same<Generated.ResponseEnvelope, Static<typeof Schema.ResponseEnvelope>>>()
same<Same<Generated.InboundFrame, Static<typeof Schema.InboundFrame>>>()
same<Same<Generated.RestResponseBody, Static<typeof Schema.RestResponseBody>>>()
same<Same<Generated.TokenResponse, Static<typeof Schema.TokenResponse>>>()
same<Same<Generated.PerformanceCriterion, Static<typeof Schema.PerformanceCriterion>>>()
same<Same<Generated.SentimentAnalysis, Static<typeof Schema.SentimentAnalysis>>>()
same<Same<Generated.TranslatedText, Static<typeof Schema.TranslatedText>>>()
same<Same<Generated.Translation, Static<typeof Schema.Translation>>>()
same<Same<Generated.OfferRecommendation, Static<typeof Schema.OfferRecommendation>>>()
same<Same<Generated.RiskAssessment, Static<typeof Schema.RiskAssessment>>>()
same<Same<Generated.ReceptionTriage, Static<typeof Schema.ReceptionTriage>>>()
same<Same<Generated.ImproveAnswerItem, Static<typeof Schema.ImproveAnswerItem>>>()
same<Same<Generated.ImproveAnswerResult, Static<typeof Schema.ImproveAnswerResult>>>()
type DocumentedResults = { readonly [S in keyof typeof Schema.documentedSuperpowerResults]: Static<(typeof Schema.documentedSuperpowerResults)[S]> }
same<Same<Generated.DocumentedSuperpowerResults, DocumentedResults>>()

// The parts.
same<Same<Generated.Session, Static<typeof Schema.Session>>>()
same<Same<Generated.Channel, Static<typeof Schema.Channel>>>()
same<Same<Generated.Interface, Static<typeof Schema.Interface>>>()
same<Same<Generated.Medium, Static<typeof Schema.Medium>>>()
same<Same<Generated.Metadata, Static<typeof Schema.Metadata>>>()
same<Same<Generated.Conversation, Static<typeof Schema.Conversation>>>()
same<Same<Generated.Participant, Static<typeof Schema.Participant>>>()
same<Same<Generated.Message, Static<typeof Schema.Message>>>()
same<Same<Generated.Interaction, Static<typeof Schema.Interaction>>>()
same<Same<Generated.Context, Static<typeof Schema.Context>>>()
same<Same<Generated.Reference, Static<typeof Schema.Reference>>>()
same<Same<Generated.ReferenceId, Static<typeof Schema.ReferenceId>>>()
same<Same<Generated.Code, Static<typeof Schema.Code>>>()
same<Same<Generated.Link, Static<typeof Schema.Link>>>()
same<Same<Generated.Offer, Static<typeof Schema.Offer>>>()
same<Same<Generated.Product, Static<typeof Schema.Product>>>()
same<Same<Generated.ParticipantRole, Static<typeof Schema.ParticipantRole>>>()
same<Same<Generated.Settings, Static<typeof Schema.Settings>>>()
same<Same<Generated.Agent, Static<typeof Schema.Agent>>>()
same<Same<Generated.Cursor, Static<typeof Schema.Cursor>>>()
same<Same<Generated.Attributes, Static<typeof Schema.Attributes>>>()
same<Same<Generated.Connections, Static<typeof Schema.Connections>>>()
same<Same<Generated.Resources, Static<typeof Schema.Resources>>>()
same<Same<Generated.Scope, Static<typeof Schema.Scope>>>()

// The fixture's every kind: unions of objects, literals, records of numbers, unsafe and quoted keys.
same<Same<FixtureGenerated.Color, Static<typeof Fixture.Color>>>()
same<Same<FixtureGenerated.Extras, Static<typeof Fixture.Extras>>>()
same<Same<FixtureGenerated.Item, Static<typeof Fixture.Item>>>()
same<Same<FixtureGenerated.Ping, Static<typeof Fixture.Ping>>>()
same<Same<FixtureGenerated.Pong, Static<typeof Fixture.Pong>>>()
same<Same<FixtureGenerated.SuperpowerEvent, Static<typeof Fixture.SuperpowerEvent>>>()
same<Same<FixtureGenerated.Frame, Static<typeof Fixture.Frame>>>()
same<Same<FixtureGenerated.Mixed, Static<typeof Fixture.Mixed>>>()
same<Same<FixtureGenerated.Size, Static<typeof Fixture.Size>>>()
same<Same<FixtureGenerated.Shape, Static<typeof Fixture.Shape>>>()
same<Same<FixtureGenerated.Paint, Static<typeof Fixture.Paint>>>()
same<Same<FixtureGenerated.Scores, Static<typeof Fixture.Scores>>>()
same<Same<FixtureGenerated.Empty, Static<typeof Fixture.Empty>>>()
same<Same<FixtureGenerated.PingPayload, Static<typeof Fixture.PingPayload>>>()
same<Same<FixtureGenerated.PongPayload, Static<typeof Fixture.PongPayload>>>()

// The check can fail: each of these differs from the schema in one way.
// @ts-expect-error a required property made optional
same<Same<Omit<Generated.Context, "organizationId"> & { readonly organizationId?: string }, Static<typeof Schema.Context>>>()
// @ts-expect-error an optional property dropped
same<Same<Omit<Generated.Context, "userId">, Static<typeof Schema.Context>>>()
// @ts-expect-error an optional property that also admits undefined (exactOptionalPropertyTypes)
same<Same<Omit<Generated.Context, "userId"> & { readonly userId?: string | undefined }, Static<typeof Schema.Context>>>()
// @ts-expect-error a literal union widened to string
same<Same<string, Static<typeof Schema.Medium>>>()
// @ts-expect-error another payload
same<Same<Generated.ElevatePayload, Static<typeof Schema.InsightsPayload>>>()

// Unknown properties pass through at run time (no object closes its properties), but the types
// stay exact: a misspelt property in a payload literal does not compile.
export const exactGenerated: Generated.Context = {
  organizationId: "org-1",
  // @ts-expect-error a typo of organizationId is not a property of Context
  organisationId: "org-1"
}
export const exactStatic: Static<typeof Schema.Link> = {
  // @ts-expect-error html is a boolean in the official schema
  html: "<a href='https://example.test'>x</a>"
}
