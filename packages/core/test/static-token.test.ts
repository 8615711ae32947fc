// The service accepts a token for one WebSocket connection. A server that enforces it (like the
// mock's token authority) refuses a static token on reconnect: the error must say why and what to pass.
import { elevateExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { createClientWith } from "../src/promise-client.ts"
import { event, makeFakePlatform } from "./support/fake-platform.ts"

/** A server that accepts each token for one connection only, and answers elevate. */
const singleUseServer = () => {
  const used = new Set<string>()
  return makeFakePlatform({
    onOpen: (socket) =>
      queueMicrotask(() => {
        const token = socket.protocols[1] ?? ""
        if (used.has(token)) return socket.refuse(401)
        used.add(token)
        socket.open()
      }),
    onSend: (socket, frame) =>
      queueMicrotask(() => socket.receive(event(frame.headers.correlationId, "improve_answer", "completed", "better")))
  })
}

const base: ClientConfig = { urls: { ws: "ws://127.0.0.1:1" }, reconnect: { baseDelayMs: 1, maxDelayMs: 2 } }

describe("a token is one connection's worth", () => {
  it("a static token refused on reconnect fails with an AuthError that says why and what to pass", async () => {
    const fake = singleUseServer()
    const client = createClientWith(fake.platform, { ...base, token: "static-token" })
    await client.elevate(elevateExample)
    client.dropConnection()
    const error = await client.elevate(elevateExample).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ _tag: "AuthError", code: "TOKEN_REJECTED", status: 401 })
    const message = (error as Error).message
    expect(message).toContain("one WebSocket connection")
    expect(message).toContain("tokenProvider")
    expect(message).toContain("clientId")
    expect(message).not.toContain("static-token")
    // No second try with the token that cannot work.
    expect(fake.sockets).toHaveLength(2)
    await client.close()
  })

  it("a tokenProvider gives each connection a fresh token and survives the reconnect", async () => {
    const fake = singleUseServer()
    let minted = 0
    const client = createClientWith(fake.platform, { ...base, tokenProvider: () => `token-${++minted}` })
    await client.elevate(elevateExample)
    client.dropConnection()
    await expect(client.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
    expect(fake.sockets.map((socket) => socket.protocols[1])).toEqual(["token-1", "token-2"])
    await client.close()
  })
})
