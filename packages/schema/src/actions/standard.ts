import Type from "typebox"
import { Attributes, Connections, Resources, Scope } from "../request.ts"

/** Parts shared by actions whose only requirements are the common ones (conversations, threadId, organizationId). */
export const standardParts = {
  attributes: Type.Optional(Attributes),
  connections: Connections,
  resources: Type.Optional(Resources),
  scope: Scope
}
