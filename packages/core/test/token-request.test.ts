// The client-credentials token request: the documented URL by default, and each way the
// credentials may travel (body by default per RFC 6749 §2.3.1, HTTP Basic, the documented query).
import { describe, expect, it } from "vitest"
import { resolveConfig } from "../src/config/client-config.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeTokenRequest } from "../src/auth/token-request.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const credentials = { clientId: "demo client", clientSecret: "s3cr=t&+" }

describe("the token URL", () => {
  it("defaults to the documented https://{tenant}.oco.optave.{tld}/auth/oauth2/token with tenant and tld alone", () => {
    const resolved = resolveConfig({ tenant: "acme", tld: "co.uk", ...credentials }, false)
    expect(resolved.auth).toMatchObject({ _tag: "ClientCredentials", tokenUrl: "https://acme.oco.optave.co.uk/auth/oauth2/token", credentialsTransport: "body" })
  })
  it("with urls: {urls.rest}/auth/oauth2/token; an explicit authenticationUrl still wins (/token appended)", () => {
    expect(resolveConfig({ urls: { rest: "http://127.0.0.1:4010" }, ...credentials }, false).auth).toMatchObject({ tokenUrl: "http://127.0.0.1:4010/auth/oauth2/token" })
    expect(resolveConfig({ tenant: "acme", tld: "tech", authenticationUrl: "https://auth.example.test/oauth", ...credentials }, false).auth).toMatchObject({
      tokenUrl: "https://auth.example.test/oauth/token"
    })
  })
  it("refuses an unknown credentialsTransport", () => {
    expect(() => resolveConfig({ tenant: "acme", tld: "tech", ...credentials, credentialsTransport: "header" as never }, false)).toThrow(/credentialsTransport/u)
  })
})

describe("makeTokenRequest", () => {
  const url = "https://acme.oco.optave.tech/auth/oauth2/token"
  it("body (default): everything in the form body, nothing in the URL", () => {
    const request = makeTokenRequest(url, credentials.clientId, credentials.clientSecret, "body")
    expect(request.url).toBe(url)
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded")
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ grant_type: "client_credentials", client_id: "demo client", client_secret: "s3cr=t&+" })
  })
  it("basic: RFC 6749 §2.3.1 HTTP Basic, each part form-encoded first; only grant_type in the body", () => {
    const request = makeTokenRequest(url, credentials.clientId, credentials.clientSecret, "basic")
    expect(request.url).toBe(url)
    expect(request.body).toBe("grant_type=client_credentials")
    const encoded = /^Basic (.+)$/u.exec(request.headers["authorization"] ?? "")?.[1] ?? ""
    expect(Buffer.from(encoded, "base64").toString("utf8")).toBe("demo+client:s3cr%3Dt%26%2B")
  })
  it("query: the documented form, credentials in the query string and no body", () => {
    const request = makeTokenRequest(url, credentials.clientId, credentials.clientSecret, "query")
    expect(request.body).toBeUndefined()
    const sent = new URL(request.url)
    expect(sent.origin + sent.pathname).toBe(url)
    expect(Object.fromEntries(sent.searchParams)).toEqual({ grant_type: "client_credentials", client_id: "demo client", client_secret: "s3cr=t&+" })
  })
})

describe("the client with the query form", () => {
  it("warns that the secret lands in a URL, and sends no body", async () => {
    const warnings: Array<string> = []
    const fake = makeFakePlatform({
      fetch: async () => new Response(JSON.stringify({ access_token: "tok", token_type: "Bearer", expires_in: 60 }), { headers: { "content-type": "application/json" } })
    })
    const logger = { ...console, warn: (line: string) => void warnings.push(line) }
    const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, ...credentials, credentialsTransport: "query", reconnect: { maxAttempts: 1 }, logger })
    const pending = client.insights({ request: { context: { organizationId: "o" }, connections: { threadId: "t" }, scope: { conversations: [{}] } } }).catch(() => undefined)
    while (fake.fetches.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    await client.close()
    await pending
    expect(warnings.some((warning) => warning.startsWith("optave insecure-option option=credentialsTransport value=query"))).toBe(true)
    expect(fake.fetches[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:1\/auth\/oauth2\/token\?grant_type=client_credentials&client_id=/u)
    expect(fake.fetches[0]!.init.body).toBeUndefined()
  })
})
