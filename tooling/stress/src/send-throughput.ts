// ws.send: how fast validated, enveloped insights requests leave through the client over one
// socket, against raw `ws` sending an equivalent hand-built envelope (JSON.stringify per
// message), both to the same frame-counting server on another thread. A round fires N requests
// without awaiting them and stops the clock when the server has counted N frames.
import WebSocket from "ws"
import { silentServerConfig, type ClientFactory } from "./client-factory.ts"
import { seedPayload } from "./seed-payloads.ts"
import { median } from "./statistics.ts"
import type { WorkerChannel } from "./worker-channel.ts"
import { rawEnvelope } from "./raw-envelope.ts"

export interface SendThroughput {
  readonly clientMsgsPerSecond: ReadonlyArray<number>
  readonly rawMsgsPerSecond: ReadonlyArray<number>
  /** client / raw of each adjacent pair of rounds. */
  readonly ratios: ReadonlyArray<number>
  readonly frameBytes: number
}

const payload = seedPayload("insights", "bench-send")

const counted = async (counter: WorkerChannel, count: number, send: () => void): Promise<number> => {
  await counter.ask({ type: "expect", count }, "armed")
  const reached = counter.next("reached")
  const started = performance.now()
  send()
  await reached
  return performance.now() - started
}

/** One round through the client: connect (one counted request), then N requests fired at once. */
export const clientRound = async (createClient: ClientFactory, counter: WorkerChannel, port: number, count: number, tag: string): Promise<number> => {
  const client = createClient(silentServerConfig(port, count))
  const ignore = () => {}
  await counted(counter, 1, () => void client.insights(payload, { correlationId: `${tag}-warm` }).catch(ignore))
  const elapsed = await counted(counter, count, () => {
    for (let index = 0; index < count; index++) {
      client.insights(payload, { correlationId: `${tag}-${index}`, settleTimeoutMs: 600_000, timeoutMs: 600_000 }).catch(ignore)
    }
  })
  await client.close()
  return (count / elapsed) * 1000
}

/** The same exchange with raw `ws`: an envelope built by hand and JSON.stringify-ed per message. */
export const rawRound = async (counter: WorkerChannel, port: number, count: number, tag: string): Promise<number> => {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, ["optave-v1", "bench-token"], { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve())
    socket.once("error", reject)
  })
  const envelope = (correlationId: string) => rawEnvelope(correlationId, payload)
  await counted(counter, 1, () => socket.send(envelope(`${tag}-warm`)))
  const elapsed = await counted(counter, count, () => {
    for (let index = 0; index < count; index++) socket.send(envelope(`${tag}-${index}`))
  })
  socket.terminate()
  return (count / elapsed) * 1000
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
  const clientMsgsPerSecond: Array<number> = []
  const rawMsgsPerSecond: Array<number> = []
  const ratios: Array<number> = []
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which side goes first so drift on a shared machine hits both alike.
    const first = round % 2 === 0 ? "client" : "raw"
    const run = (side: string) =>
      side === "client" ? clientRound(createClient, counter, port, options.count, `c${round}`) : rawRound(counter, port, options.count, `r${round}`)
    const a = await run(first)
    const b = await run(first === "client" ? "raw" : "client")
    const client = first === "client" ? a : b
    const raw = first === "client" ? b : a
    clientMsgsPerSecond.push(client)
    rawMsgsPerSecond.push(raw)
    ratios.push(client / raw)
    options.log(`ws.send round ${round + 1}: client ${Math.round(client)} msgs/s, raw ${Math.round(raw)} msgs/s, ratio ${(client / raw).toFixed(3)}`)
  }
  return {
    clientMsgsPerSecond,
    rawMsgsPerSecond,
    ratios,
    frameBytes: Buffer.byteLength(
      rawEnvelope("c0-0", payload)
    )
  }
}

export const summarizeSend = (result: SendThroughput) => ({ msgsPerSecond: median(result.clientMsgsPerSecond), ratio: median(result.ratios) })
