// The TypeBox schema of each action's payload, as @org/optave-schema defines it: the independent
// reference the validator benchmark and the fuzz run compare the client against.
import type { ActionName } from "@org/optave-core"
import * as Schemas from "@org/optave-schema"
import type { TSchema } from "typebox"

export const payloadSchemas: Readonly<Record<ActionName, TSchema>> = {
  insights: Schemas.InsightsPayload,
  elevate: Schemas.ElevatePayload,
  summarize: Schemas.SummarizePayload,
  translate: Schemas.TranslatePayload,
  recommend: Schemas.RecommendPayload,
  adjust: Schemas.AdjustPayload,
  interaction: Schemas.InteractionPayload,
  reception: Schemas.ReceptionPayload,
  customerinteraction: Schemas.CustomerInteractionPayload
}
