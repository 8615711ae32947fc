import { validateTokenResponse } from "#validators"

/** A token response without `expires_in` is trusted for this long. */
export const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000
/** A lifetime of zero or less says nothing usable: the token is kept this long (a refused one is replaced at once anyway). */
export const SHORTEST_TOKEN_LIFETIME_MS = 60_000
/** A longer lifetime is kept only this long (a day): a new token costs one request a day. */
export const LONGEST_TOKEN_LIFETIME_MS = 86_400_000

/** A usable grant: the access token and how long to keep it. */
export interface TokenGrant {
  readonly accessToken: string
  readonly lifetimeMs: number
  /** Set when `expires_in` could not be used as sent: the number sent (never other text), and why it was not used. */
  readonly clamped?: { readonly expiresIn: number | undefined; readonly why: "not-a-number" | "not-positive" | "too-long" }
}

/** A refusal: what in the answer is wrong (`reason`), and whether it is the token's type. */
export interface TokenRefusal {
  readonly refused: "shape" | "token-type"
  readonly reason: string
}

/**
 * Reads a token endpoint's JSON answer (RFC 6749 §5.1). `access_token` must be a non-empty
 * string. `token_type` must be `Bearer` in any case (§7.1: a client must not use a token of a
 * type it does not understand); a missing one is read as Bearer, the only type the service
 * issues. `expires_in` may be a number or a numeric string (some providers send one); a value
 * that is not a number, zero or less, or longer than a day is clamped (`clamped` says so, for a
 * warning) rather than refused: the token itself is fine.
 */
export const readTokenResponse = (body: unknown): TokenGrant | TokenRefusal => {
  const issues = validateTokenResponse(body)
  if (issues.length > 0) {
    const said = issues
      .slice(0, 3)
      .map((issue) => `${issue.path === "" ? "the answer" : issue.path} ${issue.message}`)
      .join("; ")
    return { refused: "shape", reason: `the token endpoint's answer is not a token response (${said})` }
  }
  const answer = body as { readonly access_token: string; readonly token_type?: string; readonly expires_in?: number | string }
  if (answer.token_type !== undefined && answer.token_type.toLowerCase() !== "bearer") {
    return { refused: "token-type", reason: `the token endpoint issued a ${JSON.stringify(answer.token_type.slice(0, 40))} token; only Bearer tokens are used (RFC 6749 §7.1)` }
  }
  const accessToken = answer.access_token
  const given = answer.expires_in
  if (given === undefined) return { accessToken, lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS }
  const seconds = typeof given === "number" ? given : given.trim() === "" ? Number.NaN : Number(given)
  if (Number.isNaN(seconds)) return { accessToken, lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS, clamped: { expiresIn: undefined, why: "not-a-number" } }
  const lifetimeMs = seconds * 1000
  if (!(lifetimeMs > 0)) return { accessToken, lifetimeMs: SHORTEST_TOKEN_LIFETIME_MS, clamped: { expiresIn: seconds, why: "not-positive" } }
  if (lifetimeMs > LONGEST_TOKEN_LIFETIME_MS) return { accessToken, lifetimeMs: LONGEST_TOKEN_LIFETIME_MS, clamped: { expiresIn: seconds, why: "too-long" } }
  return { accessToken, lifetimeMs }
}
