// A TCP proxy on loopback in front of a WebSocket server that fails the way production networks
// do: it can silence the connections it carries (they stay open, no FIN, no RST, but nothing
// crosses them any more, either way: a NAT or load balancer that forgot them) while new
// connections pass as usual, or drop them all and refuse new ones for a while (an outage).
// Node only (node:net, node:http): import it from `@org/optave-test-fixtures/silencing-proxy`.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http"
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net"

export interface SilencingProxy {
  /** The upstream's `ws://` URL through the proxy. */
  readonly url: string
  /**
   * `POST {controlUrl}/silence` does what `silenceOpen()` does and answers `{ "silenced": n }`,
   * for a client in another process or runtime (a Worker, Deno, a browser page: the answer
   * allows any origin).
   */
  readonly controlUrl: string
  /** Connections accepted so far (refused ones included). */
  readonly connections: () => number
  /** When (`Date.now()`) each connection so far was accepted, in order. */
  readonly acceptedAt: () => ReadonlyArray<number>
  /** From now on, every open connection forwards nothing, either way, and is never closed; answers how many it silenced. */
  readonly silenceOpen: () => number
  /** True once the client side of every silenced connection has closed its TCP socket. */
  readonly silencedClosedByClient: () => boolean
  /** Destroys every open connection (the client sees a reset) and refuses new ones until `restore()`. */
  readonly startOutage: () => void
  readonly restore: () => void
  /** Destroys every connection it still holds and stops listening. */
  readonly close: () => Promise<void>
}

interface Pair {
  readonly client: Socket
  readonly upstream: Socket
  silenced: boolean
  clientClosed: boolean
}

const listen = async (server: Server | HttpServer): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return (server.address() as AddressInfo).port
}

const shut = (server: Server | HttpServer) => new Promise<void>((resolve) => server.close(() => resolve()))

const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" }

export const startSilencingProxy = async (upstreamPort: number): Promise<SilencingProxy> => {
  const pairs = new Set<Pair>()
  const held = new Set<Socket>()
  const acceptedAt: Array<number> = []
  let outage = false
  const hold = (socket: Socket) => {
    held.add(socket)
    socket.on("close", () => held.delete(socket))
    socket.on("error", () => {})
  }
  const proxy = createServer((client) => {
    acceptedAt.push(Date.now())
    hold(client)
    if (outage) return void client.resetAndDestroy()
    const upstream = connect(upstreamPort, "127.0.0.1")
    hold(upstream)
    const pair: Pair = { client, upstream, silenced: false, clientClosed: false }
    pairs.add(pair)
    // Both ends are read all the time (nothing backs up); bytes pass only while the pair is not silenced.
    client.on("data", (chunk) => void (pair.silenced || upstream.write(chunk)))
    upstream.on("data", (chunk) => void (pair.silenced || client.write(chunk)))
    // A silenced pair passes no end on, either way: each side must find out by itself.
    const passEndTo = (other: Socket) => {
      if (pair.silenced) return
      other.destroy()
      pairs.delete(pair)
    }
    client.on("close", () => {
      pair.clientClosed = true
      passEndTo(upstream)
    })
    upstream.on("close", () => passEndTo(client))
  })
  const silenceOpen = (): number => {
    let count = 0
    for (const pair of pairs) {
      if (pair.silenced || pair.client.destroyed) continue
      pair.silenced = true
      count++
    }
    return count
  }
  const control = createHttpServer((request, response) => {
    if (request.method === "OPTIONS") return void response.writeHead(204, cors).end()
    if (request.method === "POST" && request.url === "/silence") {
      response.writeHead(200, { ...cors, "content-type": "application/json" })
      return void response.end(JSON.stringify({ silenced: silenceOpen() }))
    }
    response.writeHead(404, cors).end()
  })
  control.on("connection", hold)
  const proxyPort = await listen(proxy)
  const controlPort = await listen(control)
  return {
    url: `ws://127.0.0.1:${proxyPort}`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    connections: () => acceptedAt.length,
    acceptedAt: () => acceptedAt,
    silenceOpen,
    silencedClosedByClient: () => [...pairs].every((pair) => !pair.silenced || pair.clientClosed),
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
    close: async () => {
      for (const socket of held) socket.destroy()
      await Promise.all([shut(proxy), shut(control)])
    }
  }
}
