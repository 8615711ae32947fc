// Loopback servers that nobody on the client side designed: each is a real HTTP or WebSocket
// server (port 0) whose behaviour a scenario of `pnpm hostile` scripts, and which counts what
// reached it (connections, token requests, bytes written, close codes seen), so a scenario can
// assert the outcome rather than "no crash".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { WebSocketServer, type WebSocket } from "ws"

export interface HttpServer {
  readonly url: string
  /** Requests received, by path. */
  readonly requests: Array<{ readonly path: string; readonly headers: IncomingMessage["headers"]; readonly body: string }>
  readonly close: () => Promise<void>
}

export type HttpHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void

/** An HTTP server on loopback that records every request (path, headers, body) before `handle` answers it. */
export const startHttpServer = async (handle: HttpHandler): Promise<HttpServer> => {
  const requests: HttpServer["requests"] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      requests.push({ path: request.url ?? "", headers: request.headers, body })
      handle(request, response, body)
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** A token endpoint answer. */
export const sendToken = (response: ServerResponse, token: string, expiresIn = 3600) => {
  response.writeHead(200, { "content-type": "application/json" })
  response.end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: expiresIn }))
}

/** A completed superpower event, bare (the REST answer form) or enveloped with its correlation id (the socket form). */
export const completedEvent = (superpower: string, content: string, correlationId?: string) => {
  const payload = { action: "superpower", actionType: superpower, state: "completed", message: { results: [{ response: [{ content }] }] } }
  return correlationId === undefined ? payload : { action: "message", headers: { correlationId, schemaRef: "optave.response.v3" }, payload }
}

export const progressEvent = (superpower: string, content: string, correlationId: string) => ({
  action: "message",
  headers: { correlationId, schemaRef: "optave.response.v3" },
  payload: { action: "superpower", actionType: superpower, state: "started", message: { results: [{ response: [{ content }] }] } }
})

export interface Envelope {
  readonly headers: { readonly correlationId: string; readonly action: string }
  readonly payload: { readonly request?: { readonly requestId?: string } }
}

export interface WsServer {
  readonly url: string
  /** Connections accepted, and the subprotocol lists (tokens) they offered. */
  readonly connections: () => number
  readonly offeredTokens: Array<string>
  /** Close codes the server saw from clients. */
  readonly closeCodes: Array<number>
  readonly framesReceived: () => number
  readonly close: () => Promise<void>
}

export interface WsBehaviour {
  /** Called once per accepted connection. */
  readonly onConnection?: (socket: WebSocket, index: number) => void
  /** Called for every request envelope a client sends. */
  readonly onEnvelope?: (socket: WebSocket, envelope: Envelope) => void
  /** `false`: the server never answers a ping (`ws` answers them by default). */
  readonly autoPong?: boolean
}

/** A WebSocket server on loopback; `behaviour` decides what it does with connections and requests. */
export const startWsServer = async (behaviour: WsBehaviour): Promise<WsServer> => {
  const offeredTokens: Array<string> = []
  const closeCodes: Array<number> = []
  let connections = 0
  let frames = 0
  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    autoPong: behaviour.autoPong ?? true,
    handleProtocols: (protocols) => {
      const offered = [...protocols]
      offeredTokens.push(offered[1] ?? "")
      return offered[0] ?? false
    }
  })
  await new Promise<void>((resolve) => server.on("listening", () => resolve()))
  server.on("connection", (socket) => {
    const index = connections++
    socket.on("close", (code) => closeCodes.push(code))
    socket.on("error", () => {})
    socket.on("message", (data) => {
      frames++
      let envelope: Envelope
      try {
        envelope = JSON.parse(String(data)) as Envelope
      } catch {
        return
      }
      behaviour.onEnvelope?.(socket, envelope)
    })
    behaviour.onConnection?.(socket, index)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}`,
    connections: () => connections,
    offeredTokens,
    closeCodes,
    framesReceived: () => frames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      })
  }
}

/** Answers an `elevate` envelope the way the service does: its one superpower, completed. */
/** Answers with the caller's `requestId` in the content (the correlation id is a fresh UUID v7 per request), so a test sees whose answer it got. */
export const answerElevate = (socket: WebSocket, envelope: Envelope, content = `ok:${envelope.payload.request?.requestId ?? envelope.headers.correlationId}`) =>
  socket.send(JSON.stringify(completedEvent("improve_answer", content, envelope.headers.correlationId)))
