// The transport hooks through a real HTTP CONNECT proxy on loopback: REST and token requests with
// the `fetch` option (Node's fetch + undici's ProxyAgent), the socket with `socketOptions.agent`
// (https-proxy-agent, the agent most Node proxies use). The proxy counts what it tunnelled.
import type { MockServer } from "@org/optave-mock-server"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { HttpsProxyAgent } from "https-proxy-agent"
import { ProxyAgent } from "undici"
import { describe, expect, it } from "vitest"
import { createClient, type ClientFetch } from "../src/index.ts"
import { startConnectProxy, type ConnectProxy } from "./support/connect-proxy.ts"
import { afterTest, connect, serve } from "./support/loopback.ts"

const start = async (): Promise<{ server: MockServer; proxy: ConnectProxy }> => {
  const server = await serve()
  const proxy = await startConnectProxy()
  afterTest(() => proxy.close())
  return { server, proxy }
}

/** The README's recipe: Node's global fetch with an undici `ProxyAgent` as its (non-standard) `dispatcher`. */
const proxiedFetch = (proxyUrl: string): { fetch: ClientFetch; agent: ProxyAgent } => {
  const dispatcher = new ProxyAgent(proxyUrl)
  afterTest(() => dispatcher.close())
  return { fetch: (url, init) => fetch(url, { ...init, dispatcher } as RequestInit), agent: dispatcher }
}

const hostOf = (server: MockServer) => new URL(server.restUrl).host

describe("through an HTTP CONNECT proxy on loopback", () => {
  it("REST and the token request go through the `fetch` option's proxy; the direct path stays direct without it", async () => {
    const { server, proxy } = await start()
    const direct = connect(server, { transport: "rest" })
    await direct.elevate(elevateExample)
    expect(proxy.tunnels).toHaveLength(0)

    const client = connect(server, { transport: "rest", fetch: proxiedFetch(proxy.url).fetch })
    const result = await client.elevate(elevateExample)
    expect(Object.values(result.superpowers).map((outcome) => outcome.state)).toEqual(["completed"])
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
    expect(proxy.tunnels.every((tunnel) => tunnel.target === hostOf(server))).toBe(true)
    const requestLines = proxy.tunnels.map((tunnel) => tunnel.firstBytes.split("\r\n")[0])
    // undici keeps one tunnel alive for both exchanges, or opens two: either way the first request seen is the token's.
    expect(requestLines[0]).toBe("POST /oauth/token HTTP/1.1")
    expect(proxy.forwarded()).toBe(0)
  })

  it("the socket goes through `socketOptions.agent` (ws), with the extra headers on its upgrade", async () => {
    const { server, proxy } = await start()
    const client = connect(server, {
      transport: "ws",
      platform: { socketOptions: { agent: new HttpsProxyAgent(proxy.url), headers: { "x-deployment": "blue" } } }
    })
    const result = await client.insights(insightsExample)
    expect(Object.values(result.superpowers).every((outcome) => outcome.state === "completed")).toBe(true)
    expect(client.stats().connects).toBe(1)
    // The token came directly (no `fetch` option); the socket came through the proxy.
    expect(proxy.tunnels).toHaveLength(1)
    const [tunnel] = proxy.tunnels
    expect(tunnel!.target).toBe(new URL(server.wsUrl).host)
    expect(tunnel!.firstBytes).toMatch(/^GET \/ HTTP\/1\.1\r\n/)
    expect(tunnel!.firstBytes).toMatch(/\r\nx-deployment: blue\r\n/i)
    expect(tunnel!.firstBytes).toMatch(/\r\nUpgrade: websocket\r\n/i)
  })

  it("with both hooks the token requests, the socket and its reconnect all go through the proxy", async () => {
    const { server, proxy } = await start()
    const client = connect(server, {
      transport: "ws",
      fetch: proxiedFetch(proxy.url).fetch,
      platform: { socketOptions: { agent: new HttpsProxyAgent(proxy.url) } }
    })
    await client.insights(insightsExample)
    server.dropAll()
    await client.insights(insightsExample)
    expect(client.stats()).toMatchObject({ connects: 2, reconnects: 1 })
    const upgrades = proxy.tunnels.filter((tunnel) => tunnel.firstBytes.startsWith("GET / "))
    const tokens = proxy.tunnels.filter((tunnel) => tunnel.firstBytes.startsWith("POST /oauth/token "))
    expect(upgrades).toHaveLength(2)
    expect(tokens.length).toBeGreaterThanOrEqual(1)
  })

  it('refuses socket options with webSocket "global" (the global WebSocket would go around the proxy)', () => {
    expect(() =>
      createClient({ token: "t", tenant: "acme", tld: "tech", platform: { webSocket: "global", socketOptions: { agent: new HttpsProxyAgent("http://127.0.0.1:9") } } })
    ).toThrow(expect.objectContaining({ _tag: "ConfigError", field: "platform.socketOptions" }))
  })
})
