// Optave insights for the open ticket, in a Zendesk sidebar app. Plain script, no build step: the
// page has loaded the ZAF SDK (global `ZAFClient`) and Optave's script build (global `Optave`).
// The client secret is a secure setting: this code only ever names it as `{{setting.optaveClientSecret}}`,
// which Zendesk's request proxy replaces on its servers; the app sees the token, never the secret.
;(() => {
  const zaf = ZAFClient.init()
  const status = document.getElementById("status")
  const results = document.getElementById("results")

  /** Each WebSocket connection needs a fresh token: minted through ZAF's secure request proxy. */
  const tokenProviderFor = (tokenUrl) => () =>
    zaf
      .request({
        url: tokenUrl,
        type: "POST",
        contentType: "application/x-www-form-urlencoded",
        data: "grant_type=client_credentials&client_id={{setting.optaveClientId}}&client_secret={{setting.optaveClientSecret}}",
        secure: true,
        cors: false
      })
      .then((answer) => answer.access_token)

  /** The ticket's conversation as an insights payload: the requester and the agents, oldest first. */
  const insightsPayloadFor = (ticket, organizationId) => {
    const comments = ticket.comments.slice().reverse()
    const requesterId = String(ticket.requester.id)
    return {
      session: { channel: { language: ticket.requester.locale || "en-US" }, interface: { type: "email" } },
      request: {
        attributes: {},
        connections: { threadId: `zendesk-ticket-${ticket.id}` },
        context: { organizationId, caseId: String(ticket.id) },
        scope: {
          conversations: [
            {
              conversationId: String(ticket.id),
              messages: comments.map((comment) => ({
                content: comment.value,
                participantId: String(comment.author.id),
                timestamp: comment.created_at
              })),
              participants: [{ participantId: requesterId, displayName: ticket.requester.name, role: "user" }]
            }
          ]
        }
      }
    }
  }

  const render = (result) => {
    results.textContent = ""
    for (const outcome of Object.values(result.superpowers)) {
      const item = document.createElement("li")
      item.textContent = `${outcome.superpower}: ${outcome.state}`
      item.dataset.superpower = outcome.superpower
      item.dataset.state = outcome.state
      results.append(item)
    }
  }

  const run = async () => {
    const { settings } = await zaf.metadata()
    const base = settings.optaveRestUrl || `https://${settings.optaveTenant}.oco.optave.${settings.optaveTld}`
    const where = settings.optaveRestUrl
      ? { urls: { ws: settings.optaveWsUrl, rest: settings.optaveRestUrl } }
      : { tenant: settings.optaveTenant, tld: settings.optaveTld }
    const client = Optave.createClient({ ...where, tokenProvider: tokenProviderFor(`${base}/auth/oauth2/token`) })
    try {
      const data = await zaf.get(["ticket.id", "ticket.requester", "ticket.comments"])
      const ticket = { id: data["ticket.id"], requester: data["ticket.requester"], comments: data["ticket.comments"] }
      const transport = settings.optaveTransport === "rest" ? "rest" : "ws"
      render(await client.insights(insightsPayloadFor(ticket, settings.optaveOrganizationId), { transport }))
      status.textContent = "done"
    } finally {
      await client.close()
    }
  }

  run().catch((error) => {
    status.textContent = `failed: ${Optave.isOptaveError(error) ? `${error._tag} ${error.message}` : String(error)}`
  })
})()
