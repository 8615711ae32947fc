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
   * The OAuth2 token endpoint: `{authUrl}/token` when `authUrl` was given, else the documented
   * `{rest}/auth/oauth2/token` (where `createClient` looks by default). The documented one is
   * always answered too.
   */
  readonly token: string
}

export interface ServiceUrlOptions {
  /** Your tenant, as given to `createClient`: hosts `ws-{tenant}.oco.optave.{tld}` and `{tenant}.oco.optave.{tld}`. */
  readonly tenant?: string
  /** Top-level domain, as given to `createClient` (`tech`, `com`, `co.uk`). */
  readonly tld?: string
  /** One base for both: REST at `baseUrl`, the WebSocket at the same URL with `ws:`/`wss:`. */
  readonly baseUrl?: string
  /** The WebSocket URL (`urls.ws` of `createClient`). */
  readonly wsUrl?: string
  /** The REST base URL (`urls.rest` of `createClient`). */
  readonly restUrl?: string
  /** OAuth2 server base (`authenticationUrl` of `createClient`): answers `POST {authUrl}/token`. */
  readonly authUrl?: string
}

// The client's own checks (packages/core host-safety): a DNS label, dot-separated labels.
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
  let ws: string
  let rest: string
  if (options.baseUrl !== undefined || options.wsUrl !== undefined || options.restUrl !== undefined) {
    const base = options.baseUrl === undefined ? undefined : parse("baseUrl", options.baseUrl, ["http:", "https:"])
    const restGiven = options.restUrl === undefined ? undefined : parse("restUrl", options.restUrl, ["http:", "https:"])
    const wsGiven = options.wsUrl === undefined ? undefined : parse("wsUrl", options.wsUrl, ["ws:", "wss:"])
    rest = restGiven ?? base ?? toHttp(wsGiven as string)
    ws = wsGiven ?? (base === undefined ? toWs(rest) : toWs(base))
  } else {
    const { tenant, tld } = options
    if (tenant === undefined || tld === undefined) {
      throw new TypeError("@org/optave-msw: give tenant and tld (as to createClient), or baseUrl, or wsUrl/restUrl")
    }
    if (!DNS_LABEL.test(tenant)) throw new TypeError("@org/optave-msw: tenant must be a DNS label (lowercase letters, digits, inner hyphens)")
    if (tld.length > 253 || !TLD.test(tld)) throw new TypeError("@org/optave-msw: tld must be dot-separated DNS labels such as tech or co.uk")
    ws = `wss://ws-${tenant}.oco.optave.${tld}`
    rest = `https://${tenant}.oco.optave.${tld}`
  }
  if (options.authUrl === undefined) return { ws, rest, token: `${rest}${DOCUMENTED_TOKEN_PATH}` }
  // As the client does: `/token` is appended when missing.
  const auth = parse("authUrl", options.authUrl, ["http:", "https:"])
  return { ws, rest, token: auth.endsWith("/token") ? auth : `${auth}/token` }
}
