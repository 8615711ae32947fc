import type { TokenResponse } from "@org/optave-core/validate"
import type { SeededRandom } from "./seeded-random.ts"

/** Where a token is presented: opening a WebSocket or calling a REST endpoint. */
export type TokenUse = "socket" | "rest"

/** Which bearer tokens the engine accepts besides the ones it issued itself. */
export type AcceptedTokens = ReadonlyArray<string> | ((token: string, via: TokenUse) => boolean)

/** OAuth2 client credentials the token endpoint accepts. */
export interface ClientCredentials {
  readonly clientId: string
  readonly clientSecret: string
}

export type Authorization = { readonly ok: true } | { readonly ok: false; readonly status: 401; readonly reason: string }

/** The token endpoint's answer: a token response, or 401 `invalid_client`. */
export type TokenIssue =
  | {
      readonly ok: true
      readonly status: 200
      readonly body: TokenResponse & { readonly token_type: "Bearer"; readonly expires_in: number }
    }
  | { readonly ok: false; readonly status: 401; readonly body: { readonly error: "invalid_client"; readonly error_description: string } }

export interface TokenAuthorityOptions {
  readonly tokens?: AcceptedTokens
  readonly singleUseSocketTokens?: boolean
  readonly clients?: ReadonlyArray<ClientCredentials>
  readonly tokenTtlSeconds?: number
  readonly now: () => number
  readonly random: SeededRandom
}

export interface TokenAuthority {
  readonly authorize: (token: string | undefined, via: TokenUse) => Authorization
  readonly issueToken: (credentials: ClientCredentials) => TokenIssue
}

export const DEFAULT_CLIENT: ClientCredentials = { clientId: "demo-client", clientSecret: "demo-secret" }

/** Comparison whose time does not depend on where the strings differ. */
const sameText = (left: string, right: string): boolean => {
  let difference = left.length ^ right.length
  for (let index = 0; index < Math.max(left.length, right.length); index++)
    difference |= (left.charCodeAt(index) || 0) ^ (right.charCodeAt(index) || 0)
  return difference === 0
}

/** Issues and checks bearer tokens: issued ones until they expire, plus the configured ones. */
export const createTokenAuthority = (options: TokenAuthorityOptions): TokenAuthority => {
  const issued = new Map<string, number>()
  const usedOnSockets = new Set<string>()
  const clients = options.clients ?? [DEFAULT_CLIENT]
  const ttlSeconds = options.tokenTtlSeconds ?? 3600

  const refuse = (reason: string): Authorization => ({ ok: false, status: 401, reason })

  const accepted = (token: string, via: TokenUse): boolean => {
    const expiresAt = issued.get(token)
    if (expiresAt !== undefined) return options.now() < expiresAt
    const tokens = options.tokens
    if (tokens === undefined) return true
    return typeof tokens === "function" ? tokens(token, via) : tokens.includes(token)
  }

  const authorize = (token: string | undefined, via: TokenUse): Authorization => {
    if (token === undefined || token.trim().length === 0) return refuse("missing bearer token")
    if (!accepted(token, via)) return refuse(issued.has(token) ? "token expired" : "token refused")
    if (via === "socket" && options.singleUseSocketTokens === true) {
      if (usedOnSockets.has(token)) return refuse("token already used to open a WebSocket: fetch a fresh one for every connection")
      usedOnSockets.add(token)
    }
    return { ok: true }
  }

  const issueToken = (credentials: ClientCredentials): TokenIssue => {
    const known = clients.some(
      (client) => sameText(client.clientId, credentials.clientId) && sameText(client.clientSecret, credentials.clientSecret)
    )
    if (!known)
      return { ok: false, status: 401, body: { error: "invalid_client", error_description: "Unknown client or wrong client secret." } }
    const accessToken = `mock.${options.random.hex(32)}`
    issued.set(accessToken, options.now() + ttlSeconds * 1000)
    return { ok: true, status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: ttlSeconds } }
  }

  return { authorize, issueToken }
}
