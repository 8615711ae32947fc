// The child process of the `close-while-the-peer-is-silent-exits` scenario: a client with a
// request pending on a peer that never answers anything, then `close()`. Prints CLOSED when
// `close()` resolves; the parent measures how long this process lives after that. Nothing here
// may keep it alive: no timer, no listener, no `process.exit`.
//   node hostile-close-child.js <wsUrl> <ws|global>
import { elevateExample } from "@org/optave-schema"
import { createClient } from "@org/optave-node"

const [url, socket] = process.argv.slice(2)
if (url === undefined || (socket !== "ws" && socket !== "global")) throw new Error("usage: hostile-close-child.js <wsUrl> <ws|global>")
const client = createClient({ urls: { ws: url }, token: "t", platform: { webSocket: socket }, timeouts: { requestMs: 120_000, settleMs: 120_000 } })
const pending = client.elevate(elevateExample).then(
  () => "answered",
  (error: { _tag?: string; code?: string }) => `${error._tag} ${error.code}`
)
// Wait for the connection to be open (the request is then on the wire), polling without holding the loop.
for (let waited = 0; client.stats().connects === 0; waited += 10) {
  if (waited > 5_000) throw new Error("the client never connected")
  await new Promise((resolve) => setTimeout(resolve, 10))
}
await client.close()
process.stdout.write(`CLOSED pending request: ${await pending}\n`)
