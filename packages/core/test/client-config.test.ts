import { describe, expect, it, vi } from "vitest"
import { inspect } from "node:util"
import { resolveConfig } from "../src/config/client-config.ts"
import { createClientWith } from "../src/promise-client.ts"
import { decodeInboundFrame } from "../src/inbound/inbound-frame.ts"
import { parseJsonSafely } from "../src/inbound/safe-json.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const configError = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error as { _tag: string; field: string; message: string }
  }
  throw new Error("expected a ConfigError")
}

describe("configuration checks (before any connection)", () => {
  it.each(["evil.com/x", "a@b", "..", "with space", "%2f", "Acme", "-acme", "acme-", "tеnant", "a".repeat(64), ""])("refuses tenant %j", (tenant) => {
    expect(configError(() => resolveConfig({ tenant, tld: "tech", token: "t" }, false))).toMatchObject({ _tag: "ConfigError", field: "tenant" })
  })

  it.each(["com/", "co..uk", ".com", "a b", "com:443", "c%6fm", "xn--80ak6aa92e.com/"])("refuses tld %j", (tld) => {
    expect(configError(() => resolveConfig({ tenant: "acme", tld, token: "t" }, false))).toMatchObject({ field: "tld" })
  })

  it("builds the documented hosts from tenant and tld", () => {
    const config = resolveConfig({ tenant: "acme", tld: "co.uk", token: "t" }, false)
    expect(config.wsUrl).toBe("wss://ws-acme.oco.optave.co.uk")
    expect(config.restUrl).toBe("https://acme.oco.optave.co.uk")
  })

  it("accepts plain ws:// and http:// only on loopback unless the caller opts in", () => {
    expect(resolveConfig({ urls: { ws: "ws://127.0.0.1:8080" }, token: "t" }, false).restUrl).toBe("http://127.0.0.1:8080")
    expect(resolveConfig({ urls: { ws: "ws://localhost:1" }, token: "t" }, false).wsUrl).toBe("ws://localhost:1")
    expect(configError(() => resolveConfig({ urls: { ws: "ws://example.com" }, token: "t" }, false))).toMatchObject({ field: "urls.ws" })
    // The field the caller wrote is the one named, not the WebSocket URL derived from it.
    expect(configError(() => resolveConfig({ urls: { rest: "http://10.0.0.1" }, token: "t" }, false))).toMatchObject({
      field: "urls.rest",
      message: expect.stringMatching(/urls\.rest: uses http:\/\/ to a non-loopback host/u)
    })
    expect(resolveConfig({ urls: { ws: "ws://example.com" }, token: "t", allowInsecure: true }, false).wsUrl).toBe("ws://example.com")
    expect(configError(() => resolveConfig({ urls: { ws: "wss://user:pass@example.com" }, token: "t" }, false))).toMatchObject({ field: "urls.ws" })
  })

  it("says a missing tenant is missing and names the alternatives", () => {
    const missing = configError(() => resolveConfig({ token: "t" }, false))
    expect(missing).toMatchObject({ field: "tenant" })
    expect(missing.message).toMatch(/missing/u)
    expect(missing.message).toContain("urls: { ws, rest }")
    expect(missing.message).not.toMatch(/DNS label/u)
    expect(configError(() => resolveConfig({ tenant: "acme", token: "t" }, false))).toMatchObject({ field: "tld" })
  })

  it("asks for exactly one way to authenticate", () => {
    expect(configError(() => resolveConfig({ tenant: "acme", tld: "tech" }, false)).message).toMatch(/exactly one/)
    expect(configError(() => resolveConfig({ tenant: "acme", tld: "tech", token: "t", tokenProvider: () => "x" }, false)).message).toMatch(/exactly one/)
  })

  it("refuses a client secret in a browser-like runtime, pointing to tokenProvider", () => {
    const error = configError(() =>
      resolveConfig({ tenant: "acme", tld: "tech", clientId: "id", clientSecret: "s3cret", authenticationUrl: "https://auth.example.com" }, true)
    )
    expect(error.field).toBe("clientSecret")
    expect(error.message).toContain("tokenProvider")
    expect(error.message).not.toContain("s3cret")
  })

  it("appends /token to the authentication URL as the official client does, and refuses a query string", () => {
    const config = resolveConfig({ tenant: "a", tld: "tech", clientId: "id", clientSecret: "s", authenticationUrl: "https://auth.example.com/oauth2" }, false)
    expect(config.auth).toMatchObject({ _tag: "ClientCredentials", tokenUrl: "https://auth.example.com/oauth2/token" })
    expect(
      configError(() => resolveConfig({ tenant: "a", tld: "tech", clientId: "id", clientSecret: "s", authenticationUrl: "https://auth.example.com/?client_secret=s" }, false))
    ).toMatchObject({ field: "authenticationUrl" })
  })

  it("keeps secrets redacted in the resolved configuration", () => {
    const config = resolveConfig({ tenant: "a", tld: "tech", clientId: "id", clientSecret: "very-secret", authenticationUrl: "https://auth.example.com" }, false)
    expect(JSON.stringify(config)).not.toContain("very-secret")
    expect(String((config.auth as { clientSecret: unknown }).clientSecret)).not.toContain("very-secret")
    expect(inspect(config.auth, { depth: 5, showHidden: true })).not.toContain("very-secret")
  })

  it("warns when the token is to travel in the WebSocket URL", () => {
    const warn = vi.fn()
    const fake = makeFakePlatform()
    createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t", socketTokenTransport: "query", logger: { ...console, warn } })
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^optave insecure-option option=socketTokenTransport value=query risk=".*URL.*"$/u), expect.objectContaining({ event: "insecure-option" }))
  })
})

describe("inbound frames", () => {
  it("parses JSON without prototype-polluting keys", () => {
    const parsed = parseJsonSafely('{"a":{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"b":2}}') as { a: Record<string, unknown> }
    expect(Object.keys(parsed.a)).toEqual(["b"])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype)
  })

  it("refuses frames above the size cap, counting UTF-8 bytes", () => {
    const event = { action: "superpower", actionType: "x", state: "started", message: { results: [{ response: [{ content: "é".repeat(600) }] }] } }
    expect(decodeInboundFrame(JSON.stringify(event), 1_000)).toMatchObject({ _tag: "ProtocolError", code: "FRAME_TOO_LARGE" })
    expect(decodeInboundFrame(JSON.stringify(event), 2_000)).toMatchObject({ correlationId: undefined })
  })

  it("reads enveloped, bare-correlated and bare events, and marks optave.error.v3 envelopes", () => {
    const payload = { action: "superpower", actionType: "improve_answer", state: "error" }
    expect(decodeInboundFrame(JSON.stringify({ action: "message", headers: { correlationId: "c1", schemaRef: "optave.error.v3" }, payload }), 1e6)).toMatchObject({
      correlationId: "c1",
      errorEnvelope: true
    })
    expect(decodeInboundFrame(JSON.stringify({ ...payload, correlationId: "c2" }), 1e6)).toMatchObject({ correlationId: "c2", errorEnvelope: false })
    expect(decodeInboundFrame(new TextEncoder().encode(JSON.stringify(payload)), 1e6)).toMatchObject({ correlationId: undefined })
    expect(decodeInboundFrame(JSON.stringify({ action: "superpower", state: "completed" }), 1e6)).toMatchObject({
      _tag: "ProtocolError",
      code: "INVALID_FRAME"
    })
  })
})
