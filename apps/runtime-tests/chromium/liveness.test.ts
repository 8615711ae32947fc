// The liveness scenario (scenario/run-liveness.ts) in headless Chromium: a browser's WebSocket has
// no protocol ping and no way to send one, so only the client's liveness rule can find a
// connection silenced without FIN or RST. The page is served from loopback under a strict CSP.
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, it } from "vitest"
import type { LivenessReport } from "../scenario/run-liveness.ts"
import { bundle } from "../support/bundle.ts"
import { expectLiveness } from "../support/expect-liveness.ts"
import { startLivenessServers } from "../support/liveness-servers.ts"
import { closeInTurn, jsonScript, launchChromium, recordConsole, startPageServer, withinOrFail, type PageServer } from "../support/page-server.ts"

let servers: Awaited<ReturnType<typeof startLivenessServers>>
let pages: PageServer
let browser: Browser

beforeAll(async () => {
  servers = await startLivenessServers()
  const script = await bundle(fileURLToPath(new URL("./liveness-page.ts", import.meta.url)), ["browser"])
  const { proxy, server } = servers
  const csp = `default-src 'none'; script-src 'self'; connect-src 'self' ${proxy.url} ${server.restUrl} ${proxy.controlUrl}`
  const input = jsonScript("liveness-input", { wsUrl: proxy.url, restUrl: server.restUrl, controlUrl: proxy.controlUrl })
  pages = await startPageServer({
    "/": {
      type: "html",
      headers: { "content-security-policy": csp },
      body: `<!doctype html><meta charset="utf-8"><title>optave liveness</title>${input}<script type="module" src="/page.js"></script>`
    },
    "/page.js": { type: "js", headers: { "content-security-policy": csp }, body: script.code }
  })
  browser = await launchChromium()
})
afterAll(() => closeInTurn(browser, pages, servers))

it("Chromium: a connection silenced without FIN or RST is found within twice the liveness window, its requests resent once", async () => {
  const tab = await browser.newPage()
  const lines = recordConsole(tab)
  await tab.goto(`${pages.origin}/`)
  const report = (await withinOrFail(pages.report, 60_000, lines)) as LivenessReport
  console.info(`[chromium liveness] ${JSON.stringify(report)}`)
  expectLiveness(report, servers.server, servers.proxy)
  await tab.close()
})
