// The script-tag build (`@org/optave-edge/global`, dist/optave.global.js) on a plain page in
// Debian's Chromium: loaded with `<script src>` under `script-src 'self'` (no 'unsafe-eval'), the
// shared scenario through the `Optave` global against the loopback mock server (insights over the
// WebSocket, elevate over REST, drops, validation), the browser-side rules, and what the script
// leaves on the page: one global, `Optave`, with the ESM entry's Promise names; nothing patched.
import * as edge from "@org/optave-edge"
import type { MockServer } from "@org/optave-mock-server"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { ScenarioReport } from "../scenario/run-scenario.ts"
import { bundle } from "../support/bundle.ts"
import { expectScenario } from "../support/expect-report.ts"
import { startScenarioServer } from "../support/scenario-server.ts"
import { closeInTurn, globalScript, jsonScript, launchChromium, recordConsole, startPageServer, withinOrFail, type PageServer } from "../support/page-server.ts"
import type { ErrorSeen } from "./pages/browser-rules.ts"

interface PageReport {
  readonly names: ReadonlyArray<string>
  readonly version: string
  readonly rules: Record<string, ErrorSeen | "accepted">
  readonly report: ScenarioReport
  readonly violations: ReadonlyArray<string>
  readonly minted: number
}

let server: MockServer
let pages: PageServer
let browser: Browser

beforeAll(async () => {
  server = await startScenarioServer()
  const pageScript = await bundle(fileURLToPath(new URL("./pages/global-page.ts", import.meta.url)), ["browser"])
  const csp = `default-src 'none'; script-src 'self'; connect-src 'self' ${server.wsUrl} ${server.restUrl}`
  const input = jsonScript("scenario-input", { ws: server.wsUrl, rest: server.restUrl })
  pages = await startPageServer({
    "/": {
      type: "html",
      headers: { "content-security-policy": csp },
      body: `<!doctype html><meta charset="utf-8"><title>optave global build</title>${input}<script src="/optave.global.js"></script><script type="module" src="/page.js"></script>`
    },
    "/optave.global.js": { type: "js", body: globalScript() },
    // The test's own script, a module (so it runs after the classic script above and adds no global).
    "/page.js": { type: "js", body: pageScript.code }
  })
  browser = await launchChromium()
})
afterAll(() => closeInTurn(browser, pages, server))

it("the global build: one global with the ESM entry's Promise names, nothing of the page patched, the scenario and the browser rules under a CSP without 'unsafe-eval'", async () => {
  const page = await browser.newPage()
  const lines = recordConsole(page)
  // Before any page script: the window's own keys and the primitives the client uses.
  await page.addInitScript(() => {
    const held = { fetch: globalThis.fetch, WebSocket: globalThis.WebSocket, randomUUID: crypto.randomUUID, getRandomValues: crypto.getRandomValues, setTimeout: globalThis.setTimeout }
    Object.defineProperty(globalThis, "__pageBefore", { value: { keys: Reflect.ownKeys(globalThis), held }, enumerable: false })
  })
  await page.goto(`${pages.origin}/`)
  const body = (await withinOrFail(pages.report, 60_000, lines)) as PageReport & { crashed?: string }
  expect(body.crashed).toBeUndefined()
  const after = await page.evaluate(() => {
    const before = (globalThis as unknown as { __pageBefore: { keys: Array<string | symbol>; held: Record<string, unknown> } }).__pageBefore
    const now = { fetch: globalThis.fetch, WebSocket: globalThis.WebSocket, randomUUID: crypto.randomUUID, getRandomValues: crypto.getRandomValues, setTimeout: globalThis.setTimeout }
    return {
      added: Reflect.ownKeys(globalThis).filter((key) => !before.keys.includes(key) && key !== "__pageBefore").map(String),
      patched: Object.entries(now).filter(([name, value]) => before.held[name] !== value).map(([name]) => name)
    }
  })
  expect(after).toEqual({ added: ["Optave"], patched: [] })

  // The same names as the ESM entry's, less the Effect `layer`, plus the version.
  const esmPromiseNames = Object.keys(edge).filter((name) => name !== "layer")
  expect(body.names).toEqual([...esmPromiseNames, "version"].sort())
  const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@org/optave-edge/package.json"), "utf8")) as { version: string }
  expect(body.version).toBe(manifest.version)

  expectScenario(body.report, server, { platform: "browser (WebSocket)", seesUpgradeStatus: false, isBrowserLike: true, codeFromStringsBlocked: true })
  expect(body.violations).toContainEqual(expect.stringMatching(/^script-src eval$/))
  expect(body.minted).toBeGreaterThanOrEqual(3)

  const typed = (tag: string, extra: Record<string, string>) => ({ tag, ...extra, isOptaveError: true, isInstance: true })
  expect(body.rules).toEqual({
    clientSecret: typed("ConfigError", { field: "clientSecret", code: "INVALID_CONFIG" }),
    insecureSocket: typed("ConfigError", { field: "urls.ws", code: "INVALID_CONFIG" }),
    insecureRest: typed("ConfigError", { field: "urls.rest", code: "INVALID_CONFIG" }),
    insecureAllowed: "accepted",
    providerRejectsSocket: typed("AuthError", { code: "TOKEN_PROVIDER_FAILED" }),
    providerRejectsRest: typed("AuthError", { code: "TOKEN_PROVIDER_FAILED" }),
    providerEmpty: typed("AuthError", { code: "TOKEN_MISSING" })
  })
  expect(lines.filter((line) => line.startsWith("pageerror"))).toEqual([])
  await page.close()
})
