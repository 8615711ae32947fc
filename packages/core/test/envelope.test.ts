import { describe, expect, it } from "vitest"
import { makeEnvelope, SCHEMA_REF } from "../src/request/envelope.ts"
import { formatUuidV7, makeUuidV7 } from "../src/request/uuid-v7.ts"

const NOW = Date.parse("2025-09-05T16:30:00.000Z")
const settings = { sdkVersion: "none", tenantId: undefined }
let counter = 0
const newId = (now: number) => `id-${now}-${++counter}`
const payload = { request: { requestId: "req-1", context: { organizationId: "org" } } }

describe("makeEnvelope header rules", () => {
  it("correlationId: the caller's override wins over requestId", () => {
    const envelope = makeEnvelope("insights", payload, { correlationId: "mine" }, settings, NOW, newId)
    expect(envelope.headers.correlationId).toBe("mine")
  })

  it("correlationId: a fresh UUID v7 per request, whatever request.requestId says (it stays in the payload)", () => {
    const real = makeUuidV7((buffer) => crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>))
    const seen = new Set<string>()
    for (const body of [payload, payload, { request: {} }, { request: { requestId: "" } }]) {
      const envelope = makeEnvelope("insights", body, undefined, settings, NOW, real)
      expect(envelope.headers.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      seen.add(envelope.headers.correlationId)
    }
    // The same requestId twice gets two correlation ids: a late answer to the first cannot reach the second.
    expect(seen.size).toBe(4)
    expect((makeEnvelope("insights", payload, undefined, settings, NOW, real).payload as typeof payload).request.requestId).toBe("req-1")
  })

  it("traceId and idempotencyKey: fresh and distinct UUID v7 each, unless overridden", () => {
    const real = makeUuidV7((buffer) => crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>))
    const envelope = makeEnvelope("insights", payload, undefined, settings, NOW, real)
    expect(envelope.headers.traceId).not.toBe(envelope.headers.idempotencyKey)
    expect(envelope.headers.traceId.charAt(14)).toBe("7")
    const overridden = makeEnvelope("insights", payload, { traceId: "t", idempotencyKey: "k" }, settings, NOW, real)
    expect([overridden.headers.traceId, overridden.headers.idempotencyKey]).toEqual(["t", "k"])
  })

  it("issuedAt is when the envelope was built; identifier, action and schemaRef are fixed", () => {
    const envelope = makeEnvelope("customerinteraction", payload, undefined, settings, NOW, newId)
    expect(envelope.headers.issuedAt).toBe("2025-09-05T16:30:00.000Z")
    expect(envelope.headers.identifier).toBe("message")
    expect(envelope.headers.action).toBe("customerinteraction")
    expect(envelope.headers.schemaRef).toBe(SCHEMA_REF)
    expect(SCHEMA_REF).toBe("optave.message.v3")
    expect(envelope.action).toBe("message")
  })

  it('sdkVersion is "none" by default and configurable', () => {
    expect(makeEnvelope("insights", payload, undefined, settings, NOW, newId).headers.sdkVersion).toBe("none")
    expect(makeEnvelope("insights", payload, undefined, { sdkVersion: "9.9.9", tenantId: undefined }, NOW, newId).headers.sdkVersion).toBe("9.9.9")
  })

  it("tenantId only when configured", () => {
    expect("tenantId" in makeEnvelope("insights", payload, undefined, settings, NOW, newId).headers).toBe(false)
    expect(makeEnvelope("insights", payload, undefined, { sdkVersion: "none", tenantId: "t-1" }, NOW, newId).headers.tenantId).toBe("t-1")
  })

  it("timestamp only when the caller gives one (never made up)", () => {
    expect("timestamp" in makeEnvelope("insights", payload, undefined, settings, NOW, newId).headers).toBe(false)
    const given = makeEnvelope("insights", payload, { timestamp: "2024-01-01T00:00:00Z" }, settings, NOW, newId)
    expect(given.headers.timestamp).toBe("2024-01-01T00:00:00Z")
  })

  it("networkLatencyMs only when the caller gives a number", () => {
    expect("networkLatencyMs" in makeEnvelope("insights", payload, undefined, settings, NOW, newId).headers).toBe(false)
    expect(makeEnvelope("insights", payload, { networkLatencyMs: 0 }, settings, NOW, newId).headers.networkLatencyMs).toBe(0)
  })

  it("least padding: a payload with session and requestId passes untouched, and options never leak into it", () => {
    const complete = { session: {}, ...payload }
    const envelope = makeEnvelope("insights", complete, { correlationId: "c", timestamp: "2024-01-01T00:00:00Z" }, settings, NOW, newId)
    expect(envelope.payload).toBe(complete)
    expect(Object.keys(envelope)).toEqual(["action", "headers", "payload"])
  })

  it("fills only what the official envelope schema requires: an empty session, requestId = the correlation id", () => {
    const bare = { request: { context: { organizationId: "org" } } }
    const before = JSON.stringify(bare)
    const envelope = makeEnvelope("insights", bare, undefined, settings, NOW, newId)
    expect(envelope.payload).toEqual({ session: {}, request: { context: { organizationId: "org" }, requestId: envelope.headers.correlationId } })
    expect(JSON.stringify(bare)).toBe(before)
    // A given requestId (even an empty one, which the official schema allows) is kept; only the session is added.
    expect(makeEnvelope("insights", payload, undefined, settings, NOW, newId).payload).toEqual({ session: {}, ...payload })
    expect((makeEnvelope("insights", { request: { requestId: "" } }, undefined, settings, NOW, newId).payload as any).request.requestId).toBe("")
  })
})

describe("formatUuidV7", () => {
  it("encodes the millisecond timestamp in the first 48 bits, version 7 and the RFC variant", () => {
    const id = formatUuidV7(0x0189_abcd_ef01, new Uint8Array(16).fill(0xff))
    expect(id).toBe("0189abcd-ef01-7fff-bfff-ffffffffffff")
  })
  it("takes bytes 6-15 from the given offset as the random part", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, index) => (index >= 16 ? index - 16 : 0xee))
    expect(formatUuidV7(0, bytes, 16)).toBe("00000000-0000-7607-8809-0a0b0c0d0e0f")
    expect(formatUuidV7(0, bytes, 0)).toBe("00000000-0000-7eee-aeee-eeeeeeeeeeee")
  })
  it("ids made later sort after ids made earlier", () => {
    const make = makeUuidV7((buffer) => crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>))
    const ids = [1, 2, 3, 1000, 1_700_000_000_000].map((time) => make(time))
    expect([...ids].sort()).toEqual(ids)
  })
})
