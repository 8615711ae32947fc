// A real HTTP CONNECT proxy on loopback (RFC 9110 §9.3.6): it answers nothing but CONNECT, so a
// request that does not go through a tunnel fails instead of passing unnoticed. It counts the
// tunnels and keeps the first bytes the client sent through each (plain HTTP inside, on loopback).
import { createServer, type IncomingMessage } from "node:http"
import { connect, type AddressInfo, type Socket } from "node:net"

export interface Tunnel {
  /** `host:port` the client asked for. */
  readonly target: string
  /** What the client sent through the tunnel first (the request line and headers, for plain HTTP). */
  firstBytes: string
}

export interface ConnectProxy {
  readonly url: string
  readonly tunnels: ReadonlyArray<Tunnel>
  /** Requests that tried to use it as a forwarding proxy (answered 405). */
  readonly forwarded: () => number
  readonly close: () => Promise<void>
}

export const startConnectProxy = async (): Promise<ConnectProxy> => {
  const tunnels: Array<Tunnel> = []
  const sockets = new Set<Socket>()
  let forwarded = 0
  const server = createServer((_request, response) => {
    forwarded++
    response.writeHead(405, { allow: "CONNECT" }).end()
  })
  server.on("connection", (socket: Socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = (request.url ?? "").split(":")
    const tunnel: Tunnel = { target: request.url ?? "", firstBytes: "" }
    tunnels.push(tunnel)
    const upstream = connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
      if (head.length > 0) upstream.write(head)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    sockets.add(upstream)
    client.once("data", (chunk: Buffer) => void (tunnel.firstBytes = chunk.toString("latin1")))
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    upstream.on("error", end).on("close", end)
    client.on("error", end).on("close", end)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
