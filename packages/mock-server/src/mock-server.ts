import {
  answerTokenRequest,
  authorizeUpgrade,
  DOCUMENTED_TOKEN_PATH,
  createPlanRunner,
  createScenarioEngine,
  frameText,
  SUBPROTOCOL,
  type PlanRunner,
  type ScenarioEngine,
  type ScenarioEngineOptions
} from "@org/optave-mock"
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { Duplex } from "node:stream"
import { WebSocket, WebSocketServer } from "ws"

export interface MockServerOptions extends ScenarioEngineOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  readonly host?: string
  /** An engine you already hold (its own options then apply, the engine options here are ignored). */
  readonly engine?: ScenarioEngine
  /** Largest accepted request body or WebSocket frame, in bytes. Default 1 MiB. */
  readonly maxPayloadBytes?: number
  /**
   * Answers browsers from any origin (CORS): preflights and `Access-Control-Allow-Origin: *`,
   * with `Retry-After` readable by the page. Default true; false answers as a server without CORS.
   */
  readonly cors?: boolean
}

export interface MockServer {
  readonly port: number
  /** `http://127.0.0.1:PORT`: REST is `POST {restUrl}/message/{action}`. */
  readonly restUrl: string
  /** `ws://127.0.0.1:PORT`: subprotocols `optave-v1, <token>`. */
  readonly wsUrl: string
  /**
   * `http://127.0.0.1:PORT/auth/oauth2/token`: the OAuth2 token endpoint at the documented path
   * under `restUrl`, where the client looks by default (no `authenticationUrl` needed).
   */
  readonly tokenUrl: string
  /**
   * @deprecated Use `tokenUrl`. `http://127.0.0.1:PORT/oauth`, an older base whose `{authUrl}/token`
   * still answers the same as `tokenUrl`.
   */
  readonly authUrl: string
  readonly engine: ScenarioEngine
  /** Open WebSocket connections. */
  readonly connections: () => number
  /** Terminates every WebSocket connection abruptly, as a network failure would. */
  readonly dropAll: () => void
  /** Closes every connection and stops listening. */
  readonly close: () => Promise<void>
}

const REST_PATH = /^\/message\/([^/]+)\/?$/u

class PayloadTooLarge extends Error {}

const readBody = (request: IncomingMessage, limit: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    request.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new PayloadTooLarge())
        request.pause()
        return
      }
      chunks.push(chunk)
    })
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const flatHeaders = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
  return headers
}

const sendJson = (response: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: unknown): void => {
  const text = JSON.stringify(body)
  response.writeHead(status, { "content-type": "application/json", ...headers, "content-length": Buffer.byteLength(text) })
  response.end(text)
}

// A page on another origin (a dev server, a test runner's page) calls the mock's REST and token
// endpoints cross-origin: JSON bodies and Authorization headers make the browser ask first.
const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "retry-after, retry-after-ms, x-correlation-id"
} as const

const answerPreflight = (request: IncomingMessage, response: ServerResponse): void => {
  response.writeHead(204, {
    ...CORS_HEADERS,
    "access-control-allow-methods": "POST, GET, OPTIONS",
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "authorization, content-type, idempotency-key",
    "access-control-max-age": "600",
    "content-length": "0"
  })
  response.end()
}

const refuseUpgrade = (socket: Duplex, status: number, message: string): void => {
  const body = JSON.stringify({ error: STATUS_CODES[status], message })
  socket.once("finish", () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${
      STATUS_CODES[status]
    }\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

/**
 * Starts the local Optave mock server: WebSocket (`optave-v1` subprotocol auth), REST
 * (`POST /message/{action}`) and the OAuth2 token endpoint (`POST /auth/oauth2/token`, the
 * documented path; the older `POST /oauth/token` answers too) on one loopback port, all answered
 * by the scenario engine.
 */
export const startMockServer = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const { port: requestedPort = 0, host = "127.0.0.1", engine: givenEngine, maxPayloadBytes = 1024 * 1024, cors = true, ...engineOptions } = options
  const engine = givenEngine ?? createScenarioEngine(engineOptions)
  const runners = new Map<WebSocket, PlanRunner>()
  const restTimers = new Set<ReturnType<typeof setTimeout>>()
  let connectionCount = 0

  const handleHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://localhost")
    const method = request.method ?? "GET"
    if (cors) {
      if (method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined) return answerPreflight(request, response)
      for (const [name, value] of Object.entries(CORS_HEADERS)) response.setHeader(name, value)
    }
    if (url.pathname === "/oauth/token" || url.pathname === DOCUMENTED_TOKEN_PATH) {
      const bodyText = await readBody(request, maxPayloadBytes)
      const answer = answerTokenRequest(engine, {
        method,
        url,
        contentType: request.headers["content-type"] ?? "",
        bodyText,
        ...(request.headers.authorization === undefined ? {} : { authorization: request.headers.authorization })
      })
      return sendJson(response, answer.status, answer.headers, answer.body)
    }
    const match = REST_PATH.exec(url.pathname)
    if (match?.[1] !== undefined) {
      if (method !== "POST") return sendJson(response, 405, { allow: "POST" }, { error: "method_not_allowed", message: "Use POST." })
      const bodyText = await readBody(request, maxPayloadBytes)
      const idempotencyKey = request.headers["idempotency-key"]
      const answer = engine.handleRest({
        action: decodeURIComponent(match[1]),
        bodyText,
        headers: flatHeaders(request),
        ...(request.headers.authorization === undefined ? {} : { authorization: request.headers.authorization }),
        ...(typeof idempotencyKey === "string" ? { idempotencyKey } : {})
      })
      const deliver = (): void => {
        if (answer.drop === true) {
          request.socket.destroy()
          return
        }
        sendJson(response, answer.status, answer.headers, answer.body)
      }
      if (answer.delayMs <= 0) return deliver()
      const timer = setTimeout(() => {
        restTimers.delete(timer)
        deliver()
      }, answer.delayMs)
      restTimers.add(timer)
      return
    }
    if (url.pathname === "/health") return sendJson(response, 200, {}, { ok: true })
    sendJson(
      response,
      404,
      {},
      { error: "not_found", message: `Nothing at ${url.pathname}. REST is POST /message/{action}, tokens are POST ${DOCUMENTED_TOKEN_PATH}.` }
    )
  }

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy()
      if (error instanceof PayloadTooLarge)
        return sendJson(
          response,
          413,
          { connection: "close" },
          { error: "payload_too_large", message: `Body over ${maxPayloadBytes} bytes.` }
        )
      sendJson(response, 500, {}, { error: "internal_error", message: error instanceof Error ? error.message : String(error) })
    })
  })

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maxPayloadBytes,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false)
  })

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy())
    const verdict = authorizeUpgrade({ protocols: request.headers["sec-websocket-protocol"], url: new URL(request.url ?? "/", "http://localhost") }, engine)
    if (!verdict.ok) return refuseUpgrade(socket, verdict.refusal === "bad-request" ? 400 : 401, verdict.message)
    sockets.handleUpgrade(request, socket, head, (connection) => {
      const connectionId = `connection-${++connectionCount}`
      const runner = createPlanRunner({
        send: (text, written) => connection.send(text, written === undefined ? undefined : () => written()),
        drop: () => connection.terminate(),
        isOpen: () => connection.readyState === WebSocket.OPEN
      })
      runners.set(connection, runner)
      connection.on("message", (data) => {
        // `ws` hands bytes (a Buffer, an ArrayBuffer or fragments), never a Blob: the text is there at once.
        const text = frameText(data)
        if (typeof text === "string") runner.run(engine.handleSocketFrame(text, connectionId))
      })
      connection.on("error", () => runner.drop())
      connection.on("close", () => {
        runner.cancel()
        runners.delete(connection)
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(requestedPort, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`

  const dropAll = (): void => {
    for (const runner of [...runners.values()]) runner.drop()
  }

  return {
    port,
    restUrl: `http://${authority}`,
    wsUrl: `ws://${authority}`,
    tokenUrl: `http://${authority}${DOCUMENTED_TOKEN_PATH}`,
    authUrl: `http://${authority}/oauth`,
    engine,
    connections: () => runners.size,
    dropAll,
    close: async () => {
      dropAll()
      for (const timer of restTimers) clearTimeout(timer)
      restTimers.clear()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))))
    }
  }
}
