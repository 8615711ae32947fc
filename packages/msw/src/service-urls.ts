import { DOCUMENTED_TOKEN_PATH } from "@org/optave-mock"

// Where the handlers listen: the tenant's hosts, or URLs the test gives. Mirrors how
// `createClient` turns the same options into URLs, so one config object serves both.

/** The endpoints the handlers answer. */
export interface ServiceUrls {
  /** WebSocket base, e.g. `wss://ws-acme.oco.optave.tech` (no trailing slash). */
  readonly ws: string
  /** REST base: `POST {rest}/message/{action}`, e.g. `https://acme.oco.optave.tech`. */
  readonly rest: string
  /**
   * The OAuth2 token endpoint: `authenticationUrl` when given (with `/token` appended when
   * missing, as the client does), else the documented `{rest}/auth/oauth2/token` (where
   * `createClient` looks by default). The documented one is always answered too.
   */
  readonly token: string
}

/** The addresses `createClient` takes, under the same names; each also takes `undefined` ("not given"). */
export interface ServiceUrlOptions {
  /** Your tenant, as given to `createClient`: hosts `ws-{tenant}.oco.optave.{tld}` and `{tenant}.oco.optave.{tld}`. */
  readonly tenant?: string | undefined
  /** Top-level domain, as given to `createClient` (`tech`, `com`, `co.uk`). */
  readonly tld?: string | undefined
  /** Explicit endpoints, as `urls` of `createClient`: a missing one is derived from the other. */
  readonly urls?: { readonly ws?: string | undefined; readonly rest?: string | undefined } | undefined
  /** The token endpoint, as `authenticationUrl` of `createClient` (`/token` appended when missing). */
  readonly authenticationUrl?: string | undefined
  /** @deprecated Use `urls: { rest }`: the WebSocket is then derived with `ws:`/`wss:`. */
  readonly baseUrl?: string | undefined
  /** @deprecated Use `urls: { ws }`. */
  readonly wsUrl?: string | undefined
  /** @deprecated Use `urls: { rest }`. */
  readonly restUrl?: string | undefined
  /** @deprecated Use `authenticationUrl`. */
  readonly authUrl?: string | undefined
}

// The client's own checks (the core's host-safety module): a DNS label, dot-separated labels.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const TLD = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

const parse = (field: string, value: string, schemes: ReadonlyArray<string>): string => {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`@org/optave-msw: ${field} is not a valid absolute URL: ${JSON.stringify(value)}`)
  }
  if (!schemes.includes(url.protocol)) throw new TypeError(`@org/optave-msw: ${field} must use ${schemes.join(" or ")}`)
  if (url.search !== "" || url.hash !== "") throw new TypeError(`@org/optave-msw: ${field} must not carry a query or a fragment`)
  return url.href.replace(/\/+$/u, "")
}
const toWs = (url: string): string => url.replace(/^http/u, "ws")
const toHttp = (url: string): string => url.replace(/^ws/u, "http")

/** Resolves the handlers' endpoints; throws a `TypeError` naming the option on bad input. */
export const resolveServiceUrls = (options: ServiceUrlOptions): ServiceUrls => {
  const wsOption = options.urls?.ws !== undefined ? "urls.ws" : "wsUrl"
  const restOption = options.urls?.rest !== undefined ? "urls.rest" : options.restUrl !== undefined ? "restUrl" : "baseUrl"
  const wsGiven = options.urls?.ws ?? options.wsUrl
  const restGiven = options.urls?.rest ?? options.restUrl ?? options.baseUrl
  const authGiven = options.authenticationUrl ?? options.authUrl
  let ws: string
  let rest: string
  if (wsGiven !== undefined || restGiven !== undefined) {
    const restParsed = restGiven === undefined ? undefined : parse(restOption, restGiven, ["http:", "https:"])
    const wsParsed = wsGiven === undefined ? undefined : parse(wsOption, wsGiven, ["ws:", "wss:"])
    rest = restParsed ?? toHttp(wsParsed as string)
    ws = wsParsed ?? toWs(rest)
  } else {
    const { tenant, tld } = options
    if (tenant === undefined || tld === undefined) {
      throw new TypeError(`@org/optave-msw: ${tenant === undefined ? "tenant" : "tld"} is missing: give tenant and tld (as to createClient), or urls: { ws, rest }`)
    }
    if (!DNS_LABEL.test(tenant)) throw new TypeError("@org/optave-msw: tenant must be a DNS label (lowercase letters, digits, inner hyphens)")
    if (tld.length > 253 || !TLD.test(tld)) throw new TypeError("@org/optave-msw: tld must be dot-separated DNS labels such as tech or co.uk")
    ws = `wss://ws-${tenant}.oco.optave.${tld}`
    rest = `https://${tenant}.oco.optave.${tld}`
  }
  if (authGiven === undefined) return { ws, rest, token: `${rest}${DOCUMENTED_TOKEN_PATH}` }
  // As the client does: `/token` is appended when missing.
  const auth = parse(options.authenticationUrl !== undefined ? "authenticationUrl" : "authUrl", authGiven, ["http:", "https:"])
  return { ws, rest, token: auth.endsWith("/token") ? auth : `${auth}/token` }
}
