// The script-tag build inside Lightning Web Security, in Debian's Chromium: Salesforce's own
// sandbox library, `@locker/sandbox` 0.28.4 with `@locker/shared`'s default LWS rules registered
// (`registerGaterEnabledFeatures(LWS_DEFAULT_GATER_FEATURES)`), evaluates namespace `c`'s
// component code (pages/lws-component.ts), which loads dist/optave.global.js as a static resource
// the way `loadScript` does and runs the shared scenario through it against the loopback mock
// server: insights over the WebSocket, elevate over REST, drops, validation.
//
// License: `@locker/sandbox` and `@locker/shared` are under Salesforce's own "Terms of Use"
// (LICENSE.txt in each package: a no-charge license to use and redistribute, "SEE LICENSE IN
// LICENSE.txt" in package.json), not an open-source license: they are devDependencies of this
// private test package only and nothing we publish bundles or depends on them.
//
// The membrane evaluates code, so the host page allows 'unsafe-eval' (a Salesforce org's pages
// do); the plain-page test (global-script.test.ts) proves the file itself needs no eval.
import type { MockServer } from "@org/optave-mock-server"
import * as edge from "@org/optave-edge"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { ScenarioReport } from "../scenario/run-scenario.ts"
import { expectScenario } from "../support/expect-report.ts"
import { startScenarioServer } from "../support/scenario-server.ts"
import { bundleScript, closeInTurn, globalScript, jsonScript, launchChromium, recordConsole, startPageServer, withinOrFail, type PageServer } from "../support/page-server.ts"

interface LwsReport {
  readonly crashed?: string
  readonly sandboxed: { readonly crashed?: string; readonly report: ScenarioReport; readonly names: ReadonlyArray<string>; readonly minted: number; readonly optaveInSandbox: boolean }
  readonly host: {
    readonly added: ReadonlyArray<string>
    readonly removed: ReadonlyArray<string>
    readonly patched: ReadonlyArray<string>
    readonly optaveOnHost: boolean
    readonly localStorageBefore: ReadonlyArray<string>
    readonly localStorageAfter: ReadonlyArray<string>
  }
}

/** Where a Salesforce org serves a static resource: `/resource/{timestamp}/{name}`. */
const RESOURCE_PATH = "/resource/1765100000000/optave"

let server: MockServer
let pages: PageServer
let browser: Browser

beforeAll(async () => {
  server = await startScenarioServer()
  const csp = `default-src 'none'; script-src 'self' 'unsafe-eval' blob:; connect-src 'self' ${server.wsUrl} ${server.restUrl}`
  const input = jsonScript("scenario-input", { ws: server.wsUrl, rest: server.restUrl, resource: RESOURCE_PATH })
  pages = await startPageServer({
    "/": {
      type: "html",
      headers: { "content-security-policy": csp },
      body: `<!doctype html><meta charset="utf-8"><title>optave in Lightning Web Security</title>${input}<script src="/lws-host.js"></script>`
    },
    "/lws-host.js": { type: "js", body: await bundleScript("lws-host.ts") },
    "/lws-component.js": { type: "js", body: await bundleScript("lws-component.ts") },
    [RESOURCE_PATH]: { type: "js", body: globalScript() }
  })
  browser = await launchChromium()
})
afterAll(() => closeInTurn(browser, pages, server))

it("Lightning Web Security: the static resource loads in namespace c, the scenario passes, the host's window, crypto and localStorage are untouched", async () => {
  const page = await browser.newPage()
  const lines = recordConsole(page)
  await page.goto(`${pages.origin}/`)
  const body = (await withinOrFail(pages.report, 60_000, lines)) as LwsReport
  globalThis.console.info(`[lws] ${JSON.stringify(body.sandboxed?.report)}\n  host: ${JSON.stringify(body.host)}\n  console: ${JSON.stringify(lines)}`)
  expect(body.crashed).toBeUndefined()
  expect(body.sandboxed.crashed).toBeUndefined()
  // No LWS error, no page error: the only errors are the scenario's planned failures, in Chromium's
  // lines (the 503 before the REST retry, the refused token's upgrade) and in the client's own log
  // (its give-up line when the refused-token client stops reconnecting, if it gets that far).
  const plannedFailures = [
    /Failed to load resource: the server responded with a status of 503/,
    /WebSocket connection to .* failed: HTTP Authentication failed/,
    /optave give-up error=TransportError code=CONNECT_FAILED/
  ]
  expect(lines.filter((line) => /^(error|pageerror)/.test(line) && !plannedFailures.some((planned) => planned.test(line)))).toEqual([])
  expect(lines.filter((line) => /Lightning Web Security|LockerSecurityError|\bLWS\b/i.test(line))).toEqual([])

  // `new Function` works in the sandbox: the host page allows 'unsafe-eval' for the membrane.
  expectScenario(body.sandboxed.report, server, { platform: "browser (WebSocket)", seesUpgradeStatus: false, isBrowserLike: true, codeFromStringsBlocked: false })
  expect(body.sandboxed.minted).toBeGreaterThanOrEqual(3)
  expect(body.sandboxed.names).toEqual([...Object.keys(edge).filter((name) => name !== "layer"), "version"].sort())
  expect(body.sandboxed.optaveInSandbox).toBe(true)

  // The host page: the global stayed in the namespace's sandbox, nothing was added, removed or
  // patched on the host's window, and localStorage holds what it held.
  expect(body.host).toEqual({ added: [], removed: [], patched: [], optaveOnHost: false, localStorageBefore: [], localStorageAfter: [] })
  await page.close()
})
