import type { ScenarioEngine } from "./front-door.ts"

/** Where the documented token endpoint sits under the REST base URL (and the mock server's root). */
export const DOCUMENTED_TOKEN_PATH = "/auth/oauth2/token"

/** One call of the OAuth2 token endpoint, as either front door received it. */
export interface TokenRequest {
  readonly method: string
  readonly url: URL
  readonly contentType: string
  readonly authorization?: string | undefined
  readonly bodyText: string
}

/** What the token endpoint answers. */
export interface TokenAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

const NO_STORE = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" }
const BASIC_CHALLENGE = { "www-authenticate": 'Basic realm="optave-mock"' }

const oauthError = (status: number, error: string, description: string, extra: Readonly<Record<string, string>> = {}): TokenAnswer => ({
  status,
  headers: { ...NO_STORE, ...extra },
  body: { error, error_description: description }
})

const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/gu, " "))

// atob, not Buffer: the MSW front door runs in browsers too.
const decodeBase64 = (text: string): string => new TextDecoder().decode(Uint8Array.from(atob(text), (character) => character.charCodeAt(0)))

const readForm = (contentType: string, bodyText: string): URLSearchParams => {
  if (!contentType.includes("application/json")) return new URLSearchParams(bodyText)
  const form = new URLSearchParams()
  try {
    const parsed: unknown = JSON.parse(bodyText)
    if (parsed !== null && typeof parsed === "object") {
      for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") form.set(key, value)
    }
  } catch {
    // An unreadable body has no credentials: answered below as a missing grant_type.
  }
  return form
}

/**
 * `POST {authUrl}/token` (the documented `/auth/oauth2/token`), OAuth2 client credentials (RFC 6749
 * section 4.4), in every form a client may use: the documented one (everything in the URL query,
 * no body, `grant_type` optional), the form body, or HTTP Basic (section 2.3.1); a later form
 * overrides an earlier one (query, then body, then Basic). Every call is recorded
 * (`engine.tokenRequests()`), marked `secretInUrl` when the secret travelled in the URL, so an
 * app's test can assert that it never does.
 */
export const answerTokenRequest = (engine: ScenarioEngine, request: TokenRequest): TokenAnswer => {
  const query = request.url.searchParams
  const secretInUrl = query.has("client_secret")
  const form = request.method === "POST" ? readForm(request.contentType, request.bodyText) : new URLSearchParams()
  const basic = request.authorization === undefined ? null : /^\s*Basic\s+(\S+)\s*$/iu.exec(request.authorization)
  const credentialsIn = basic !== null ? "basic" : form.has("client_secret") ? "body" : secretInUrl ? "query" : "none"
  const answer = answerCredentials(engine, request, query, form, basic)
  engine.recordTokenRequest({ method: request.method, credentialsIn, secretInUrl, status: answer.status })
  return answer
}

const answerCredentials = (
  engine: ScenarioEngine,
  request: TokenRequest,
  query: URLSearchParams,
  form: URLSearchParams,
  basic: RegExpExecArray | null
): TokenAnswer => {
  if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.", { allow: "POST" })
  let clientId = form.get("client_id") ?? query.get("client_id") ?? undefined
  let clientSecret = form.get("client_secret") ?? query.get("client_secret") ?? undefined
  if (basic?.[1] !== undefined) {
    try {
      const decoded = decodeBase64(basic[1])
      const colon = decoded.indexOf(":")
      if (colon < 0) return oauthError(401, "invalid_client", "Malformed HTTP Basic credentials.", BASIC_CHALLENGE)
      clientId = formDecode(decoded.slice(0, colon))
      clientSecret = formDecode(decoded.slice(colon + 1))
    } catch {
      return oauthError(401, "invalid_client", "Malformed HTTP Basic credentials.", BASIC_CHALLENGE)
    }
  }
  // The documented request names no grant type (credentials in the query, no body): client credentials it is.
  const documentedForm = query.has("client_secret") && !form.has("client_secret") && basic === null
  const grantType = form.get("grant_type") ?? query.get("grant_type") ?? (documentedForm ? "client_credentials" : null)
  if (grantType === null) return oauthError(400, "invalid_request", "grant_type is required (client_credentials).")
  if (grantType !== "client_credentials") return oauthError(400, "unsupported_grant_type", `Only client_credentials is supported, not "${grantType}".`)
  if (clientId === undefined || clientSecret === undefined) return oauthError(401, "invalid_client", "client_id and client_secret are required.")
  const issued = engine.issueToken({ clientId, clientSecret })
  if (!issued.ok) return { status: 401, headers: { ...NO_STORE, ...(basic === null ? {} : BASIC_CHALLENGE) }, body: issued.body }
  return { status: 200, headers: NO_STORE, body: issued.body }
}
