// Headless Chromium (Debian's package, driven by playwright-core) on a page served from loopback
// with a strict Content-Security-Policy: no 'unsafe-eval'. The page runs the scenario through
// @org/optave-edge. REST and the WebSocket go straight to the mock server on its own origin
// (allowed by connect-src): REST is cross-origin, so the mock's CORS answers are tested too.
import type { MockServer } from "@org/optave-mock-server"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { ScenarioReport } from "../scenario/run-scenario.ts"
import { bundle } from "../support/bundle.ts"
import { expectScenario } from "../support/expect-report.ts"
import { launchChromium } from "../support/runtime-binaries.ts"
import { startScenarioServer } from "../support/scenario-server.ts"
import { expectCompactValidators } from "../support/validator-form.ts"

interface PageReport {
  readonly report: ScenarioReport
  readonly violations: ReadonlyArray<string>
  readonly minted: number
}

let server: MockServer
let page: Server | undefined
let browser: Browser | undefined
let origin: string
let pageInputs: ReadonlyArray<string> = []
let received: (report: PageReport) => void
const pageReport = new Promise<PageReport>((resolve) => {
  received = resolve
})

const readJson = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString("utf8"))
}

beforeAll(async () => {
  server = await startScenarioServer()
  const script = await bundle(fileURLToPath(new URL("./page.ts", import.meta.url)), ["browser"])
  pageInputs = script.inputs
  const csp = `default-src 'none'; script-src 'self'; connect-src 'self' ${server.wsUrl} ${server.restUrl}`
  const pageServer = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://page").pathname
    if (request.method === "GET" && path === "/") {
      const input = JSON.stringify({ ws: server.wsUrl, rest: server.restUrl }).replaceAll("<", "\\u003c")
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp })
      return response.end(
        `<!doctype html><meta charset="utf-8"><title>optave runtime test</title><script type="application/json" id="scenario-input">${input}</script><script type="module" src="/page.js"></script>`
      )
    }
    if (request.method === "GET" && path === "/page.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "content-security-policy": csp })
      return response.end(script.code)
    }
    if (request.method === "POST" && path === "/report") {
      void readJson(request).then((body) => received(body as PageReport))
      response.writeHead(204)
      return response.end()
    }
    response.writeHead(404)
    response.end()
  })
  page = pageServer
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  const pageServer = page
  if (pageServer !== undefined) await new Promise((resolve) => pageServer.close(resolve))
  await server?.close()
})

it("Chromium: the scenario through @org/optave-edge under a CSP without 'unsafe-eval'", async () => {
  const tab = await browser!.newPage()
  const console: Array<string> = []
  tab.on("console", (message) => console.push(`${message.type()}: ${message.text()}`))
  tab.on("pageerror", (error) => console.push(`pageerror: ${error.message}`))
  await tab.goto(`${origin}/`)
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no report from the page in 60 s; console:\n${console.join("\n")}`)), 60_000))
  const { report, violations, minted } = await Promise.race([pageReport, timeout])
  globalThis.console.info(`[chromium ${browser!.version()}] ${JSON.stringify(report)}\n  CSP violations: ${JSON.stringify(violations)}`)
  expectScenario(report, server, { platform: "browser (WebSocket)", seesUpgradeStatus: false, isBrowserLike: true, codeFromStringsBlocked: true })
  // The page bundle (the `browser` condition) holds the compact validators: they ran the validation step.
  expectCompactValidators(pageInputs)
  expect(report.codeFromStrings.message).toMatch(/EvalError|unsafe-eval/)
  expect(violations).toContainEqual(expect.stringMatching(/^script-src eval$/))
  // Each socket connection asked the tokenProvider for a fresh token (at least: first, server drop, client drop).
  expect(minted).toBeGreaterThanOrEqual(3)
  await tab.close()
})
