import { createServer as createHttpServer, type Server as HttpServer } from "node:http"
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net"

/**
 * A TCP proxy in front of the mock server's port that can silence its open connections: from the
 * moment `POST {controlUrl}/silence` arrives, they forward nothing either way and are never
 * closed (no FIN, no RST), as a NAT or load balancer that forgot them; connections opened later
 * pass as usual. The control URL answers CORS, so a page on another origin can call it.
 */
export interface SilencingProxy {
  /** The mock server's `ws://` URL through the proxy. */
  readonly wsUrl: string
  /** `POST {controlUrl}/silence` silences the open connections and answers how many. */
  readonly controlUrl: string
  readonly connections: () => number
  readonly silenced: () => number
  readonly close: () => Promise<void>
}

interface Pair {
  readonly client: Socket
  readonly upstream: Socket
  silent: boolean
}

const listen = async (server: Server | HttpServer): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return (server.address() as AddressInfo).port
}

export const startSilencingProxy = async (upstreamPort: number): Promise<SilencingProxy> => {
  const pairs = new Set<Pair>()
  const sockets = new Set<Socket>()
  let accepted = 0
  let silenced = 0
  const hold = (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => {})
  }
  const proxy = createServer((client) => {
    accepted++
    const upstream = connect(upstreamPort, "127.0.0.1")
    hold(client)
    hold(upstream)
    const pair: Pair = { client, upstream, silent: false }
    pairs.add(pair)
    // Both ends are read all the time (nothing backs up); bytes pass only while the pair is not silent.
    client.on("data", (chunk) => void (pair.silent || upstream.write(chunk)))
    upstream.on("data", (chunk) => void (pair.silent || client.write(chunk)))
    // A silent pair passes no end on either: each side must find out by itself.
    client.on("close", () => void (pair.silent || upstream.destroy()))
    upstream.on("close", () => void (pair.silent || client.destroy()))
  })
  const silenceOpen = (): number => {
    let count = 0
    for (const pair of pairs) {
      if (pair.silent || pair.client.destroyed) continue
      pair.silent = true
      count++
    }
    silenced += count
    return count
  }
  const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" }
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
  const shut = (server: Server | HttpServer) => new Promise<void>((resolve) => server.close(() => resolve()))
  return {
    wsUrl: `ws://127.0.0.1:${proxyPort}`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    connections: () => accepted,
    silenced: () => silenced,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await Promise.all([shut(proxy), shut(control)])
    }
  }
}
