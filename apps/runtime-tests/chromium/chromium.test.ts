// Headless Chromium (Debian's package, driven by playwright-core) on a page served from loopback
// with a strict Content-Security-Policy: no 'unsafe-eval'. The page runs the scenario through
// @org/optave-edge. REST and the WebSocket go straight to the mock server on its own origin
// (allowed by connect-src): REST is cross-origin, so the mock's CORS answers are tested too.
import type { MockServer } from "@org/optave-mock-server"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { ScenarioReport } from "../scenario/run-scenario.ts"
import { bundle } from "../support/bundle.ts"
import { expectScenario } from "../support/expect-report.ts"
import { closeInTurn, jsonScript, launchChromium, recordConsole, startPageServer, withinOrFail, type PageServer } from "../support/page-server.ts"
import { startScenarioServer } from "../support/scenario-server.ts"
import { expectCompactValidators } from "../support/validator-form.ts"

interface PageReport {
  readonly report: ScenarioReport
  readonly violations: ReadonlyArray<string>
  readonly minted: number
}

let server: MockServer
let pages: PageServer
let browser: Browser
let pageInputs: ReadonlyArray<string> = []

beforeAll(async () => {
  server = await startScenarioServer()
  const script = await bundle(fileURLToPath(new URL("./page.ts", import.meta.url)), ["browser"])
  pageInputs = script.inputs
  const csp = `default-src 'none'; script-src 'self'; connect-src 'self' ${server.wsUrl} ${server.restUrl}`
  const input = jsonScript("scenario-input", { ws: server.wsUrl, rest: server.restUrl })
  pages = await startPageServer({
    "/": {
      type: "html",
      headers: { "content-security-policy": csp },
      body: `<!doctype html><meta charset="utf-8"><title>optave runtime test</title>${input}<script type="module" src="/page.js"></script>`
    },
    "/page.js": { type: "js", headers: { "content-security-policy": csp }, body: script.code }
  })
  browser = await launchChromium()
})
afterAll(() => closeInTurn(browser, pages, server))

it("Chromium: the scenario through @org/optave-edge under a CSP without 'unsafe-eval'", async () => {
  const tab = await browser.newPage()
  const lines = recordConsole(tab)
  await tab.goto(`${pages.origin}/`)
  const { report, violations, minted } = (await withinOrFail(pages.report, 60_000, lines)) as PageReport
  console.info(`[chromium ${browser.version()}] ${JSON.stringify(report)}\n  CSP violations: ${JSON.stringify(violations)}`)
  expectScenario(report, server, { platform: "browser (WebSocket)", seesUpgradeStatus: false, isBrowserLike: true, codeFromStringsBlocked: true })
  // The page bundle (the `browser` condition) holds the compact validators: they ran the validation step.
  expectCompactValidators(pageInputs)
  expect(report.codeFromStrings.message).toMatch(/EvalError|unsafe-eval/)
  expect(violations).toContainEqual(expect.stringMatching(/^script-src eval$/))
  // Each socket connection asked the tokenProvider for a fresh token (at least: first, server drop, client drop).
  expect(minted).toBeGreaterThanOrEqual(3)
  await tab.close()
})
