// A stand-in of the Zendesk agent workspace for the app test: it frames the app (cross-origin,
// `sandbox`ed, as Zendesk frames apps) and answers the ZAF SDK's messages: the handshake
// (`iframe.handshake` -> `zaf.app.registered` with the app's non-secure settings), `get` of ticket
// fields, and `request:N` through the secure request proxy (the host's server: it inserts the
// secure settings and makes the request). Every message posted to an app is kept for the test.
interface Instance {
  readonly appGuid: string
  readonly settings: Record<string, string>
}

interface HostInput {
  readonly appUrl: string
  readonly instances: ReadonlyArray<Instance>
  readonly ticket: Record<string, unknown>
}

const input = JSON.parse(document.getElementById("host-input")?.textContent ?? "null") as HostInput
const appOrigin = new URL(input.appUrl).origin
const posted: Array<string> = []
;(window as unknown as { zafPosted: Array<string> }).zafPosted = posted

const frames = new Map<MessageEventSource, Instance>()
for (const instance of input.instances) {
  const frame = document.createElement("iframe")
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups")
  frame.name = instance.appGuid
  frame.src = `${input.appUrl}?origin=${encodeURIComponent(location.origin)}&app_guid=${encodeURIComponent(instance.appGuid)}`
  document.body.append(frame)
  frames.set(frame.contentWindow!, instance)
}

const post = (target: MessageEventSource, message: object) => {
  const text = JSON.stringify(message)
  posted.push(text)
  ;(target as Window).postMessage(text, appOrigin)
}

const proxy = async (instance: Instance, options: unknown) => {
  const response = await fetch("/zaf/proxy", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ appGuid: instance.appGuid, options }) })
  return (await response.json()) as { status: number; text: string }
}

window.addEventListener("message", (event) => {
  const instance = event.source === null ? undefined : frames.get(event.source)
  if (instance === undefined || event.origin !== appOrigin || typeof event.data !== "string") return
  const message = JSON.parse(event.data) as { key?: string; message?: unknown; id?: number; request?: string; params?: ReadonlyArray<string> }
  const source = event.source!
  if (message.key === "iframe.handshake") {
    const context = { location: "ticket_sidebar", ticketId: input.ticket["ticket.id"], instanceGuid: instance.appGuid }
    return post(source, { key: "zaf.app.registered", message: { context, metadata: { appId: 0, installationId: 1, settings: instance.settings } } })
  }
  if (message.request === "get" && message.id !== undefined) {
    const result = Object.fromEntries((message.params ?? []).map((path) => [path, input.ticket[path]]))
    return post(source, { id: message.id, result })
  }
  const requestKey = /^request:\d+$/.exec(message.key ?? "")?.[0]
  if (requestKey !== undefined) {
    void proxy(instance, message.message).then(({ status, text }) => {
      const ok = status >= 200 && status < 300
      const responseArgs = ok ? [JSON.parse(text), "success", { status }] : [{ status, responseText: text }, "error", text]
      post(source, { key: `zaf.${requestKey}.${ok ? "done" : "fail"}`, message: { responseArgs } })
    })
  }
})
