import { insightsExample, insightsPageFrame } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

// The insights page's WebSocket example is the official client's frame (sdkVersion 3.2.1).
const officialFrame = insightsPageFrame

const captureFrame = async (options: { tenantId?: string; timestamp?: string }) => {
  const frames: Array<Record<string, any>> = []
  const fake = makeFakePlatform({
    onSend: (socket, frame) => {
      frames.push(frame)
      socket.close(1000, "captured")
    }
  })
  const client = createClientWith(fake.platform, {
    urls: { ws: "ws://127.0.0.1:1" },
    token: "t",
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    reconnect: { maxAttempts: 1 }
  })
  const pending = client.insights(insightsExample, options.timestamp ? { timestamp: options.timestamp } : {}).catch(() => undefined)
  while (frames.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
  await client.close()
  await pending
  return frames[0]!
}

describe("our frame against the official client's observed frame", () => {
  it("carries the same header names (plus issuedAt), with a tenant and a timestamp given", async () => {
    const ours = await captureFrame({ tenantId: officialFrame.headers.tenantId, timestamp: officialFrame.headers.timestamp })
    expect(Object.keys(ours).sort()).toEqual(Object.keys(officialFrame).sort())
    expect(Object.keys(ours.headers).sort()).toEqual([...Object.keys(officialFrame.headers), "issuedAt"].sort())
    expect(ours.headers.identifier).toBe(officialFrame.headers.identifier)
    expect(ours.headers.action).toBe(officialFrame.headers.action)
    expect(ours.headers.schemaRef).toBe(officialFrame.headers.schemaRef)
    expect(ours.headers.tenantId).toBe(officialFrame.headers.tenantId)
    expect(ours.headers.timestamp).toBe(officialFrame.headers.timestamp)
  })

  it("follows its rules where its schema agrees: sdkVersion none, UUID v7 correlation, trace and idempotency ids", async () => {
    const ours = await captureFrame({})
    // The official client copies request.requestId into correlationId; its own schema wants a UUID
    // v7 there and the docs' requestId is not one: we send a fresh UUID v7 and keep requestId in the payload.
    expect(ours.headers.correlationId).not.toBe(insightsExample.request.requestId)
    expect(ours.payload.request.requestId).toBe(insightsExample.request.requestId)
    expect(ours.headers.sdkVersion).toBe("none")
    for (const id of [ours.headers.correlationId, ours.headers.traceId, ours.headers.idempotencyKey]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect("tenantId" in ours.headers || "timestamp" in ours.headers || "networkLatencyMs" in ours.headers).toBe(false)
  })

  it("sends the payload exactly as given: no padding, no copied headers", async () => {
    const ours = await captureFrame({ tenantId: "t1" })
    expect(ours.payload).toEqual(insightsExample)
    expect(JSON.stringify(ours.payload).length).toBe(JSON.stringify(insightsExample).length)
  })
})
