// A loopback WebSocket server that accepts the `optave-v1` subprotocol, never answers, and only
// counts the frames it receives. It runs on a thread of its own (a worker: its heap is not the
// sender's) or in a process of its own (forked: its CPU time is not the sender's either, which
// `process.cpuUsage()` counts for every thread), so counting never shares the sender's event loop.
//
// Messages: { type: "expect", count } -> resets the count and answers { type: "armed" }; when
// `count` frames have arrived it posts { type: "reached" }. { type: "count" } -> { type: "count", count }.
import { parentPort } from "node:worker_threads"
import { WebSocketServer } from "ws"

// A worker talks through `parentPort`; a forked process through its IPC channel.
type Message = { type: string; count?: number }
const port: { postMessage: (message: unknown) => void; onMessage: (listener: (message: Message) => void) => void } =
  parentPort === null
    ? { postMessage: (message) => void process.send!(message), onMessage: (listener) => void process.on("message", listener) }
    : { postMessage: (message) => parentPort!.postMessage(message), onMessage: (listener) => void parentPort!.on("message", listener) }
let count = 0
let target = Number.POSITIVE_INFINITY
// A forked counter ends with its parent: a sender that fails and exits must not leave it serving.
if (parentPort === null) process.on("disconnect", () => process.exit(0))

const server = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  perMessageDeflate: false,
  maxPayload: 16 * 1024 * 1024,
  handleProtocols: (protocols) => (protocols.has("optave-v1") ? "optave-v1" : false)
})

server.on("connection", (socket) => {
  socket.on("error", () => {})
  socket.on("message", () => {
    count++
    if (count === target) port.postMessage({ type: "reached", count })
  })
})

server.on("listening", () => {
  const address = server.address()
  port.postMessage({ type: "listening", port: typeof address === "object" && address !== null ? address.port : 0 })
})

port.onMessage((message) => {
  if (message.type === "expect") {
    count = 0
    target = message.count ?? Number.POSITIVE_INFINITY
    port.postMessage({ type: "armed" })
  } else if (message.type === "count") {
    port.postMessage({ type: "count", count })
  } else if (message.type === "close") {
    for (const client of server.clients) client.terminate()
    server.close(() => process.exit(0))
  }
})
