import type { ScenarioEngine } from "./scenario-engine.ts"

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
 * `POST {authUrl}/token`, OAuth2 client credentials (RFC 6749 section 4.4). Credentials come in
 * the form body or HTTP Basic (section 2.3.1); in the URL query they are refused with 400, so a
 * client that leaks its secret into URLs (and so into logs) fails its tests.
 */
export const answerTokenRequest = (engine: ScenarioEngine, request: TokenRequest): TokenAnswer => {
  if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.", { allow: "POST" })
  if (request.url.searchParams.has("client_secret") || request.url.searchParams.has("client_id")) {
    return oauthError(
      400,
      "invalid_request",
      "Client credentials in the URL query string are refused: URLs end up in logs. Send grant_type, client_id and client_secret in the application/x-www-form-urlencoded request body, or use HTTP Basic authentication (RFC 6749 section 2.3.1)."
    )
  }
  const form = readForm(request.contentType, request.bodyText)
  let clientId = form.get("client_id") ?? undefined
  let clientSecret = form.get("client_secret") ?? undefined
  const basic = request.authorization === undefined ? null : /^\s*Basic\s+(\S+)\s*$/iu.exec(request.authorization)
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
  const grantType = form.get("grant_type")
  if (grantType === null) return oauthError(400, "invalid_request", "grant_type is required (client_credentials).")
  if (grantType !== "client_credentials") return oauthError(400, "unsupported_grant_type", `Only client_credentials is supported, not "${grantType}".`)
  if (clientId === undefined || clientSecret === undefined) return oauthError(401, "invalid_client", "client_id and client_secret are required.")
  const issued = engine.issueToken({ clientId, clientSecret })
  if (!issued.ok) return { status: 401, headers: { ...NO_STORE, ...(basic === null ? {} : BASIC_CHALLENGE) }, body: issued.body }
  return { status: 200, headers: NO_STORE, body: issued.body }
}
