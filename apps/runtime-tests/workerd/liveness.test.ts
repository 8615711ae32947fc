// The liveness scenario (scenario/run-liveness.ts) in real workerd through plain Miniflare: a
// connection silenced without FIN or RST is found, replaced and its requests resent, on both of
// workerd's sockets (the fetch upgrade and `new WebSocket()`; neither has a protocol ping).
import { Miniflare } from "miniflare"
import { fileURLToPath } from "node:url"
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "vitest"
import type { LivenessReport } from "../scenario/run-liveness.ts"
import { bundle } from "../support/bundle.ts"
import { expectLiveness } from "../support/expect-liveness.ts"
import { startLivenessServers } from "../support/liveness-servers.ts"
import type { LivenessWorkerInput } from "./liveness-worker.ts"

let miniflare: Miniflare
beforeAll(async () => {
  const worker = await bundle(fileURLToPath(new URL("./liveness-worker.ts", import.meta.url)), ["workerd", "worker", "browser"])
  miniflare = new Miniflare({ modules: true, script: worker.code, compatibilityDate: "2026-04-01", outboundService: { network: { allow: ["local"], deny: [] } } })
  await miniflare.ready
})
afterAll(async () => {
  await miniflare?.dispose()
})

let servers: Awaited<ReturnType<typeof startLivenessServers>>
beforeEach(async () => {
  servers = await startLivenessServers()
})
afterEach(() => servers?.close())

describe("workerd (Miniflare): a connection silenced without FIN or RST", () => {
  for (const webSocket of ["auto", "standard"] as const) {
    it(`is found within twice the liveness window and its requests resent once (webSocket: "${webSocket}")`, async () => {
      const input: LivenessWorkerInput = { wsUrl: servers.proxy.url, restUrl: servers.server.restUrl, controlUrl: servers.proxy.controlUrl, auth: { token: "workerd-token" }, webSocket }
      const response = await miniflare.dispatchFetch("http://runtime-tests.invalid/", { method: "POST", body: JSON.stringify(input) })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`the Worker answered ${response.status}: ${text}`)
      const report = JSON.parse(text) as LivenessReport
      console.info(`[workerd ${webSocket} liveness] ${JSON.stringify(report)}`)
      expectLiveness(report, servers.server, servers.proxy)
    })
  }
})
