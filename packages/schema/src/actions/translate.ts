import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { standardParts } from "./standard.ts"

export const TranslatePayload = actionPayload("TranslatePayload", "Payload of the translate action: translates the conversation or content.", standardParts)
export type TranslatePayload = Type.Static<typeof TranslatePayload>
