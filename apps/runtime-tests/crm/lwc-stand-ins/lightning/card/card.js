// Stand-in of the base component `lightning-card`: a titled box around its slot.
import { LightningElement, api } from "lwc"

export default class Card extends LightningElement {
  @api title
  @api iconName
}
