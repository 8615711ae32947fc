// The example's Lightning Web Component (apps/examples/salesforce-lwc, optaveInsights) compiled by
// `@lwc/compiler` and rendered by `@lwc/engine-dom` in Debian's Chromium, on a page with a strict
// CSP (no 'unsafe-eval'): it loads the static resource (dist/optave.global.js) with `loadScript`,
// reads the case through `getRecord`, gets each token from its Apex method (a stand-in on this
// test's server mints it server-side from the mock's token endpoint with the client secret) and
// sends insights: one component over the WebSocket, one over REST. The platform modules are
// stand-ins (support/lwc-bundle.ts); the sandbox itself is tested by lightning-web-security.test.ts.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { Browser, Request } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { bundleLightningPage } from "./support/lwc-bundle.ts"
import { closeInTurn, globalScript, jsonScript, launchChromium, recordConsole, startPageServer, type PageServer } from "../support/page-server.ts"

const SECRET = "demo-secret"
const RESOURCE_PATH = "/resource/1765100000000/optave"
const caseRecord = {
  id: "500000000000001AAA",
  fields: {
    CaseNumber: { value: "00001026" },
    Description: { value: "The invoice for March was charged twice." },
    CreatedDate: { value: "2026-12-07T10:30:00.000Z" },
    ContactId: { value: "003000000000001AAA" }
  }
}

let server: MockServer
let pages: PageServer
let browser: Browser
let minted = 0

beforeAll(async () => {
  // Only tokens the mock's token endpoint issued are accepted.
  server = await startMockServer({ port: 0, latencyMs: 10, tokens: [] })
  // The Apex method's stand-in: the client credentials grant from the server, as the Named Credential sends it.
  const apex = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method !== "POST" || request.url !== "/apex/OptaveTokenController.mintToken") return false
    void (async () => {
      const body = new URLSearchParams({ grant_type: "client_credentials", client_id: "demo-client", client_secret: SECRET })
      const answer = (await (await fetch(`${server.restUrl}/auth/oauth2/token`, { method: "POST", body })).json()) as { access_token: string }
      minted++
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify(answer.access_token))
    })()
    return true
  }
  pages = await startPageServer({}, apex)
  const csp = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${server.wsUrl} ${server.restUrl}`
  const input = jsonScript("component-input", { recordId: caseRecord.id, ws: server.wsUrl, rest: server.restUrl })
  pages.route("/", {
    type: "html",
    headers: { "content-security-policy": csp },
    body: `<!doctype html><meta charset="utf-8"><title>Case record page</title>${jsonScript("case-record", caseRecord)}${input}<script src="/lwc-app.js" defer></script>`
  })
  pages.route("/lwc-app.js", { type: "js", headers: { "content-security-policy": csp }, body: await bundleLightningPage(RESOURCE_PATH, "/apex") })
  pages.route(RESOURCE_PATH, { type: "js", body: globalScript() })
  browser = await launchChromium()
})
afterAll(() => closeInTurn(browser, pages, server))

it("LWC: the example component loads the static resource, reads the case, gets tokens from Apex and sends insights over the WebSocket and over REST", async () => {
  const page = await browser.newPage()
  const lines = recordConsole(page)
  const requests: Array<Request> = []
  page.on("request", (request) => requests.push(request))
  await page.goto(`${pages.origin}/`)
  const states: Record<string, Record<string, string>> = {}
  for (const transport of ["ws", "rest"]) {
    const component = page.locator(`c-optave-insights[data-transport="${transport}"]`)
    await component.locator("lightning-button button:not([disabled])").click({ timeout: 60_000 })
    await expect.poll(() => component.locator("p.status").textContent(), { timeout: 60_000, message: lines.join("\n") }).not.toMatch(/^(ready|asking Optave)$/)
    expect(await component.locator("p.status").textContent(), lines.join("\n")).toBe("done")
    const items = await component.locator("li").evaluateAll((elements) => elements.map((element) => [(element as HTMLElement).dataset.superpower!, (element as HTMLElement).dataset.state!]))
    states[transport] = Object.fromEntries(items)
  }
  const bothCompleted = { performance_criteria: "completed", sentiment_analysis: "completed" }
  expect(states).toEqual({ ws: bothCompleted, rest: bothCompleted })

  const insights = server.engine.requests().filter((request) => request.action === "insights")
  expect(insights.map((request) => request.via).sort()).toEqual(["rest", "socket"])
  for (const request of insights) {
    const payload = request.payload as { request: { context: { caseId: string }; scope: { conversations: Array<{ messages: Array<{ content: string }> }> } } }
    expect(request.valid).toBe(true)
    expect(payload.request.context.caseId).toBe(caseRecord.id)
    expect(payload.request.scope.conversations[0]!.messages[0]!.content).toBe(caseRecord.fields.Description.value)
  }
  // Tokens came from Apex (the page asked it at least once per component), the secret never reached the page.
  expect(minted).toBeGreaterThanOrEqual(2)
  expect(requests.filter((request) => request.url().includes("/apex/")).length).toBe(minted)
  expect(requests.filter((request) => [request.url(), request.postData() ?? ""].some((text) => text.includes(SECRET)))).toEqual([])
  expect(lines.filter((line) => /Content Security Policy|^pageerror|^error/.test(line))).toEqual([])
  await page.close()
})
