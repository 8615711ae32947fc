import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { standardParts } from "./standard.ts"

export const InsightsPayload = actionPayload("InsightsPayload", "Payload of the insights action: evaluates the agent's performance against several criteria and analyses customer sentiment.", standardParts)
export type InsightsPayload = Type.Static<typeof InsightsPayload>
