import Type from "typebox"
import { commonRequestProperties } from "./request.ts"
import { Session } from "./session.ts"

/**
 * Builds an action's payload schema `{ session?, request }` from the shared request fields plus
 * the parts the action defines (its attributes, connections, resources and scope with their
 * required fields). The REST body is exactly this object; over WebSocket it is the envelope's payload.
 */
export const actionPayload = <Parts extends Type.TProperties>(id: string, description: string, parts: Parts) =>
  Type.Object(
    {
      session: Type.Optional(Session),
      request: Type.Object(
        { ...commonRequestProperties, ...parts },
        { description: "What to do, on what, for whom." }
      )
    },
    { $id: id, description }
  )
