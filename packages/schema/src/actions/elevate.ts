import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { RequiredContent, RequiredParentId, Resources, Scope, attributesProperties, connectionsProperties } from "../request.ts"

export const ElevateAttributes = Type.Object(
  { ...attributesProperties, content: RequiredContent },
  { description: "The draft answer to improve." }
)
export const EditConnections = Type.Object(
  { ...connectionsProperties, parentId: RequiredParentId },
  { description: "The thread and the message being edited." }
)

export const ElevatePayload = actionPayload(
  "ElevatePayload",
  "Payload of the elevate action: improves the agent's draft answer (tone, mistakes, context).",
  { attributes: ElevateAttributes, connections: EditConnections, resources: Type.Optional(Resources), scope: Scope }
)
export type ElevatePayload = Type.Static<typeof ElevatePayload>
