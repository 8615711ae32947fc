import type { CredentialsTransport } from "../config/client-config.ts"

/** The HTTP request of an OAuth2 client-credentials grant: where to POST and with what. */
export interface TokenRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** The form body; `undefined` for the documented query form, which sends none. */
  readonly body: string | undefined
}

/**
 * Builds the token request for `credentialsTransport` (ClientConfig): `body` puts
 * `grant_type`, `client_id` and `client_secret` in the form body (RFC 6749 §2.3.1); `basic` sends
 * the credentials as HTTP Basic (each form-encoded first, as §2.3.1 asks) with only `grant_type`
 * in the body; `query` is the documented form, everything in the query string and no body.
 */
export const makeTokenRequest = (
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  credentialsTransport: CredentialsTransport
): TokenRequest => {
  const form = "application/x-www-form-urlencoded"
  switch (credentialsTransport) {
    case "body":
      return {
        url: tokenUrl,
        headers: { "content-type": form, accept: "application/json" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString()
      }
    case "basic": {
      const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, "+")
      const bytes = new TextEncoder().encode(`${encode(clientId)}:${encode(clientSecret)}`)
      let binary = ""
      for (const byte of bytes) binary += String.fromCharCode(byte)
      return {
        url: tokenUrl,
        headers: { "content-type": form, accept: "application/json", authorization: `Basic ${btoa(binary)}` },
        body: new URLSearchParams({ grant_type: "client_credentials" }).toString()
      }
    }
    case "query": {
      const url = new URL(tokenUrl)
      url.searchParams.set("grant_type", "client_credentials")
      url.searchParams.set("client_id", clientId)
      url.searchParams.set("client_secret", clientSecret)
      return { url: url.href, headers: { "content-type": form, accept: "application/json" }, body: undefined }
    }
  }
}
