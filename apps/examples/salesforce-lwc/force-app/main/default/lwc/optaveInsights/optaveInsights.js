// Optave insights for the open case, on a Lightning record page. Loads Optave's script build (the
// static resource `optave`, a copy of @org/optave-edge/global) with `loadScript`; inside Lightning
// Web Security its global `Optave` lives on this namespace's sandboxed `window`. Tokens come from
// Apex (OptaveTokenController.mintToken): the client secret stays in a Named Credential.
import { LightningElement, api, wire } from "lwc"
import { loadScript } from "lightning/platformResourceLoader"
import { getRecord, getFieldValue } from "lightning/uiRecordApi"
import OPTAVE from "@salesforce/resourceUrl/optave"
import mintToken from "@salesforce/apex/OptaveTokenController.mintToken"
import CASE_NUMBER from "@salesforce/schema/Case.CaseNumber"
import DESCRIPTION from "@salesforce/schema/Case.Description"
import CREATED_DATE from "@salesforce/schema/Case.CreatedDate"
import CONTACT_ID from "@salesforce/schema/Case.ContactId"

export default class OptaveInsights extends LightningElement {
  @api recordId
  /** Set in Lightning App Builder: `{tenant}.oco.optave.{tld}`. */
  @api tenant = "acme"
  @api tld = "tech"
  @api organizationId
  /** `ws` (default) or `rest`, for a network whose proxy refuses WebSockets. */
  @api transport = "ws"
  /** Development only: a local mock server's URLs instead of the tenant's. */
  @api wsUrl
  @api restUrl
  status = "loading"
  results = []
  client

  @wire(getRecord, { recordId: "$recordId", fields: [CASE_NUMBER, DESCRIPTION, CREATED_DATE, CONTACT_ID] })
  caseRecord

  async connectedCallback() {
    try {
      await loadScript(this, OPTAVE)
      // Each WebSocket connection asks for a fresh token: one Apex call each, never a secret here.
      const where = this.restUrl ? { urls: { ws: this.wsUrl, rest: this.restUrl } } : { tenant: this.tenant, tld: this.tld }
      this.client = window.Optave.createClient({ ...where, tokenProvider: () => mintToken() })
      this.status = "ready"
    } catch (error) {
      this.status = `failed to load Optave: ${error?.message ?? error}`
    }
  }

  disconnectedCallback() {
    void this.client?.close()
  }

  get isReady() {
    return this.client !== undefined && this.caseRecord?.data !== undefined
  }

  get isNotReady() {
    return !this.isReady
  }

  async handleInsights() {
    const record = this.caseRecord.data
    const caseId = this.recordId
    const customer = getFieldValue(record, CONTACT_ID) ?? "customer"
    const payload = {
      session: { channel: { language: "en-US" }, interface: { type: "email" } },
      request: {
        attributes: {},
        connections: { threadId: `salesforce-case-${caseId}` },
        context: { organizationId: this.organizationId, caseId },
        scope: {
          conversations: [
            {
              conversationId: getFieldValue(record, CASE_NUMBER),
              participants: [{ participantId: customer, role: "user" }],
              messages: [{ content: getFieldValue(record, DESCRIPTION) ?? "", participantId: customer, timestamp: getFieldValue(record, CREATED_DATE) }]
            }
          ]
        }
      }
    }
    this.status = "asking Optave"
    try {
      const result = await this.client.insights(payload, { transport: this.transport === "rest" ? "rest" : "ws" })
      this.results = Object.values(result.superpowers).map((outcome) => ({ key: outcome.superpower, label: `${outcome.superpower}: ${outcome.state}`, state: outcome.state }))
      this.status = "done"
    } catch (error) {
      // Errors carry `_tag` (ConfigError, AuthError, TransportError, TimeoutError, ...) and a message.
      this.status = window.Optave.isOptaveError(error) ? `${error._tag}: ${error.message}` : String(error)
    }
  }
}
