// Node: the scenario through @org/optave-node, in this very process.
import type { MockServer } from "@org/optave-mock-server"
import { createClient } from "@org/optave-node"
import { afterAll, beforeAll, expect, it } from "vitest"
import { runScenario } from "../scenario/run-scenario.ts"
import { expectScenario } from "../support/expect-report.ts"
import { startScenarioServer } from "../support/scenario-server.ts"
import { nodeValidatorForm } from "../support/validator-form.ts"

let server: MockServer
beforeAll(async () => {
  server = await startScenarioServer()
})
afterAll(() => server?.close())

it(`Node ${process.version}: insights over WS, elevate over REST, drops with resend, validation`, async () => {
  const report = await runScenario(createClient, { urls: { ws: server.wsUrl, rest: server.restUrl }, auth: { token: "node-token" } })
  console.info(`[node] ${JSON.stringify(report)}`)
  expect(report.platform).toBe("node (ws)")
  expectScenario(report, server, { platform: "node (ws)", seesUpgradeStatus: true, isBrowserLike: false, codeFromStringsBlocked: false })
})

it("Node loads the fast validators (the `default` condition of the core's `#validators`)", () => {
  expect(nodeValidatorForm()).toBe("fast")
})
