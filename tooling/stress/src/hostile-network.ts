// Networks and peers that fail the way production ones do, on loopback: a TCP proxy that can
// silence its open connections (no FIN, no RST: a NAT or load balancer that forgot them) while new
// connections pass, or drop them and refuse new ones for a while (an outage); a peer that completes
// the WebSocket upgrade and then never sends a byte (nor answers a close); a server that refuses
// every upgrade with an HTTP status.
import { createHash } from "node:crypto"
import { createServer as createHttpServer, type IncomingMessage } from "node:http"
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net"

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

export interface SilenceProxy {
  /** `ws://` URL of the proxy (the upstream is a WebSocket server). */
  readonly url: string
  /** Connections accepted (refused ones included). */
  readonly connections: () => number
  /** From now on, every open connection forwards nothing, either way, and is never closed: a peer gone silent. */
  readonly silenceOpen: () => number
  /** Destroys every open connection (the client sees a reset) and refuses new ones until `restore()`. */
  readonly startOutage: () => void
  readonly restore: () => void
  readonly close: () => Promise<void>
}

interface Pair {
  readonly client: Socket
  readonly upstream: Socket
  silenced: boolean
}

/** A TCP proxy in front of `upstreamPort` whose open connections can be silenced or dropped. */
export const startSilenceProxy = async (upstreamPort: number): Promise<SilenceProxy> => {
  const pairs = new Set<Pair>()
  const held = new Set<Socket>()
  let accepted = 0
  let outage = false
  const server = createServer((client) => {
    accepted++
    held.add(client)
    client.on("close", () => held.delete(client))
    client.on("error", () => {})
    if (outage) return void client.resetAndDestroy()
    const upstream = connect(upstreamPort, "127.0.0.1")
    held.add(upstream)
    upstream.on("close", () => held.delete(upstream))
    upstream.on("error", () => {})
    const pair: Pair = { client, upstream, silenced: false }
    pairs.add(pair)
    // Data is read either way (so nothing backs up) and written on only while the pair is not silenced.
    client.on("data", (chunk) => void (pair.silenced || upstream.write(chunk)))
    upstream.on("data", (chunk) => void (pair.silenced || client.write(chunk)))
    // A silenced pair never passes an end on: its peers must find out by themselves.
    client.on("close", () => (pair.silenced ? undefined : (upstream.destroy(), pairs.delete(pair))))
    upstream.on("close", () => (pair.silenced ? undefined : (client.destroy(), pairs.delete(pair))))
  })
  const port = await listen(server)
  return {
    url: `ws://127.0.0.1:${port}`,
    connections: () => accepted,
    silenceOpen: () => {
      let count = 0
      for (const pair of pairs) {
        if (pair.silenced || pair.client.destroyed) continue
        pair.silenced = true
        count++
      }
      return count
    },
    startOutage: () => {
      outage = true
      for (const pair of pairs) {
        pair.client.resetAndDestroy()
        pair.upstream.destroy()
      }
      pairs.clear()
    },
    restore: () => {
      outage = false
    },
    close: () => shut(server, held)
  }
}

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
