import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { standardParts } from "./standard.ts"

export const CustomerInteractionPayload = actionPayload("CustomerInteractionPayload", "Payload of the deprecated customerinteraction action; use interaction.", standardParts)
export type CustomerInteractionPayload = Type.Static<typeof CustomerInteractionPayload>
