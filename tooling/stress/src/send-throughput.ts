// ws.send: how fast validated, enveloped insights requests leave through the client over one
// socket, against raw `ws` sending an equivalent hand-built envelope (JSON.stringify per
// message), both to the same frame-counting server on another thread. A round fires N requests
// without awaiting them and stops the clock when the server has counted N frames. Each request,
// on both sides, gets a new payload object from the same builder (as applications send), and
// each round also reports the bytes the sending thread allocated per request.
import WebSocket from "ws"
import { silentServerConfig, type ClientFactory } from "./client-factory.ts"
import { freshInsightsPayload } from "./fresh-payload.ts"
import { measureAllocation } from "./heap-allocation.ts"
import { median } from "./statistics.ts"
import type { WorkerChannel } from "./worker-channel.ts"
import { rawEnvelope } from "./raw-envelope.ts"

/** One timed burst: its rate and the heap bytes allocated per request while it ran. */
export interface RoundFigures {
  readonly msgsPerSecond: number
  readonly bytesPerRequest: number
  /** Garbage-collection pauses during the burst, per request (µs). */
  readonly gcMicrosecondsPerRequest: number
}

export interface SendThroughput {
  readonly client: ReadonlyArray<RoundFigures>
  readonly raw: ReadonlyArray<RoundFigures>
  /** client / raw msgs/s of each adjacent pair of rounds. */
  readonly ratios: ReadonlyArray<number>
  readonly frameBytes: number
}

/** Arms the counter, runs `send` and waits for `count` frames; the rate and allocation of that window. */
const counted = async (counter: WorkerChannel, count: number, send: () => void): Promise<RoundFigures> => {
  await counter.ask({ type: "expect", count }, "armed")
  const reached = counter.next("reached")
  const { result: elapsed, bytes, collectionMs } = await measureAllocation(async () => {
    const started = performance.now()
    send()
    await reached
    return performance.now() - started
  })
  return { msgsPerSecond: (count / elapsed) * 1000, bytesPerRequest: bytes / count, gcMicrosecondsPerRequest: (collectionMs * 1000) / count }
}

/** One round through the client: connect (one counted request), then N requests fired at once. */
export const clientRound = async (createClient: ClientFactory, counter: WorkerChannel, port: number, count: number, tag: string): Promise<RoundFigures> => {
  const client = createClient(silentServerConfig(port, count))
  const ignore = () => {}
  await counted(counter, 1, () => void client.insights(freshInsightsPayload(`${tag}-warm`), { correlationId: `${tag}-warm` }).catch(ignore))
  const figures = await counted(counter, count, () => {
    for (let index = 0; index < count; index++) {
      const id = `${tag}-${index}`
      client.insights(freshInsightsPayload(id), { correlationId: id, settleTimeoutMs: 600_000, timeoutMs: 600_000 }).catch(ignore)
    }
  })
  await client.close()
  return figures
}

/** The same exchange with raw `ws`: an envelope built by hand and JSON.stringify-ed per message. */
export const rawRound = async (counter: WorkerChannel, port: number, count: number, tag: string): Promise<RoundFigures> => {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, ["optave-v1", "bench-token"], { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve())
    socket.once("error", reject)
  })
  await counted(counter, 1, () => socket.send(rawEnvelope(`${tag}-warm`, freshInsightsPayload(`${tag}-warm`))))
  const figures = await counted(counter, count, () => {
    for (let index = 0; index < count; index++) {
      const id = `${tag}-${index}`
      socket.send(rawEnvelope(id, freshInsightsPayload(id)))
    }
  })
  socket.terminate()
  return figures
}

export const measureSendThroughput = async (
  createClient: ClientFactory,
  counter: WorkerChannel,
  port: number,
  options: { readonly count: number; readonly rounds: number; readonly warmupRounds: number; readonly log: (message: string) => void }
): Promise<SendThroughput> => {
  // Warm-up, not recorded (JIT, ws buffers, the worker's loop): two rounds each, because the
  // client's first round after a single warm-up still ran at about 0.6 of its later rounds.
  for (let round = 0; round < options.warmupRounds; round++) {
    await clientRound(createClient, counter, port, options.count, `warm-client-${round}`)
    await rawRound(counter, port, options.count, `warm-raw-${round}`)
  }
  const client: Array<RoundFigures> = []
  const raw: Array<RoundFigures> = []
  const ratios: Array<number> = []
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which side goes first so drift on a shared machine hits both alike.
    const clientFirst = round % 2 === 0
    const runClient = () => clientRound(createClient, counter, port, options.count, `c${round}`)
    const runRaw = () => rawRound(counter, port, options.count, `r${round}`)
    const first = await (clientFirst ? runClient() : runRaw())
    const second = await (clientFirst ? runRaw() : runClient())
    const [ofClient, ofRaw] = clientFirst ? [first, second] : [second, first]
    client.push(ofClient)
    raw.push(ofRaw)
    ratios.push(ofClient.msgsPerSecond / ofRaw.msgsPerSecond)
    options.log(
      `ws.send round ${round + 1}: client ${Math.round(ofClient.msgsPerSecond)} msgs/s ${Math.round(ofClient.bytesPerRequest)} B/req gc ${ofClient.gcMicrosecondsPerRequest.toFixed(1)} µs/req, ` +
        `raw ${Math.round(ofRaw.msgsPerSecond)} msgs/s ${Math.round(ofRaw.bytesPerRequest)} B/req gc ${ofRaw.gcMicrosecondsPerRequest.toFixed(1)} µs/req, ratio ${(ofClient.msgsPerSecond / ofRaw.msgsPerSecond).toFixed(3)}`
    )
  }
  return { client, raw, ratios, frameBytes: Buffer.byteLength(rawEnvelope("c0-0", freshInsightsPayload("c0-0"))) }
}

export const summarizeSend = (result: SendThroughput) => ({
  msgsPerSecond: median(result.client.map((round) => round.msgsPerSecond)),
  rawMsgsPerSecond: median(result.raw.map((round) => round.msgsPerSecond)),
  ratio: median(result.ratios),
  bytesPerRequest: median(result.client.map((round) => round.bytesPerRequest)),
  rawBytesPerRequest: median(result.raw.map((round) => round.bytesPerRequest)),
  gcMicrosecondsPerRequest: median(result.client.map((round) => round.gcMicrosecondsPerRequest)),
  rawGcMicrosecondsPerRequest: median(result.raw.map((round) => round.gcMicrosecondsPerRequest))
})
