// Proof that the handlers intercept, on Node 20: vitest starts this worker with
// --experimental-websocket, so `globalThis.WebSocket` exists, MSW's ws.link patches it, and
// @org/optave-node opens it while it is patched (the `ws` package otherwise). The tenant's hosts
// do not resolve here, so a request succeeds only while MSW is listening.
import { createClient, type ClientConfig } from "@org/optave-node"
import { elevateExample } from "@org/optave-schema"
import { setupServer } from "msw/node"
import { describe, expect, it } from "vitest"
import { createOptaveMock } from "../src/index.ts"

const offlineConfig: ClientConfig = {
  tenant: "acme",
  tld: "tech",
  token: "t",
  timeouts: { connectMs: 1_000 },
  reconnect: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  retry: { maxRetries: 0 }
}

describe("interception of wss://ws-acme.oco.optave.tech and https://acme.oco.optave.tech", () => {
  it("runs on the global WebSocket while MSW has patched it, on ws otherwise (Node 20 needs --experimental-websocket)", async () => {
    expect(typeof globalThis.WebSocket).toBe("function")
    expect(process.execArgv).toContain("--experimental-websocket")
    const client = createClient(offlineConfig)
    expect(JSON.stringify(client)).toContain("node (ws)")
    const server = setupServer(...createOptaveMock({ tenant: "acme", tld: "tech" }).handlers)
    server.listen({ onUnhandledRequest: "error" })
    try {
      expect(JSON.stringify(client)).toContain("node (global WebSocket)")
    } finally {
      server.close()
      await client.close()
    }
    expect(JSON.stringify(client)).toContain("node (ws)")
  })

  it("fails without MSW, succeeds with it, fails again once it stops", { timeout: 30_000 }, async () => {
    const before = createClient(offlineConfig)
    await expect(before.elevate(elevateExample)).rejects.toMatchObject({ _tag: expect.stringMatching(/^(TransportError|TimeoutError)$/u) })
    await expect(before.elevate(elevateExample, { transport: "rest" })).rejects.toMatchObject({ _tag: "TransportError", code: "NETWORK" })
    await before.close()

    const optave = createOptaveMock({ tenant: "acme", tld: "tech" })
    const server = setupServer(...optave.handlers)
    server.listen({ onUnhandledRequest: "error" })
    const during = createClient(offlineConfig)
    try {
      await expect(during.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
      await expect(during.elevate(elevateExample, { transport: "rest" })).resolves.toMatchObject({ action: "elevate" })
      expect(optave.requests().map((request) => request.via)).toEqual(["socket", "rest"])
    } finally {
      await during.close()
      server.close()
    }

    const after = createClient(offlineConfig)
    await expect(after.elevate(elevateExample, { transport: "rest" })).rejects.toMatchObject({ _tag: "TransportError", code: "NETWORK" })
    await after.close()
  })
})
