// The Zendesk sidebar app of apps/examples/zendesk-app (its assets/iframe.html and main.js, as
// written) in Debian's Chromium: framed cross-origin and `sandbox`ed by a stand-in of the agent
// workspace (pages/zendesk-host.ts) that answers the ZAF SDK (`zendesk_app_framework_sdk` 2.0.11
// from npm, Apache-2.0, bundled for the page), under a strict CSP (no 'unsafe-eval'). Two app
// instances read the ticket through ZAF and send insights to the loopback mock server, one over
// the WebSocket, one over REST. Their tokens come from the mock's token endpoint through the
// host's stand-in of ZAF's secure request proxy, which inserts the secure settings (client id and
// secret): the secret reaches the token endpoint and nothing of the app.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { readFileSync } from "node:fs"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { Browser, Request } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { bundleScript, closeInTurn, globalScript, jsonScript, launchChromium, readBody, recordConsole, startPageServer, type PageServer } from "../support/page-server.ts"

const SECRET = "demo-secret"
const CLIENT_ID = "demo-client"
const example = (path: string) => readFileSync(new URL(`../../examples/zendesk-app/${path}`, import.meta.url), "utf8")

const ticket = {
  "ticket.id": 4242,
  "ticket.requester": { id: 7, name: "Alice Hawthorne", locale: "en-US" },
  // Newest first, as ZAF gives them.
  "ticket.comments": [
    { value: "I am sorry about that. I have asked the courier for an update.", author: { id: 9 }, created_at: "2026-12-07T10:31:00Z" },
    { value: "My order 1187 is two weeks late.", author: { id: 7 }, created_at: "2026-12-07T10:30:00Z" }
  ]
}

let server: MockServer
let host: PageServer
let app: PageServer
let browser: Browser
const proxied: Array<{ readonly url: string; readonly body: string; readonly status: number }> = []

/** The stand-in of ZAF's secure request proxy: inserts `{{setting.name}}` of the secure settings, only for allowed hosts. */
const secureProxy = (allowedHost: string) => (request: IncomingMessage, response: ServerResponse): boolean => {
  if (request.method !== "POST" || request.url !== "/zaf/proxy") return false
  void (async () => {
    const { options } = JSON.parse(await readBody(request)) as { options: { url: string; type?: string; contentType?: string; data?: string; secure?: boolean } }
    const secure: Record<string, string> = { optaveClientId: CLIENT_ID, optaveClientSecret: SECRET }
    const insert = (text: string) => text.replace(/\{\{setting\.(\w+)\}\}/g, (_, name: string) => secure[name] ?? "")
    const url = new URL(options.url)
    if (options.secure !== true || url.host !== allowedHost) {
      response.writeHead(200, { "content-type": "application/json" })
      return response.end(JSON.stringify({ status: 403, text: "not a secure request to an allowed domain" }))
    }
    const body = insert(options.data ?? "")
    const upstream = await fetch(url, { method: options.type ?? "GET", headers: { "content-type": options.contentType ?? "application/json" }, body })
    const text = await upstream.text()
    proxied.push({ url: url.href, body, status: upstream.status })
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ status: upstream.status, text }))
  })()
  return true
}

beforeAll(async () => {
  // Only tokens the mock's token endpoint issued are accepted: the app works only if the proxy did.
  server = await startMockServer({ port: 0, latencyMs: 10, tokens: [] })
  const csp = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${server.wsUrl} ${server.restUrl}`
  // The example's own CSP names the real service's hosts: here they are the mock's.
  const iframeHtml = example("assets/iframe.html").replace(/connect-src [^"]*"/, `connect-src ${server.wsUrl} ${server.restUrl}"`)
  const strict = { "content-security-policy": csp }
  app = await startPageServer({
    "/assets/iframe.html": { type: "html", headers: strict, body: iframeHtml },
    "/assets/main.js": { type: "js", headers: strict, body: example("assets/main.js") },
    "/assets/optave.global.js": { type: "js", headers: strict, body: globalScript() },
    "/assets/zaf_sdk.min.js": { type: "js", headers: strict, body: await bundleScript("zaf-sdk.ts") }
  })
  host = await startPageServer({}, secureProxy(new URL(server.restUrl).host))
  const settings = { optaveTenant: "acme", optaveTld: "tech", optaveOrganizationId: "zendesk-org-1", optaveWsUrl: server.wsUrl, optaveRestUrl: server.restUrl }
  const hostInput = jsonScript("host-input", {
    appUrl: `${app.origin}/assets/iframe.html`,
    instances: [
      { appGuid: "app-over-socket", settings: { ...settings, optaveTransport: "ws" } },
      { appGuid: "app-over-rest", settings: { ...settings, optaveTransport: "rest" } }
    ],
    ticket
  })
  host.route("/", {
    type: "html",
    headers: { "content-security-policy": `default-src 'none'; script-src 'self'; connect-src 'self'; frame-src ${app.origin}` },
    body: `<!doctype html><meta charset="utf-8"><title>agent workspace</title>${hostInput}<script src="/zendesk-host.js" defer></script>`
  })
  host.route("/zendesk-host.js", { type: "js", body: await bundleScript("zendesk-host.ts") })
  browser = await launchChromium()
})
afterAll(() => closeInTurn(browser, app, host, server))

it("Zendesk app: reads the ticket through ZAF, sends insights over the WebSocket and over REST, its token through the secure proxy; the secret never reaches the app", async () => {
  const page = await browser.newPage()
  const lines = recordConsole(page)
  const appRequests: Array<Request> = []
  page.on("request", (request) => {
    if (request.frame().url().startsWith(app.origin)) appRequests.push(request)
  })
  await page.goto(`${host.origin}/`)
  const states: Record<string, Record<string, string>> = {}
  for (const appGuid of ["app-over-socket", "app-over-rest"]) {
    const frame = page.frame({ name: appGuid })
    expect(frame, `frame ${appGuid}; console:\n${lines.join("\n")}`).not.toBeNull()
    await frame!.waitForFunction(() => document.getElementById("status")?.textContent !== "loading", undefined, { timeout: 60_000 })
    expect(await frame!.textContent("#status"), lines.join("\n")).toBe("done")
    const items = await frame!.$$eval("#results li", (elements) => elements.map((element) => [(element as HTMLElement).dataset.superpower!, (element as HTMLElement).dataset.state!]))
    states[appGuid] = Object.fromEntries(items)
  }
  const bothCompleted = { performance_criteria: "completed", sentiment_analysis: "completed" }
  expect(states).toEqual({ "app-over-socket": bothCompleted, "app-over-rest": bothCompleted })

  // What the mock received: one insights request per transport, built from the ticket ZAF gave.
  const insights = server.engine.requests().filter((request) => request.action === "insights")
  expect(insights.map((request) => request.via).sort()).toEqual(["rest", "socket"])
  for (const request of insights) {
    const payload = request.payload as { request: { context: { caseId: string }; scope: { conversations: Array<{ messages: Array<{ content: string }> }> } } }
    expect(request.valid).toBe(true)
    expect(payload.request.context.caseId).toBe("4242")
    expect(payload.request.scope.conversations[0]!.messages.map((message) => message.content)).toEqual([ticket["ticket.comments"][1]!.value, ticket["ticket.comments"][0]!.value])
  }

  // The secret went to the token endpoint, inserted by the proxy, and every token it minted was accepted.
  expect(proxied.length).toBeGreaterThanOrEqual(2)
  for (const request of proxied) {
    expect(request.url).toBe(`${server.restUrl}/auth/oauth2/token`)
    expect(new URLSearchParams(request.body).get("client_secret")).toBe(SECRET)
    expect(request.status).toBe(200)
  }
  // ...and nothing of the app held it: not its files, not a message the host posted to it, not a
  // request it made, not its document.
  const appFiles = [example("assets/iframe.html"), example("assets/main.js"), example("manifest.json")]
  expect(appFiles.filter((text) => text.includes(SECRET))).toEqual([])
  const posted = await page.evaluate(() => (window as unknown as { zafPosted: Array<string> }).zafPosted)
  expect(posted.some((text) => text.includes("zaf.app.registered"))).toBe(true)
  expect(posted.some((text) => text.includes("access_token"))).toBe(true)
  expect(posted.filter((text) => text.includes(SECRET))).toEqual([])
  expect(appRequests.length).toBeGreaterThan(0)
  const carried = appRequests.filter((request) => [request.url(), JSON.stringify(request.headers()), request.postData() ?? ""].some((text) => text.includes(SECRET)))
  expect(carried.map((request) => request.url())).toEqual([])
  for (const appGuid of ["app-over-socket", "app-over-rest"]) {
    expect(await page.frame({ name: appGuid })!.evaluate(() => document.documentElement.outerHTML.includes("demo-secret"))).toBe(false)
  }
  // No CSP refusal and no page error in the app or the host.
  expect(lines.filter((line) => /Content Security Policy|^pageerror/.test(line))).toEqual([])
  await page.close()
})
