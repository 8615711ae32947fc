import type { ActionPayloads } from "@org/optave-core"
import { insightsExample } from "@org/optave-schema"

const base = {
  request: {
    connections: { threadId: "thread-1", parentId: "message-1" },
    context: { organizationId: "org-1" },
    attributes: { content: "Hello, how can I help?", instruction: "Make it warmer." },
    resources: { offers: [{ id: "o-1", name: "Priority rebooking" }] },
    scope: insightsExample.request.scope
  }
}

/** A valid payload for any action (the union of every action's required fields). */
export const payloadFor = (requestId: string): ActionPayloads["adjust"] & ActionPayloads["recommend"] =>
  ({ ...base, request: { ...base.request, requestId } }) as ActionPayloads["adjust"] & ActionPayloads["recommend"]

/** The same payload without `request.context.organizationId`, which every action requires. */
export const payloadWithoutOrganization = (requestId: string): unknown => ({
  ...base,
  request: { ...base.request, requestId, context: {} }
})
