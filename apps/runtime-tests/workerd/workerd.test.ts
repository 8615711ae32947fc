// Real workerd through plain Miniflare (not vitest-pool-workers, which allows eval): the Worker
// bundle runs the scenario in its fetch handler against the loopback mock server.
import type { MockServer } from "@org/optave-mock-server"
import { Miniflare } from "miniflare"
import { fileURLToPath } from "node:url"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import type { ScenarioReport } from "../scenario/run-scenario.ts"
import { bundle, type Bundle } from "../support/bundle.ts"
import { expectScenario } from "../support/expect-report.ts"
import { startScenarioServer } from "../support/scenario-server.ts"
import { expectCompactValidators } from "../support/validator-form.ts"
import type { WorkerInput } from "./worker.ts"

let worker: Bundle
let miniflare: Miniflare

beforeAll(async () => {
  worker = await bundle(fileURLToPath(new URL("./worker.ts", import.meta.url)), ["workerd", "worker", "browser"])
  miniflare = new Miniflare({
    modules: true,
    script: worker.code,
    compatibilityDate: "2026-04-01",
    // No nodejs_compat: the bundle must live on web standards alone. Outbound traffic may reach
    // loopback only (the mock server); Miniflare's default would also allow public addresses.
    outboundService: { network: { allow: ["local"], deny: [] } }
  })
  await miniflare.ready
})
afterAll(async () => {
  await miniflare?.dispose()
})

// A fresh server per run: its drop scenario fires once, and the assertions count what it received.
let server: MockServer
beforeEach(async () => {
  server = await startScenarioServer()
})
afterEach(() => server?.close())

const runInWorker = async (input: WorkerInput): Promise<ScenarioReport> => {
  const response = await miniflare.dispatchFetch("http://runtime-tests.invalid/", { method: "POST", body: JSON.stringify(input) })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`the Worker answered ${response.status}: ${text}`)
  return JSON.parse(text) as ScenarioReport
}

describe("workerd (Miniflare)", () => {
  it("bundles without Node built-ins or TypeBox's runtime", () => {
    expect(worker.inputs.filter((input) => input.startsWith("node:") || /[\\/]typebox[\\/]/.test(input))).toEqual([])
    console.info(`[workerd] bundle: ${(worker.bytes / 1024).toFixed(1)} KiB, ${worker.inputs.length} modules`)
  })

  it("gets the compact validators (the `workerd` condition), so they are what the scenario's validation step ran", () => {
    expectCompactValidators(worker.inputs)
  })

  // "auto" is the fetch upgrade (the default in workerd); "standard" is workerd's own `new WebSocket()`.
  for (const webSocket of ["auto", "standard"] as const) {
    it(`runs the scenario with webSocket: "${webSocket}", and refuses code from strings`, async () => {
      const report = await runInWorker({ urls: { ws: server.wsUrl, rest: server.restUrl }, auth: { token: "workerd-token" }, webSocket })
      console.info(`[workerd ${webSocket}] ${JSON.stringify(report)}`)
      expectScenario(report, server, {
        platform: webSocket === "auto" ? "workerd (fetch upgrade)" : "workerd (WebSocket)",
        seesUpgradeStatus: webSocket === "auto",
        isBrowserLike: false,
        codeFromStringsBlocked: true
      })
      expect(report.codeFromStrings.message).toMatch(/Code generation from strings disallowed/)
    })
  }
})
