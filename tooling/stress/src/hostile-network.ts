// Peers that fail the way production ones do, on loopback: a peer that completes the WebSocket
// upgrade and then never sends a byte (nor answers a close); a server that refuses every upgrade
// with an HTTP status. (The network that goes silent or down is the silencing proxy of
// @org/optave-test-fixtures.)
import { createHash } from "node:crypto"
import { createServer as createHttpServer, type IncomingMessage } from "node:http"
import { createServer, type AddressInfo, type Server, type Socket } from "node:net"

const listen = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return (server.address() as AddressInfo).port
}

/** Closes a server and destroys what it still holds open. */
const shut = (server: Server | ReturnType<typeof createHttpServer>, sockets: Iterable<Socket>) =>
  new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy()
    server.close(() => resolve())
  })

/** The `Sec-WebSocket-Accept` answer to a client's key (RFC 6455 section 4.2.2). */
const acceptKey = (key: string) => createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64")

export interface SilentPeer {
  readonly url: string
  /** Upgrades completed. */
  readonly upgrades: () => number
  /** Bytes the client sent after the upgrade (frames nobody answers). */
  readonly bytesAfterUpgrade: () => number
  readonly close: () => Promise<void>
}

/**
 * A WebSocket peer that accepts the upgrade (echoing the first offered subprotocol) and then
 * never sends a byte: no frame, no pong, no close answer, no FIN. Everything sent to it is read and dropped.
 */
export const startSilentPeer = async (): Promise<SilentPeer> => {
  const sockets = new Set<Socket>()
  let upgrades = 0
  let after = 0
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => {})
    let head = ""
    let upgraded = false
    socket.on("data", (chunk) => {
      if (upgraded) return void (after += chunk.length)
      head += chunk.toString("latin1")
      const end = head.indexOf("\r\n\r\n")
      if (end < 0) return
      const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head.slice(0, end))?.[1]?.trim()
      const protocol = header("sec-websocket-protocol")?.split(",")[0]?.trim()
      socket.write(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          `Sec-WebSocket-Accept: ${acceptKey(header("sec-websocket-key") ?? "")}\r\n` +
          (protocol === undefined ? "" : `Sec-WebSocket-Protocol: ${protocol}\r\n`) +
          "\r\n"
      )
      upgraded = true
      upgrades++
      after += Buffer.byteLength(head.slice(end + 4), "latin1")
    })
  })
  const port = await listen(server)
  return { url: `ws://127.0.0.1:${port}`, upgrades: () => upgrades, bytesAfterUpgrade: () => after, close: () => shut(server, sockets) }
}

export interface RefusingServer {
  readonly url: string
  /** Upgrade requests received, and the token each offered (the subprotocol after the first). */
  readonly upgrades: () => number
  readonly offeredTokens: Array<string>
  readonly close: () => Promise<void>
}

/** A server that answers every WebSocket upgrade with `status` (401: the token is refused) and closes. */
export const startRefusingServer = async (status: number): Promise<RefusingServer> => {
  const sockets = new Set<Socket>()
  const offeredTokens: Array<string> = []
  const server = createHttpServer((_request, response) => response.writeHead(status).end())
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  server.on("upgrade", (request: IncomingMessage, socket: Socket) => {
    offeredTokens.push(String(request.headers["sec-websocket-protocol"] ?? "").split(",").slice(1).join(",").trim())
    socket.on("error", () => {})
    socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
  })
  const port = await listen(server)
  return { url: `ws://127.0.0.1:${port}`, upgrades: () => offeredTokens.length, offeredTokens, close: () => shut(server as unknown as Server, sockets) }
}
