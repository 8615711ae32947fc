import type { ActionName, ActionPayloads } from "@org/optave-node"
import { elevateExample, insightsExample } from "@org/optave-schema"

// The API documents two example payloads (insights and elevate); the other actions reuse their
// conversation and add the fields their pages require.
const adjustExample = {
  ...elevateExample,
  request: { ...elevateExample.request, attributes: { ...elevateExample.request.attributes, instruction: "Make it more formal" } }
} satisfies ActionPayloads["adjust"]

const recommendExample = {
  ...insightsExample,
  request: {
    ...insightsExample.request,
    resources: {
      ...insightsExample.request.resources,
      offers: [
        { id: "flex-rebooking", name: "Flexible rebooking", description: "Rebook any flight without a change fee" },
        { id: "lounge-pass", name: "Lounge pass", description: "Airport lounge access while you wait" }
      ]
    }
  }
} satisfies ActionPayloads["recommend"]

const translateExample = {
  ...insightsExample,
  session: { ...insightsExample.session, channel: { language: "fr-FR" } }
} satisfies ActionPayloads["translate"]

const examples: { readonly [A in ActionName]: ActionPayloads[A] } = {
  insights: insightsExample,
  elevate: elevateExample,
  summarize: insightsExample,
  translate: translateExample,
  recommend: recommendExample,
  adjust: adjustExample,
  interaction: insightsExample,
  reception: insightsExample,
  customerinteraction: insightsExample
}

/** A valid example payload of `action`. */
export const examplePayload = (action: ActionName): ActionPayloads[ActionName] => examples[action]
