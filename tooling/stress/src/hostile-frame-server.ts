// A WebSocket server in a process of its own that sends one text frame of N bytes (spaces, as a
// server's JSON could be) on every connection,
// so the memory the scenario measures is the client's alone. Prints `URL ws://...` once listening,
// then `CONNECTION` per connection and `CLOSE <code>` per close.
//   node hostile-frame-server.js <frameBytes>
import type { AddressInfo } from "node:net"
import { WebSocketServer } from "ws"

const frameBytes = Number(process.argv[2])
if (!Number.isSafeInteger(frameBytes) || frameBytes <= 0) throw new Error("usage: hostile-frame-server.js <frameBytes>")
const frame = Buffer.alloc(frameBytes, 0x20)
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: (protocols) => [...protocols][0] ?? false })
server.on("listening", () => process.stdout.write(`URL ws://127.0.0.1:${(server.address() as AddressInfo).port}\n`))
server.on("connection", (socket) => {
  process.stdout.write("CONNECTION\n")
  socket.on("error", () => {})
  socket.on("close", (code) => process.stdout.write(`CLOSE ${code}\n`))
  socket.send(frame, { binary: false })
})
// Ends with its parent.
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
