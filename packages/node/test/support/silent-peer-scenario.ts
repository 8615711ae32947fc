// One scenario, run by the Node tests in process (Node 20, `ws`) and as a script under other Node
// binaries (`node silent-peer-scenario.ts global|ws`): a connection goes silent (no FIN, no RST)
// while requests wait on it; the client must notice within twice its liveness window, resend on a
// new connection, and deliver every result once. Then the peer goes silent again and close() must
// let the socket go at once. Prints (or returns) the figures as JSON.
import { startMockServer } from "@org/optave-mock-server"
import { elevateExample } from "@org/optave-schema"
import { startSilencingProxy } from "@org/optave-test-fixtures/silencing-proxy"
import { pathToFileURL } from "node:url"
import { createClient } from "../../src/index.ts"

export interface SilentPeerFigures {
  readonly runtime: string
  readonly socket: string
  readonly livenessMs: number
  /** From the silence to the client's next connection. */
  readonly detectedMs: number
  /** From the silence to the last result. */
  readonly recoveredMs: number
  readonly requests: number
  readonly completed: number
  /** Results holding an event twice (a duplicate delivered). */
  readonly duplicated: number
  readonly reconnects: number
  /** From close() to the client's side of the silenced connection closing its TCP socket (-1: not within 2 s). */
  readonly closeReleasedMs: number
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const runSilentPeer = async (webSocket: "ws" | "global", livenessMs = 1_000, requests = 5): Promise<SilentPeerFigures> => {
  const server = await startMockServer({ port: 0, latencyMs: 1 })
  const proxy = await startSilencingProxy(server.port)
  const client = createClient({
    urls: { ws: proxy.url, rest: server.restUrl },
    clientId: "demo-client",
    clientSecret: "demo-secret",
    authenticationUrl: server.authUrl,
    allowInsecure: true,
    timeouts: { livenessMs, heartbeatMs: 0 },
    logLevel: "off",
    platform: { webSocket }
  } as Parameters<typeof createClient>[0])
  try {
    await client.elevate(elevateExample)
    // The service will take a moment to answer: the silence falls while requests wait.
    server.engine.use({ latencyMs: 200 })
    const pending = Array.from({ length: requests }, (_, i) => client.elevate({ ...elevateExample, request: { ...elevateExample.request, requestId: `silent-${i}` } }))
    await wait(20)
    const silencedAt = Date.now()
    const before = proxy.connections()
    proxy.silenceOpen()
    const results = await Promise.allSettled(pending)
    const recoveredMs = Date.now() - silencedAt
    const next = proxy.acceptedAt()[before]
    const completed = results.filter((result) => result.status === "fulfilled")
    const duplicated = completed.filter((result) => {
      const seen = result.value.events.map((event) => `${event.actionType}:${event.state}`)
      return new Set(seen).size !== seen.length
    }).length
    const reconnects = client.stats().reconnects
    // Silent again, a request waiting: close() must let go of the socket without the peer.
    const last = client.elevate(elevateExample).catch(() => undefined)
    await wait(20)
    proxy.silenceOpen()
    const closingAt = Date.now()
    await client.close()
    await last
    let closeReleasedMs = -1
    for (let waited = 0; waited <= 2_000; waited += 10) {
      if (proxy.silencedClosedByClient()) {
        closeReleasedMs = Date.now() - closingAt
        break
      }
      await wait(10)
    }
    return {
      runtime: `node ${process.versions.node}`,
      socket: webSocket,
      livenessMs,
      detectedMs: next === undefined ? -1 : next - silencedAt,
      recoveredMs,
      requests,
      completed: completed.length,
      duplicated,
      reconnects,
      closeReleasedMs
    }
  } finally {
    await client.close()
    await proxy.close()
    await server.close()
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const webSocket = process.argv[2] === "global" ? "global" : "ws"
  const figures = await runSilentPeer(webSocket, Number(process.argv[3] ?? 1_000))
  process.stdout.write(`${JSON.stringify(figures)}\n`)
}
