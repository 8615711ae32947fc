import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { standardParts } from "./standard.ts"

export const SummarizePayload = actionPayload("SummarizePayload", "Payload of the summarize action: summarizes the conversation.", standardParts)
export type SummarizePayload = Type.Static<typeof SummarizePayload>
