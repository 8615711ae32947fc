// The liveness scenario every runtime runs (workerd, Deno, Chromium): requests wait on a
// connection that the network silences without FIN or RST (the silencing proxy of
// @org/optave-test-fixtures, asked over HTTP), while new connections work. The client must find
// the silence from what it hears (nothing, while requests wait: none of these sockets has a
// protocol ping), open a new connection, resend there with the same idempotency keys, and deliver
// each result once.
// Runtime-neutral, like run-scenario.ts: no Node or DOM API.
import type { ClientConfig, OptaveClientPromise } from "@org/optave-core"
import { insightsExample } from "@org/optave-schema"
import type { Auth } from "./run-scenario.ts"

/** The liveness window the client is given (`timeouts.livenessMs`). */
export const LIVENESS_WINDOW_MS = 1_000
/** Requests waiting when the network goes silent (plus one streamed). */
export const SILENCED_REQUESTS = 4

export interface LivenessInput {
  /** The mock server's WebSocket URL through the silencing proxy. */
  readonly wsUrl: string
  readonly restUrl: string
  /** `POST {controlUrl}/silence` silences the proxy's open connections. */
  readonly controlUrl: string
  readonly auth: Auth
}

export interface LivenessReport {
  readonly platform: string
  readonly warm: boolean
  /** Connections the proxy silenced (1: the one the requests were written on). */
  readonly silenced: number
  /** Each request: its superpowers' final states, or its error. */
  readonly outcomes: ReadonlyArray<Record<string, string> | { readonly error: string }>
  /** The streamed request: completed events by superpower (1 each: no duplicate). */
  readonly streamed: Record<string, number> | { readonly error: string }
  /** From the silence to the last answer. */
  readonly recoveredMs: number
  readonly reconnects: number
  readonly resends: number
  readonly error?: string
}

const describe = (error: unknown): string => {
  const { _tag, code, message } = (error ?? {}) as { _tag?: string; code?: string; message?: string }
  return [_tag, code, message].filter(Boolean).join(": ") || String(error)
}

const withRequestId = (requestId: string) => ({ ...insightsExample, request: { ...insightsExample.request, requestId } })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Never throws: every failure is in the report. */
export const runLiveness = async (createClient: (config: ClientConfig) => OptaveClientPromise, input: LivenessInput): Promise<LivenessReport> => {
  const client = createClient({
    urls: { ws: input.wsUrl, rest: input.restUrl },
    ...input.auth,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    // Cast: the knob is read by builds that have it; others ignore it (and fail the scenario).
    timeouts: { requestMs: 30_000, settleMs: 30_000, livenessMs: LIVENESS_WINDOW_MS } as ClientConfig["timeouts"]
  })
  const platform = (JSON.parse(JSON.stringify(client)) as { platform: string }).platform
  const report = (fields: Partial<LivenessReport>): LivenessReport => ({
    platform,
    warm: false,
    silenced: 0,
    outcomes: [],
    streamed: {},
    recoveredMs: -1,
    reconnects: client.stats().reconnects,
    resends: client.stats().resends,
    ...fields
  })
  try {
    try {
      await client.insights(withRequestId("liveness-warm"))
    } catch (error) {
      return report({ error: `the first request failed: ${describe(error)}` })
    }
    const outcomes = Array.from({ length: SILENCED_REQUESTS }, (_, index) =>
      client.insights(withRequestId(`liveness-${index}`)).then(
        (result) => Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state])),
        (error: unknown) => ({ error: describe(error) })
      )
    )
    const streamed = (async () => {
      const completed: Record<string, number> = {}
      for await (const event of client.stream.insights(withRequestId("liveness-stream"))) {
        if (event.state === "completed") completed[event.actionType] = (completed[event.actionType] ?? 0) + 1
      }
      return completed
    })().catch((error: unknown) => ({ error: describe(error) }))
    // The requests are written at once on the open connection; the mock answers 100 ms later, so the silence finds them waiting.
    await sleep(30)
    const silence = await fetch(`${input.controlUrl}/silence`, { method: "POST" })
    const { silenced } = (await silence.json()) as { silenced: number }
    const silencedAt = Date.now()
    const settled = await Promise.all([Promise.all(outcomes), streamed])
    return report({ warm: true, silenced, outcomes: settled[0], streamed: settled[1], recoveredMs: Date.now() - silencedAt })
  } catch (error) {
    return report({ error: describe(error) })
  } finally {
    await client.close()
  }
}
