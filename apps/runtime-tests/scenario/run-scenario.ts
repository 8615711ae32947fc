// The one scenario every runtime runs (workerd, Deno, Node, Chromium), through that runtime's
// adapter. Runtime-neutral: no Node or DOM API, so it bundles for a Worker or a page and runs
// unchanged in Deno. Each step is caught and reported, so a failure says which step and why.
import type { ActionResult, ClientConfig, OptaveClientPromise } from "@org/optave-core"
import { elevateExample, insightsExample } from "@org/optave-schema"

/** The mock server drops the socket after the first frame of the insights request with this id, once. */
export const SERVER_DROP_REQUEST_ID = "runtime-tests-server-drop"
/** Tokens the mock server refuses (everything else is accepted). */
export const REFUSED_TOKEN = "runtime-tests-refused-token"

/** A token, a provider, or nothing: the adapter finds credentials itself (Deno reads `OPTAVE_TOKEN`). */
export type Auth = { readonly token: string } | { readonly tokenProvider: () => Promise<string> } | Record<never, never>

export interface ScenarioInput {
  readonly urls: { readonly ws: string; readonly rest: string }
  readonly auth: Auth
}

type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

export interface Outcome {
  /** Superpower -> final state. */
  readonly superpowers: Record<string, string>
  readonly results: number
}

export interface ScenarioReport {
  readonly platform: string
  readonly insights: Step<Outcome>
  readonly elevate: Step<Outcome>
  readonly serverDrop: Step<Outcome & { readonly reconnects: number; readonly resends: number }>
  /** Streamed, with `client.dropConnection()` right after the first event. */
  readonly clientDrop: Step<{ readonly superpowers: Record<string, string>; readonly events: number; readonly reconnects: number; readonly resends: number }>
  readonly validation: Step<{ readonly tag: string; readonly paths: ReadonlyArray<string> }>
  readonly refusedUpgrade: Step<{ readonly tag: string; readonly code: string; readonly status?: number }>
  readonly secretInBrowser: Step<{ readonly tag: string; readonly field: string } | "accepted">
  /** `new Function` here: blocked (workerd, strict CSP) or allowed (Node, Deno). */
  readonly codeFromStrings: { readonly blocked: boolean; readonly message?: string }
  readonly durationMs: number
}

const describe = (error: unknown): string => {
  if (error !== null && typeof error === "object") {
    const { _tag, message, code } = error as { _tag?: string; message?: string; code?: string }
    return [_tag, code, message].filter(Boolean).join(": ") || String(error)
  }
  return String(error)
}

const step = async <T>(run: () => Promise<T>): Promise<Step<T>> => {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    return { ok: false, error: describe(error) }
  }
}

const outcomeOf = (result: ActionResult): Outcome => ({
  superpowers: Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state])),
  results: Object.values(result.superpowers).reduce((count, outcome) => count + outcome.results.length, 0)
})

const withRequestId = (requestId: string) => ({ ...insightsExample, request: { ...insightsExample.request, requestId } })

/** Expected to be refused where code generation from strings is off; a plain probe, nothing else evaluates strings. */
const probeCodeFromStrings = (): ScenarioReport["codeFromStrings"] => {
  try {
    const made = new Function("return 1") as () => number
    return made() === 1 ? { blocked: false } : { blocked: true, message: "new Function returned something else" }
  } catch (error) {
    return { blocked: true, message: describe(error) }
  }
}

/** Runs the scenario with the runtime's `createClient`; never throws, every failure is in the report. */
export const runScenario = async (createClient: (config: ClientConfig) => OptaveClientPromise, input: ScenarioInput): Promise<ScenarioReport> => {
  const started = Date.now()
  const fast = { reconnect: { baseDelayMs: 20, maxDelayMs: 100 }, retry: { baseDelayMs: 20, maxDelayMs: 100 } }
  const client = createClient({ urls: input.urls, ...input.auth, ...fast })
  try {
    const platform = (JSON.parse(JSON.stringify(client)) as { platform: string }).platform

    const insights = await step(async () => outcomeOf(await client.insights(insightsExample)))
    const elevate = await step(async () => outcomeOf(await client.elevate(elevateExample, { transport: "rest" })))

    const serverDrop = await step(async () => {
      const before = client.stats()
      const outcome = outcomeOf(await client.insights(withRequestId(SERVER_DROP_REQUEST_ID)))
      const after = client.stats()
      return { ...outcome, reconnects: after.reconnects - before.reconnects, resends: after.resends - before.resends }
    })

    const clientDrop = await step(async () => {
      const before = client.stats()
      const states: Record<string, string> = {}
      let events = 0
      for await (const event of client.stream.insights(withRequestId("runtime-tests-client-drop"))) {
        events++
        states[event.actionType] = event.state
        if (events === 1) client.dropConnection()
      }
      const after = client.stats()
      return { superpowers: states, events, reconnects: after.reconnects - before.reconnects, resends: after.resends - before.resends }
    })

    const validation = await step(async () => {
      const invalid = { ...insightsExample, session: { ...insightsExample.session, sessionId: 42 } }
      try {
        await client.insights(invalid as unknown as typeof insightsExample)
      } catch (error) {
        const { _tag, issues } = error as { _tag?: string; issues?: ReadonlyArray<{ path: string }> }
        return { tag: String(_tag), paths: (issues ?? []).map((issue) => issue.path) }
      }
      throw new Error("an invalid payload was accepted")
    })

    const refusedUpgrade = await step(async () => {
      const refused = createClient({ urls: input.urls, token: REFUSED_TOKEN, reconnect: { maxAttempts: 1, baseDelayMs: 20, maxDelayMs: 20 }, timeouts: { connectMs: 5_000 } })
      try {
        await refused.insights(insightsExample)
      } catch (error) {
        const { _tag, code, status } = error as { _tag?: string; code?: string; status?: number }
        return { tag: String(_tag), code: String(code), ...(status === undefined ? {} : { status }) }
      } finally {
        await refused.close()
      }
      throw new Error("a refused token opened a socket")
    })

    const secretInBrowser = await step(async () => {
      try {
        const secretClient = createClient({ urls: input.urls, clientId: "demo-client", clientSecret: "demo-secret", authenticationUrl: `${input.urls.rest}/oauth` })
        await secretClient.close()
        return "accepted" as const
      } catch (error) {
        const { _tag, field } = error as { _tag?: string; field?: string }
        return { tag: String(_tag), field: String(field) }
      }
    })

    return {
      platform,
      insights,
      elevate,
      serverDrop,
      clientDrop,
      validation,
      refusedUpgrade,
      secretInBrowser,
      codeFromStrings: probeCodeFromStrings(),
      durationMs: Date.now() - started
    }
  } finally {
    await client.close()
  }
}
