import Type from "typebox"

// The docs leave most result contents open ("//?"). These shapes are inferred (the mock's invention), used by the mock
// engine for realistic answers and offered to callers as typed views; validation of inbound
// events never depends on them.

export const PerformanceCriterion = Type.Object(
  {
    criterion: Type.String({ description: "Name of the criterion, e.g. empathy." }),
    score: Type.Number({ minimum: 0, maximum: 100, description: "Score from 0 to 100." }),
    rationale: Type.String({ description: "Why the score was given." })
  },
  { $id: "PerformanceCriterion", description: "One evaluation criterion with its score (inferred shape)." }
)
export type PerformanceCriterion = Type.Static<typeof PerformanceCriterion>

export const SentimentAnalysis = Type.Object(
  {
    label: Type.Union([Type.Literal("positive"), Type.Literal("neutral"), Type.Literal("negative")], { description: "Overall sentiment." }),
    score: Type.Number({ minimum: -1, maximum: 1, description: "Sentiment from -1 (negative) to 1 (positive)." })
  },
  { $id: "SentimentAnalysis", description: "Customer sentiment (inferred shape)." }
)
export type SentimentAnalysis = Type.Static<typeof SentimentAnalysis>

export const TranslatedText = Type.Object(
  {
    original: Type.String({ description: "The text as written." }),
    text: Type.String({ description: "The text in the target language." }),
    participantId: Type.Optional(Type.String({ description: "Who wrote it, when it is a conversation message." }))
  },
  { $id: "TranslatedText", description: "One translated text (inferred shape)." }
)
export type TranslatedText = Type.Static<typeof TranslatedText>

export const Translation = Type.Object(
  {
    sourceLanguage: Type.String({ description: "Language of the original texts." }),
    targetLanguage: Type.String({ description: "Language of the translations." }),
    translations: Type.Array(TranslatedText, { description: "The draft, or every message, translated." })
  },
  { $id: "Translation", description: "A translation of the draft or of the conversation's messages (inferred shape)." }
)
export type Translation = Type.Static<typeof Translation>

export const OfferRecommendation = Type.Object(
  {
    offer: Type.Unknown({ description: "The offer exactly as it was given in request.resources.offers (free-form: usually a record)." }),
    confidence: Type.Number({ minimum: 0, maximum: 1, description: "Confidence from 0 to 1." }),
    reason: Type.String({ description: "Why this offer fits." })
  },
  { $id: "OfferRecommendation", description: "One offer picked for the customer, with why (inferred shape)." }
)
export type OfferRecommendation = Type.Static<typeof OfferRecommendation>

export const RiskAssessment = Type.Object(
  {
    level: Type.Union([Type.Literal("low"), Type.Literal("medium"), Type.Literal("high")], { description: "Overall risk." }),
    score: Type.Number({ minimum: 0, maximum: 1, description: "Risk from 0 to 1." }),
    factors: Type.Array(Type.String(), { description: "What raises it: churn, legal, escalation, financial, frustration." })
  },
  { $id: "RiskAssessment", description: "How likely the interaction is to go wrong: churn, escalation, legal, money (inferred shape)." }
)
export type RiskAssessment = Type.Static<typeof RiskAssessment>

export const ReceptionTriage = Type.Object(
  {
    intent: Type.String({ description: "What the customer wants, e.g. booking." }),
    department: Type.String({ description: "Where the conversation should go." }),
    priority: Type.Union([Type.Literal("low"), Type.Literal("normal"), Type.Literal("high"), Type.Literal("urgent")], { description: "How soon." }),
    language: Type.String({ description: "The conversation's language." }),
    summary: Type.String({ description: "One sentence about the request." })
  },
  { $id: "ReceptionTriage", description: "Where an incoming conversation should go (inferred shape)." }
)
export type ReceptionTriage = Type.Static<typeof ReceptionTriage>

// Documented by the Elevate page: an `improve_answer` result's `response[].content` is the
// improved text. The client checks completed `improve_answer` events against this on arrival.

export const ImproveAnswerItem = Type.Object(
  { content: Type.String({ description: "The improved answer, ready to send." }) },
  { $id: "ImproveAnswerItem", additionalProperties: true, description: "One piece of an improve_answer result (documented)." }
)
export type ImproveAnswerItem = Type.Static<typeof ImproveAnswerItem>

export const ImproveAnswerResult = Type.Object(
  { response: Type.Optional(Type.Array(ImproveAnswerItem, { description: "The improved answer (one item in the documented example)." })) },
  { $id: "ImproveAnswerResult", additionalProperties: true, description: "One result of the improve_answer superpower (documented)." }
)
export type ImproveAnswerResult = Type.Static<typeof ImproveAnswerResult>

/**
 * Superpowers whose result shape the API pages document, with that shape. The generator turns it
 * into the typed results of `ActionResult`, the on-arrival checks and the action reference.
 */
export const documentedSuperpowerResults = { improve_answer: ImproveAnswerResult } as const
