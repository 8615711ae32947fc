// Stand-in of the base component `lightning-button`: a native button (its click is composed, so
// the parent's `onclick` on the host element sees it).
import { LightningElement, api } from "lwc"

export default class Button extends LightningElement {
  @api label
  @api disabled = false
}
