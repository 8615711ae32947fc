// Every frame we send validates under the official client's own envelope schema (3.2.3, read as
// JSON data from its repository: packages/schema/test/fixtures/official-3.2.3, see SOURCE.md),
// checked by a real JSON Schema validator (AJV), not by our generated validators. `uuidv7` is
// defined here from RFC 9562's layout, not copied from the official client.
import { elevateExample, insightsExample } from "@org/optave-schema"
import { Ajv, type ValidateFunction } from "ajv"
import addFormatsModule from "ajv-formats"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import type { ActionName } from "../src/generated/catalog.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

type Json = Record<string, any>

const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../schema/test/fixtures/official-3.2.3/${name}`, import.meta.url), "utf8")) as Json

// RFC 9562 §5.7: 48-bit Unix milliseconds, version 7 (the 13th hex digit), variant 10x (the 17th: 8, 9, a or b).
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const officialEnvelope = (): ValidateFunction => {
  const ajv = new Ajv({ allErrors: true, strict: false })
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv
  addFormats(ajv)
  ajv.addFormat("uuidv7", UUID_V7)
  return ajv.compile(fixture("message-envelope.schema.json"))
}
const validate = officialEnvelope()
const errorsOf = (frame: unknown) => (validate(frame) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`))

/** The smallest payload each action accepts: its documented required fields only. */
const minimalPayload = (action: ActionName): Json => {
  const request: Json = {
    context: { organizationId: "org-1" },
    connections: { threadId: "thread-1" },
    scope: { conversations: [{ messages: [{ content: "Hello", participantId: "p-1" }] }] }
  }
  if (action === "elevate" || action === "adjust") {
    request["connections"] = { threadId: "thread-1", parentId: "message-7" }
    request["attributes"] = { content: "Hi, how can I help?", ...(action === "adjust" ? { instruction: "make it shorter" } : {}) }
  }
  if (action === "recommend") request["resources"] = { offers: [{ id: "offer-1", name: "Upgrade" }] }
  return { request }
}

const actions: ReadonlyArray<ActionName> = ["insights", "elevate", "summarize", "translate", "recommend", "adjust", "interaction", "reception", "customerinteraction"]

/** The frames our client sends for each (action, payload), captured by a fake socket. */
const captureFrames = async (calls: ReadonlyArray<readonly [ActionName, Json]>): Promise<ReadonlyArray<Json>> => {
  const fake = makeFakePlatform()
  const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t", reconnect: { maxAttempts: 1 } })
  const pending = calls.map(([action, payload]) => (client[action] as (payload: unknown) => Promise<unknown>)(payload).catch(() => undefined))
  while (fake.sockets.flatMap((socket) => socket.sent).length < calls.length) await new Promise((resolve) => setTimeout(resolve, 1))
  await client.close()
  await Promise.all(pending)
  return fake.sockets.flatMap((socket) => socket.sent)
}

describe("the official envelope schema, as a fixture", () => {
  it("is a real check: it refuses the official client's own frames for the docs' payloads (their requestId is no UUID v7)", () => {
    const frames = fixture("default-merged-frames.json")
    for (const frame of Object.values(frames) as ReadonlyArray<Json>) {
      expect(errorsOf(frame)).toEqual(['/headers/correlationId must match format "uuidv7"'])
      expect(errorsOf({ ...frame, headers: { ...frame["headers"], correlationId: "0199a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a31" } })).toEqual([])
    }
  })

  it("requires payload.session, payload.request.requestId and, for insights, a conversation", () => {
    const frame = fixture("default-merged-frames.json")["insights.en page payload"] as Json
    const valid: Json = { ...frame, headers: { ...frame["headers"], correlationId: "0199a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a31" } }
    const { session: _session, ...withoutSession } = valid["payload"]
    expect(errorsOf({ ...valid, payload: withoutSession })).toContain("/payload must have required property 'session'")
    const { requestId: _requestId, ...withoutRequestId } = valid["payload"]["request"]
    expect(errorsOf({ ...valid, payload: { ...valid["payload"], request: withoutRequestId } })).toContain("/payload/request must have required property 'requestId'")
    const noConversation = { ...valid["payload"], request: { ...valid["payload"]["request"], scope: { conversations: [] } } }
    expect(errorsOf({ ...valid, payload: noConversation }).length).toBeGreaterThan(0)
  })
})

describe("every frame we send validates under the official envelope schema", () => {
  it("minimal payloads, one per action (9), and the seeds' payloads", async () => {
    const calls: Array<readonly [ActionName, Json]> = actions.map((action) => [action, minimalPayload(action)] as const)
    calls.push(["insights", insightsExample], ["elevate", elevateExample])
    const frames = await captureFrames(calls)
    expect(frames).toHaveLength(11)
    for (const frame of frames) {
      expect(errorsOf(frame), `${frame["headers"]["action"]}: ${JSON.stringify(frame["payload"])}`).toEqual([])
      expect(frame["headers"]["correlationId"]).toMatch(UUID_V7)
    }
    // The least padding: an empty session and the correlation id as requestId where the caller gave none, nothing else.
    const [minimalInsights] = frames
    expect(minimalInsights!["payload"]).toEqual({ ...minimalPayload("insights"), session: {}, request: { ...minimalPayload("insights")["request"], requestId: minimalInsights!["headers"]["correlationId"] } })
    // A given requestId stays in the payload; the docs' one is no UUID v7, so it does not become the correlation id.
    const seeded = frames.find((frame) => frame["headers"]["action"] === "elevate" && frame["payload"]["request"]["requestId"] === elevateExample.request.requestId)
    expect(seeded?.["payload"]).toEqual(elevateExample)
  })
})
