import Type from "typebox"
import { actionPayload } from "../action-payload.ts"
import { Attributes, Connections, RequiredOffers, Scope, resourcesProperties } from "../request.ts"

export const RecommendResources = Type.Object(
  { ...resourcesProperties, offers: RequiredOffers },
  { description: "The offers to recommend from, plus any codes and links." }
)

export const RecommendPayload = actionPayload(
  "RecommendPayload",
  "Payload of the recommend action: recommends offers that fit the conversation.",
  { attributes: Type.Optional(Attributes), connections: Connections, resources: RecommendResources, scope: Scope }
)
export type RecommendPayload = Type.Static<typeof RecommendPayload>
