// The Durable Object example in real workerd (plain Miniflare, no nodejs_compat) against the
// loopback mock server: many Worker requests for one tenant share one client and one socket,
// tenants do not share, a dropped socket is reconnected, an idle client is closed (so the object
// can be evicted), and an evicted object (workerd restarted) builds a new client on its next request.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { insightsExample } from "@org/optave-schema"
import { build } from "esbuild"
import { Miniflare, type MiniflareOptions } from "miniflare"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

interface ObjectStats {
  readonly instance: string
  readonly clientsOpened: number
  readonly served: number
  readonly client: { readonly connects: number; readonly reconnects: number; readonly pending: number } | undefined
}

let server: MockServer
let miniflare: Miniflare
let options: MiniflareOptions

const IDLE_MS = 1_500

beforeAll(async () => {
  server = await startMockServer({ port: 0, latencyMs: 2 })
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("../src/worker.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "silent"
  })
  options = {
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: "2026-04-01",
    durableObjects: { TENANT_CLIENT: "TenantClient" },
    bindings: { OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl, OPTAVE_TOKEN: "do-token", OPTAVE_IDLE_MS: String(IDLE_MS) },
    outboundService: { network: { allow: ["local"], deny: [] } }
  }
  miniflare = new Miniflare(options)
  await miniflare.ready
})
afterAll(async () => {
  await miniflare?.dispose()
  await server?.close()
})

const insights = async (tenant: string) => {
  const response = await miniflare.dispatchFetch(`http://worker.invalid/tenants/${tenant}/insights`, { method: "POST", body: JSON.stringify(insightsExample) })
  const body = (await response.json()) as { instance: string; superpowers: Record<string, { state: string }> }
  expect(response.status, JSON.stringify(body)).toBe(200)
  expect(Object.values(body.superpowers).map((outcome) => outcome.state)).toEqual(Object.values(body.superpowers).map(() => "completed"))
  return body
}
const stats = async (tenant: string) => (await (await miniflare.dispatchFetch(`http://worker.invalid/tenants/${tenant}/stats`)).json()) as ObjectStats

const waitFor = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting")
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe("one Durable Object per tenant, in workerd", () => {
  it("serves 20 concurrent Worker requests of one tenant over one socket, and another tenant over its own", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => insights("acme")))
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(1)
    const acme = await stats("acme")
    expect(acme).toMatchObject({ clientsOpened: 1, served: 20, client: { connects: 1, reconnects: 0, pending: 0 } })
    expect(server.connections()).toBe(1)

    const globex = await insights("globex")
    expect(globex.instance).not.toBe(answers[0]!.instance)
    expect((await stats("globex")).client).toMatchObject({ connects: 1 })
    expect(server.connections()).toBe(2)
  })

  it("reconnects the shared socket after the network drops it; the object and its client stay", async () => {
    const before = await stats("acme")
    server.dropAll()
    await waitFor(() => server.connections() === 0, 2_000)
    const after = await insights("acme")
    expect(after.instance).toBe(before.instance)
    expect((await stats("acme")).client).toMatchObject({ connects: 2, reconnects: 1 })
    expect((await stats("acme")).clientsOpened).toBe(1)
  })

  it("closes an idle client (an open outgoing socket would keep the object billed) and opens a new one on demand", async () => {
    await insights("acme")
    await insights("globex")
    await waitFor(() => server.connections() === 0, IDLE_MS * 4)
    const idle = await stats("acme")
    expect(idle.client).toBeUndefined()
    await insights("acme")
    expect(await stats("acme")).toMatchObject({ instance: idle.instance, clientsOpened: 2, client: { connects: 1 } })
  })

  it("after an eviction (workerd restarted) the next request builds a new object, client and socket", async () => {
    const before = await stats("acme")
    await miniflare.setOptions(options)
    await waitFor(() => server.connections() === 0, 5_000)
    const after = await insights("acme")
    expect(after.instance).not.toBe(before.instance)
    expect(await stats("acme")).toMatchObject({ clientsOpened: 1, served: 1, client: { connects: 1, reconnects: 0 } })
    expect(server.connections()).toBe(1)
  })
})
