// The browser-side rules, asked of whichever `Optave` the page has (the global build): a client
// secret is refused, `ws://`/`http://` to a host that is not loopback need `allowInsecure`, and a
// failing `tokenProvider` surfaces as a typed `AuthError`. Each answer is plain data for the report.
import type { InsightsPayload } from "@org/optave-edge"

type OptaveApi = typeof Optave

export interface ErrorSeen {
  readonly tag: string
  readonly field?: string
  readonly code?: string
  readonly isOptaveError: boolean
  /** `instanceof` the global's class of the same name. */
  readonly isInstance: boolean
}

const seen = (api: OptaveApi, error: unknown): ErrorSeen => {
  const { _tag, field, code } = error as { _tag?: string; field?: string; code?: string }
  const classOf = (api as unknown as Record<string, unknown>)[String(_tag)]
  return {
    tag: String(_tag),
    ...(field === undefined ? {} : { field }),
    ...(code === undefined ? {} : { code }),
    isOptaveError: api.isOptaveError(error),
    isInstance: typeof classOf === "function" && error instanceof classOf
  }
}

const configOutcome = (api: OptaveApi, config: Parameters<OptaveApi["createClient"]>[0]): ErrorSeen | "accepted" => {
  try {
    void api.createClient(config).close()
    return "accepted"
  } catch (error) {
    return seen(api, error)
  }
}

const requestOutcome = async (api: OptaveApi, config: Parameters<OptaveApi["createClient"]>[0], payload: InsightsPayload, transport: "ws" | "rest") => {
  const client = api.createClient({ ...config, reconnect: { maxAttempts: 1, baseDelayMs: 20, maxDelayMs: 20 }, retry: { maxRetries: 0 } })
  try {
    await client.insights(payload, { transport })
    return "accepted" as const
  } catch (error) {
    return seen(api, error)
  } finally {
    await client.close()
  }
}

export const browserRules = async (api: OptaveApi, urls: { readonly ws: string; readonly rest: string }, payload: InsightsPayload) => {
  const tokenProvider = async () => "rules-token"
  const remote = { ws: "ws://optave.example", rest: "http://optave.example" }
  return {
    clientSecret: configOutcome(api, { tenant: "acme", tld: "tech", clientId: "demo-client", clientSecret: "demo-secret" }),
    insecureSocket: configOutcome(api, { urls: { ws: remote.ws, rest: "https://optave.example" }, tokenProvider }),
    insecureRest: configOutcome(api, { urls: { ws: "wss://optave.example", rest: remote.rest }, tokenProvider }),
    insecureAllowed: configOutcome(api, { urls: remote, allowInsecure: true, tokenProvider }),
    providerRejectsSocket: await requestOutcome(api, { urls, tokenProvider: () => Promise.reject(new Error("backend down")) }, payload, "ws"),
    providerRejectsRest: await requestOutcome(api, { urls, tokenProvider: () => Promise.reject(new Error("backend down")) }, payload, "rest"),
    providerEmpty: await requestOutcome(api, { urls, tokenProvider: async () => "" }, payload, "rest")
  }
}
