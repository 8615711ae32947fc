import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { standardParts } from "./standard.ts"

export const ReceptionPayload = actionPayload("ReceptionPayload", "Payload of the reception action: triages an incoming conversation.", standardParts)
export type ReceptionPayload = Type.Static<typeof ReceptionPayload>
