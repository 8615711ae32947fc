import Type from "typebox"

// The docs leave insights result contents open ("//?"). These shapes are inferred (the mock's invention), used by the mock
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
