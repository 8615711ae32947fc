// Valid payloads for tests, built from the API's own examples (the seeds' Insights and Elevate pages).
import { elevateExample, insightsExample, type ActionName, type ActionPayloads } from "@org/optave-schema"

const clone = <T>(value: T): T => structuredClone(value)

/** A valid payload for every action of the catalog, each from the documented examples. */
export const examplePayloads: { readonly [Action in ActionName]: ActionPayloads[Action] } = {
  insights: clone(insightsExample),
  elevate: clone(elevateExample),
  summarize: clone(insightsExample),
  translate: { ...clone(insightsExample), session: { channel: { language: "fr-FR" } } },
  recommend: {
    ...clone(insightsExample),
    request: {
      ...clone(insightsExample.request),
      resources: {
        offers: [
          { id: "o1", name: "Gym membership", description: "Monthly access to the gym" },
          { id: "o2", name: "Flexible rebooking", description: "Rebook any cancelled flight for free" },
          { id: "o3", name: "Lounge pass", description: "Airport lounge access" }
        ]
      }
    }
  },
  adjust: {
    ...clone(elevateExample),
    request: {
      ...clone(elevateExample.request),
      attributes: {
        content: "hi. i can't find your booking, give me the reference and i'll check it for you now.",
        instruction: "make it more formal"
      }
    }
  },
  interaction: clone(insightsExample),
  reception: clone(insightsExample),
  customerinteraction: clone(insightsExample)
}

/** The insights example with other customer words in its conversation. */
export const withCustomerWords = (words: ReadonlyArray<string>): ActionPayloads["insights"] => {
  const payload = clone(insightsExample)
  const conversation = payload.request.scope.conversations[0]!
  const customer = conversation.participants![0]!.participantId!
  conversation.messages = words.map((content, index) => ({
    content,
    participantId: customer,
    timestamp: `2024-01-15T10:3${index % 10}:00.000Z`
  }))
  return payload
}

const anyActionBase = {
  request: {
    connections: { threadId: "thread-1", parentId: "message-1" },
    context: { organizationId: "org-1" },
    attributes: { content: "Hello, how can I help?", instruction: "Make it warmer." },
    resources: { offers: [{ id: "o-1", name: "Priority rebooking" }] },
    scope: insightsExample.request.scope
  }
}

/** One payload valid for every action (the union of every action's required fields), with its own `requestId`. */
export const anyActionPayload = (requestId: string): ActionPayloads["adjust"] & ActionPayloads["recommend"] =>
  ({ ...anyActionBase, request: { ...anyActionBase.request, requestId } }) as ActionPayloads["adjust"] & ActionPayloads["recommend"]

/** The same payload without `request.context.organizationId`, which every action requires. */
export const payloadWithoutOrganization = (requestId: string): unknown => ({
  ...anyActionBase,
  request: { ...anyActionBase.request, requestId, context: {} }
})
