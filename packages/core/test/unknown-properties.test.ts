// Unknown properties: sent unchanged by default (forward compatible, like the official schemas),
// a ValidationError naming each path with `refuseUnknownProperties` (typo checks), nothing sent.
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const withNewFields = {
  ...insightsExample,
  request: {
    ...insightsExample.request,
    context: { ...insightsExample.request.context, regionHint: "eu-west" },
    scope: {
      ...insightsExample.request.scope,
      conversations: [{ ...insightsExample.request.scope.conversations[0]!, channelKind: { name: "web", version: 2 } }]
    }
  }
}

describe("a payload with unknown nested properties", () => {
  it("is sent unchanged by default", async () => {
    const fake = makeFakePlatform({ onSend: (socket) => socket.close(1000, "captured") })
    const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t", reconnect: { maxAttempts: 1 } })
    const pending = client.insights(withNewFields).catch(() => undefined)
    while (fake.sockets.flatMap((socket) => socket.sent).length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    await client.close()
    await pending
    const [frame] = fake.sockets.flatMap((socket) => socket.sent)
    expect(frame?.["payload"]).toEqual(withNewFields)
    expect(frame?.["payload"].request.context.regionHint).toBe("eu-west")
  })

  it("is refused with refuseUnknownProperties, naming every path, and nothing is sent", async () => {
    const fake = makeFakePlatform()
    const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t", refuseUnknownProperties: true })
    await expect(client.insights(withNewFields)).rejects.toMatchObject({
      _tag: "ValidationError",
      issues: [
        { path: "request.context.regionHint", message: "is not allowed (unknown property)" },
        { path: "request.scope.conversations[0].channelKind", message: "is not allowed (unknown property)" }
      ]
    })
    expect(fake.sockets).toHaveLength(0)
    await expect(client.insights(withNewFields, { transport: "rest" })).rejects.toMatchObject({ _tag: "ValidationError" })
    expect(fake.fetches).toHaveLength(0)
    await client.close()
  })
})
