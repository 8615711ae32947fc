// ws.inflight: heap held per in-flight request. Run in a fresh process with `--expose-gc`
// (bench.ts spawns it): 10,000 insights requests pending on one socket to a server (on its own
// thread, so its heap is not counted) that never answers. The payload object is shared by every
// request, so it is not counted; what is counted is everything the client keeps per request (the
// serialized frame kept for resends, the tracker, the stream, the fiber, the promise...). The
// Node platform keeps frames as Buffers outside the JS heap, so the figure is the JS heap plus
// `arrayBuffers` (memory of Buffers and ArrayBuffers), never the heap alone.
// Prints one JSON line: { requests, heapBytes, arrayBufferBytes, bytesPerRequest, frameBytes }.
import { loadClientFactory, silentServerConfig } from "./client-factory.ts"
import { rawEnvelope } from "./raw-envelope.ts"
import { parseRunArguments } from "./run-arguments.ts"
import { seedPayload } from "./seed-payloads.ts"
import { startWorker } from "./worker-channel.ts"

const args = parseRunArguments()
const requests = args.number("requests", 10_000)
const corePath = args.string("core")
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run with node --expose-gc")

const collect = async () => {
  for (let index = 0; index < 4; index++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const createClient = await loadClientFactory(corePath)
const counter = startWorker("./frame-counter-worker.js")
const { port } = await counter.next<{ type: string; port: number }>("listening")
const payload = seedPayload("insights", "bench-inflight")
const client = createClient(silentServerConfig(port, requests))
const ignore = () => {}
const held: Array<Promise<unknown>> = []

// Connect first (one request, pending too), so the socket and its buffers are in the baseline.
await counter.ask({ type: "expect", count: 1 }, "armed")
let reached = counter.next("reached")
held.push(client.insights(payload, { correlationId: "warm" }).catch(ignore))
await reached
await collect()
const usage = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return { heapUsed, arrayBuffers }
}
const before = usage()

await counter.ask({ type: "expect", count: requests }, "armed")
reached = counter.next("reached")
for (let index = 0; index < requests; index++) held.push(client.insights(payload, { correlationId: `inflight-${index}` }).catch(ignore))
await reached
await collect()
const after = usage()
const heapBytes = after.heapUsed - before.heapUsed
const arrayBufferBytes = after.arrayBuffers - before.arrayBuffers
const pending = client.stats().pending

const frameBytes = Buffer.byteLength(rawEnvelope("inflight-0000", payload))
process.stdout.write(`${JSON.stringify({ requests, pending, heapBytes, arrayBufferBytes, bytesPerRequest: (heapBytes + arrayBufferBytes) / requests, frameBytes })}\n`)
await client.close()
await counter.close()
process.exit(0)
