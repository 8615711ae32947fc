import { describe, expect, it } from "vitest"
import { resolveServiceUrls } from "../src/service-urls.ts"

describe("resolveServiceUrls", () => {
  it("builds the tenant's hosts as createClient does", () => {
    expect(resolveServiceUrls({ tenant: "acme", tld: "tech" })).toEqual({
      ws: "wss://ws-acme.oco.optave.tech",
      rest: "https://acme.oco.optave.tech",
      token: "https://acme.oco.optave.tech/auth/oauth2/token"
    })
    expect(resolveServiceUrls({ tenant: "globex-2", tld: "co.uk" })).toMatchObject({ ws: "wss://ws-globex-2.oco.optave.co.uk", rest: "https://globex-2.oco.optave.co.uk" })
  })

  it("takes createClient's own names: urls: { ws, rest } and authenticationUrl, each also as undefined", () => {
    const clientConfig = { urls: { ws: "ws://127.0.0.1:4010", rest: undefined }, authenticationUrl: undefined, tenant: undefined }
    expect(resolveServiceUrls(clientConfig)).toEqual({ ws: "ws://127.0.0.1:4010", rest: "http://127.0.0.1:4010", token: "http://127.0.0.1:4010/auth/oauth2/token" })
    expect(resolveServiceUrls({ urls: { rest: "https://api.example.test" }, authenticationUrl: "https://auth.example.test/auth/oauth2" })).toEqual({
      ws: "wss://api.example.test",
      rest: "https://api.example.test",
      token: "https://auth.example.test/auth/oauth2/token"
    })
    expect(() => resolveServiceUrls({ urls: { ws: "https://x.test" } })).toThrow(/urls\.ws must use ws: or wss:/u)
    expect(() => resolveServiceUrls({ tenant: undefined, tld: undefined })).toThrow(/tenant is missing.*urls: \{ ws, rest \}/u)
  })

  it("takes a baseUrl for both, or wsUrl and restUrl, deriving a missing one as the client does", () => {
    expect(resolveServiceUrls({ baseUrl: "http://localhost:8080/" })).toMatchObject({ ws: "ws://localhost:8080", rest: "http://localhost:8080" })
    expect(resolveServiceUrls({ wsUrl: "wss://socket.example.test/", restUrl: "https://api.example.test/v3" })).toEqual({
      ws: "wss://socket.example.test",
      rest: "https://api.example.test/v3",
      token: "https://api.example.test/v3/auth/oauth2/token"
    })
    expect(resolveServiceUrls({ restUrl: "https://api.example.test" })).toMatchObject({ ws: "wss://api.example.test", rest: "https://api.example.test" })
    expect(resolveServiceUrls({ wsUrl: "ws://127.0.0.1:9000" })).toMatchObject({ ws: "ws://127.0.0.1:9000", rest: "http://127.0.0.1:9000" })
  })

  it("adds the token endpoint of authUrl, appending /token when missing", () => {
    expect(resolveServiceUrls({ tenant: "acme", tld: "tech", authUrl: "https://auth.acme.test/oauth/" }).token).toBe("https://auth.acme.test/oauth/token")
    expect(resolveServiceUrls({ tenant: "acme", tld: "tech", authUrl: "https://auth.acme.test/token" }).token).toBe("https://auth.acme.test/token")
  })

  it("refuses what the client refuses, naming the option", () => {
    expect(() => resolveServiceUrls({})).toThrow(/give tenant and tld/u)
    expect(() => resolveServiceUrls({ tenant: "acme" })).toThrow(/give tenant and tld/u)
    expect(() => resolveServiceUrls({ tenant: "evil.com/x?", tld: "tech" })).toThrow(/tenant must be a DNS label/u)
    expect(() => resolveServiceUrls({ tenant: "Acme", tld: "tech" })).toThrow(/tenant/u)
    expect(() => resolveServiceUrls({ tenant: "acme", tld: "tech/" })).toThrow(/tld/u)
    expect(() => resolveServiceUrls({ baseUrl: "not a url" })).toThrow(/baseUrl is not a valid absolute URL/u)
    expect(() => resolveServiceUrls({ wsUrl: "https://example.test" })).toThrow(/wsUrl must use ws: or wss:/u)
    expect(() => resolveServiceUrls({ restUrl: "https://example.test/?x=1" })).toThrow(/restUrl must not carry a query/u)
  })
})
