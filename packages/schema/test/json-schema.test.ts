// The JSON Schema documents are built when first read, not at import, and read like plain data.
import { describe, expect, it } from "vitest"
import { actionCatalog, actionNames } from "../src/actions.ts"
import { payloadJsonSchemas, protocolJsonSchemas } from "../src/json-schema.ts"
import { SuperpowerEvent } from "../src/superpower-event.ts"

describe("@org/optave-schema/json-schema", () => {
  it("builds nothing at import: each document is built on its first read, then kept", () => {
    // Nothing in this file has read a document before this line.
    expect(Object.getOwnPropertyDescriptor(protocolJsonSchemas, "SuperpowerEvent")?.get).toBeTypeOf("function")
    const first = protocolJsonSchemas.SuperpowerEvent
    expect(Object.getOwnPropertyDescriptor(protocolJsonSchemas, "SuperpowerEvent")?.value).toBe(first)
    expect(protocolJsonSchemas.SuperpowerEvent).toBe(first)
    expect(first).toEqual({ $schema: "https://json-schema.org/draft/2020-12/schema", ...JSON.parse(JSON.stringify(SuperpowerEvent)) })
  })

  it("has one plain JSON document per action, seen by keys, spread and JSON.stringify", () => {
    expect(Object.keys(payloadJsonSchemas).sort()).toEqual([...actionNames].sort())
    const plain = JSON.parse(JSON.stringify(payloadJsonSchemas)) as Record<string, unknown>
    expect({ ...payloadJsonSchemas }).toEqual(plain)
    for (const name of actionNames) {
      expect(plain[name]).toEqual({ $schema: "https://json-schema.org/draft/2020-12/schema", ...JSON.parse(JSON.stringify(actionCatalog[name].payload)) })
    }
    expect(Object.keys(protocolJsonSchemas).sort()).toEqual(["InboundFrame", "RequestEnvelope", "ResponseEnvelope", "RestResponseBody", "SuperpowerEvent", "TokenResponse"])
  })
})
