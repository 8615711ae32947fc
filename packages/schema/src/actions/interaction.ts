import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { standardParts } from "./standard.ts"

export const InteractionPayload = actionPayload("InteractionPayload", "Payload of the interaction action (successor of customerinteraction): analyses the customer interaction.", standardParts)
export type InteractionPayload = Type.Static<typeof InteractionPayload>
