// A TCP proxy on loopback that can go silent the way a NAT or load balancer that lost its mapping
// does: the connections it carries stay open (no FIN, no RST) but nothing crosses them any more,
// either way; new connections are forwarded as usual.
import { connect, createServer, type AddressInfo, type Socket } from "node:net"

export interface SilencingProxy {
  readonly port: number
  /** Connections accepted so far, with when (Date.now()) each was accepted. */
  readonly accepted: () => ReadonlyArray<number>
  /** Stops forwarding on every connection open now, both ways, keeping their sockets open. */
  readonly silence: () => void
  /** True once the client side of every silenced connection has closed its TCP socket. */
  readonly silencedClosedByClient: () => boolean
  readonly close: () => Promise<void>
}

export const startSilencingProxy = async (targetPort: number): Promise<SilencingProxy> => {
  const accepted: Array<number> = []
  const pairs = new Set<{ client: Socket; upstream: Socket; silent: boolean; clientClosed: boolean }>()
  const server = createServer((client) => {
    accepted.push(Date.now())
    const upstream = connect(targetPort, "127.0.0.1")
    const pair = { client, upstream, silent: false, clientClosed: false }
    pairs.add(pair)
    client.on("data", (chunk) => void (pair.silent || upstream.write(chunk)))
    upstream.on("data", (chunk) => void (pair.silent || client.write(chunk)))
    // A silenced connection forwards no end either: the other side learns nothing.
    client.on("close", () => {
      pair.clientClosed = true
      if (!pair.silent) upstream.destroy()
    })
    upstream.on("close", () => void (pair.silent || client.destroy()))
    client.on("error", () => {})
    upstream.on("error", () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    silence: () => {
      for (const pair of pairs) pair.silent = true
    },
    silencedClosedByClient: () => [...pairs].filter((pair) => pair.silent).every((pair) => pair.clientClosed),
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) (pair.client.destroy(), pair.upstream.destroy())
        server.close(() => resolve())
      })
  }
}
