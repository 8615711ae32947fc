import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { RequiredContent, RequiredInstruction, Resources, Scope, attributesProperties } from "../request.ts"
import { EditConnections } from "./elevate.ts"

export const AdjustAttributes = Type.Object(
  { ...attributesProperties, content: RequiredContent, instruction: RequiredInstruction },
  { description: "The draft answer and how to adjust it." }
)

export const AdjustPayload = actionPayload(
  "AdjustPayload",
  "Payload of the adjust action: rewrites the agent's draft answer following an instruction.",
  { attributes: AdjustAttributes, connections: EditConnections, resources: Type.Optional(Resources), scope: Scope }
)
export type AdjustPayload = Type.Static<typeof AdjustPayload>
