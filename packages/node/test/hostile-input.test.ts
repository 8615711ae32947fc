// Hostile input over real loopback sockets: an escaped `__proto__` in a server's JSON stays out
// of results over the WebSocket and REST, and a token endpoint that issues a `mac` token, or an
// `expires_in` as a string, is read as RFC 6749 says.
import { elevateExample } from "@org/optave-schema"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocketServer } from "ws"
import { createClient, type ClientConfig, type OptaveClientPromise } from "../src/index.ts"

const ESCAPED_PROTO = "\\u005f_proto__"

/** A completed improve_answer event whose first result carries an escaped `__proto__` holding an object. */
const hostileEvent = (correlationId?: string) =>
  JSON.stringify({
    action: "superpower",
    actionType: "improve_answer",
    state: "completed",
    ...(correlationId === undefined ? {} : { correlationId }),
    message: { results: [{ response: [{ content: "better" }], HOSTILE: { polluted: true } }] }
  }).replace('"HOSTILE"', `"${ESCAPED_PROTO}"`)

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
})

/** An HTTP server on loopback: `/auth/oauth2/token` answers `token()`, anything else the hostile event. */
const startHttp = async (token: () => unknown) => {
  const server: Server = createServer((request, response) => {
    request.resume()
    request.on("end", () => {
      response.setHeader("content-type", "application/json")
      response.end(request.url?.startsWith("/auth/oauth2/token") ? JSON.stringify(token()) : hostileEvent())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A WebSocket server on loopback that answers each request with the hostile event. */
const startWs = async () => {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: (protocols) => (protocols.has("optave-v1") ? "optave-v1" : false) })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  server.on("connection", (socket) =>
    socket.on("message", (data) => {
      const correlationId = (JSON.parse(String(data)) as { headers: { correlationId: string } }).headers.correlationId
      socket.send(hostileEvent(correlationId))
    })
  )
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const client = (config: ClientConfig): OptaveClientPromise => {
  const created = createClient({ logLevel: "off", ...config, platform: { webSocket: "ws" } })
  cleanup.push(() => created.close())
  return created
}

describe("hostile input over loopback", () => {
  for (const transport of ["ws", "rest"] as const) {
    it(`an escaped __proto__ never reaches results (${transport})`, async () => {
      const rest = await startHttp(() => ({ access_token: "tok", token_type: "Bearer", expires_in: 3600 }))
      const ws = await startWs()
      const optave = client({ urls: { ws, rest }, token: "t", transport })
      const result = await optave.elevate(elevateExample)
      const first = result.superpowers.improve_answer!.results[0]!
      expect(Object.prototype.hasOwnProperty.call(first, "__proto__")).toBe(false)
      const copy = Object.assign({}, first) as Record<string, unknown>
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
      expect(copy.polluted).toBeUndefined()
    })
  }

  it('a token endpoint answering token_type "mac" is refused by name; "3600" as expires_in is used', async () => {
    let answer: unknown = { access_token: "tok", token_type: "mac", expires_in: 3600 }
    const rest = await startHttp(() => answer)
    const config: ClientConfig = { urls: { rest }, clientId: "id", clientSecret: "secret", transport: "rest" }
    const refused = await client(config).elevate(elevateExample).catch((error: unknown) => error)
    expect(refused).toMatchObject({ _tag: "AuthError", code: "TOKEN_INVALID" })
    expect(String((refused as Error).message)).toContain('"mac"')
    answer = { access_token: "tok", token_type: "bearer", expires_in: "3600" }
    const result = await client(config).elevate(elevateExample)
    expect(result.superpowers.improve_answer!.state).toBe("completed")
  })
})
