// ws.roundtrip: time from an insights request to its last `completed` event, one request at a
// time, against the mock server (zero latency, on its own thread), through the client and through
// a raw `ws` client doing the same exchange (hand-built envelope out, frames parsed until every
// expected superpower is completed).
import WebSocket from "ws"
import type { ClientFactory } from "./client-factory.ts"
import { seedPayload } from "./seed-payloads.ts"
import { median, percentile } from "./statistics.ts"
import { rawEnvelope } from "./raw-envelope.ts"

export interface RoundtripRound {
  readonly clientP50: number
  readonly clientP99: number
  readonly rawP50: number
  readonly rawP99: number
}

const payload = seedPayload("insights", "bench-roundtrip")
const EXPECTED = ["performance_criteria", "sentiment_analysis"] as const

const clientSamples = async (createClient: ClientFactory, wsUrl: string, count: number, tag: string): Promise<Array<number>> => {
  const client = createClient({ urls: { ws: wsUrl }, token: "bench-token", timeouts: { heartbeatMs: 0 } })
  await client.insights(payload, { correlationId: `${tag}-warm` })
  const samples: Array<number> = []
  for (let index = 0; index < count; index++) {
    const started = performance.now()
    await client.insights(payload, { correlationId: `${tag}-${index}` })
    samples.push(performance.now() - started)
  }
  await client.close()
  return samples
}

const rawSamples = async (wsUrl: string, count: number, tag: string): Promise<Array<number>> => {
  const socket = new WebSocket(wsUrl, ["optave-v1", "bench-token"], { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve())
    socket.once("error", reject)
  })
  let waiting: { correlationId: string; left: Set<string>; resolve: () => void } | undefined
  socket.on("message", (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { headers?: { correlationId?: string }; payload?: { actionType: string; state: string }; actionType?: string; state?: string; correlationId?: string }
    const event = frame.payload ?? (frame as { actionType: string; state: string })
    const correlationId = frame.headers?.correlationId ?? frame.correlationId
    if (waiting === undefined || correlationId !== waiting.correlationId) return
    if (event.state === "completed" || event.state === "error") waiting.left.delete(event.actionType)
    if (waiting.left.size === 0) waiting.resolve()
  })
  const exchange = (correlationId: string) =>
    new Promise<void>((resolve) => {
      waiting = { correlationId, left: new Set(EXPECTED), resolve }
      socket.send(rawEnvelope(correlationId, payload))
    })
  await exchange(`${tag}-warm`)
  const samples: Array<number> = []
  for (let index = 0; index < count; index++) {
    const started = performance.now()
    await exchange(`${tag}-${index}`)
    samples.push(performance.now() - started)
  }
  socket.terminate()
  return samples
}

export const measureRoundtrip = async (
  createClient: ClientFactory,
  wsUrl: string,
  options: { readonly count: number; readonly rounds: number; readonly log: (message: string) => void }
): Promise<ReadonlyArray<RoundtripRound>> => {
  await clientSamples(createClient, wsUrl, Math.min(options.count, 300), "warm-client")
  await rawSamples(wsUrl, Math.min(options.count, 300), "warm-raw")
  const rounds: Array<RoundtripRound> = []
  for (let round = 0; round < options.rounds; round++) {
    const clientFirst = round % 2 === 0
    const first = clientFirst ? await clientSamples(createClient, wsUrl, options.count, `c${round}`) : await rawSamples(wsUrl, options.count, `r${round}`)
    const second = clientFirst ? await rawSamples(wsUrl, options.count, `r${round}`) : await clientSamples(createClient, wsUrl, options.count, `c${round}`)
    const client = clientFirst ? first : second
    const raw = clientFirst ? second : first
    const result = { clientP50: percentile(client, 50), clientP99: percentile(client, 99), rawP50: percentile(raw, 50), rawP99: percentile(raw, 99) }
    rounds.push(result)
    options.log(
      `ws.roundtrip round ${round + 1}: client p50 ${result.clientP50.toFixed(3)} ms p99 ${result.clientP99.toFixed(3)} ms; raw p50 ${result.rawP50.toFixed(3)} ms p99 ${result.rawP99.toFixed(3)} ms`
    )
  }
  return rounds
}

export const summarizeRoundtrip = (rounds: ReadonlyArray<RoundtripRound>) => ({
  p50: median(rounds.map((round) => round.clientP50)),
  p99: median(rounds.map((round) => round.clientP99)),
  rawP50: median(rounds.map((round) => round.rawP50)),
  rawP99: median(rounds.map((round) => round.rawP99)),
  ratio: median(rounds.map((round) => round.clientP50 / round.rawP50))
})
