// The page of the LWC test: renders the example's component twice (one sends over the WebSocket,
// one over REST) with the properties Lightning App Builder would set.
import { createElement } from "lwc"
import OptaveInsights from "c/optaveInsights"

const input = JSON.parse(document.getElementById("component-input").textContent)
for (const transport of ["ws", "rest"]) {
  const element = createElement("c-optave-insights", { is: OptaveInsights })
  Object.assign(element, { recordId: input.recordId, organizationId: "salesforce-org-1", transport, wsUrl: input.ws, restUrl: input.rest })
  element.dataset.transport = transport
  document.body.appendChild(element)
}
