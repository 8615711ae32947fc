// Worker thread: the local mock server (zero latency unless told) on its own thread, so a
// round-trip benchmark measures the client, not the client and the server sharing one event loop.
// Posts { type: "listening", wsUrl, restUrl }; { type: "stats" } -> { type: "stats", stats };
// { type: "close" } ends the thread.
import { startMockServer } from "@org/optave-mock-server"
import { parentPort, workerData } from "node:worker_threads"

const port = parentPort!
const options = (workerData ?? {}) as { latencyMs?: number; seed?: number }
const server = await startMockServer({ latencyMs: options.latencyMs ?? 0, seed: options.seed ?? 1 })
port.postMessage({ type: "listening", wsUrl: server.wsUrl, restUrl: server.restUrl })
port.on("message", (message: { type: string }) => {
  if (message.type === "stats") port.postMessage({ type: "stats", stats: server.engine.stats() })
  else if (message.type === "close") void server.close().finally(() => process.exit(0))
})
