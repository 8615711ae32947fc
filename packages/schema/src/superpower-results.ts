import Type from "typebox"

// The docs leave result contents open ("//?"). These shapes are inferred, used by the mock
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
