import type { ScenarioEngine } from "@org/optave-mock"
import { http, HttpResponse, type HttpHandler } from "msw"

// The OAuth2 client-credentials endpoint of the local mock server
// (apps/mock-server/src/token-endpoint.ts), without Node's Buffer so it runs in browsers too.

const NO_STORE = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" }
const BASIC_CHALLENGE = { "www-authenticate": 'Basic realm="optave-mock"' }

const oauthError = (status: number, error: string, description: string, extra: Readonly<Record<string, string>> = {}): Response =>
  HttpResponse.json({ error, error_description: description }, { status, headers: { ...NO_STORE, ...extra } })

const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/gu, " "))

const decodeBase64 = (text: string): string => {
  const binary = atob(text)
  return new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)))
}

const readForm = (contentType: string, bodyText: string): URLSearchParams => {
  if (contentType.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(bodyText)
      const form = new URLSearchParams()
      if (parsed !== null && typeof parsed === "object") {
        for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") form.set(key, value)
      }
      return form
    } catch {
      return new URLSearchParams()
    }
  }
  return new URLSearchParams(bodyText)
}

/** Answers one token request: RFC 6749 section 4.4, credentials in the body or HTTP Basic, never the URL. */
export const answerTokenRequest = async (engine: ScenarioEngine, request: Request): Promise<Response> => {
  if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST.", { allow: "POST" })
  const url = new URL(request.url)
  if (url.searchParams.has("client_secret") || url.searchParams.has("client_id")) {
    return oauthError(
      400,
      "invalid_request",
      "Client credentials in the URL query string are refused: URLs end up in logs. Send grant_type, client_id and client_secret in the application/x-www-form-urlencoded request body, or use HTTP Basic authentication (RFC 6749 section 2.3.1)."
    )
  }
  const form = readForm(request.headers.get("content-type") ?? "", await request.text())
  let clientId = form.get("client_id") ?? undefined
  let clientSecret = form.get("client_secret") ?? undefined
  const authorization = request.headers.get("authorization")
  const basic = authorization === null ? null : /^\s*Basic\s+(\S+)\s*$/iu.exec(authorization)
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
  if (!issued.ok) return HttpResponse.json(issued.body, { status: 401, headers: { ...NO_STORE, ...(basic === null ? {} : BASIC_CHALLENGE) } })
  return HttpResponse.json(issued.body, { status: 200, headers: NO_STORE })
}

/** `{authUrl}/token`, any method (405 for all but POST, as the mock server answers). */
export const tokenEndpoint = (engine: ScenarioEngine, tokenUrl: string): HttpHandler =>
  http.all(tokenUrl, ({ request }) => answerTokenRequest(engine, request))
