import { ConfigError } from "../errors.ts"

// `tenant` and `tld` land in host names (`ws-{tenant}.oco.optave.{tld}`): accept only plain
// ASCII DNS labels so no input can change the host, the path or the userinfo of a URL.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const TLD = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

export const checkTenant = (tenant: unknown): string => {
  if (tenant === undefined) {
    throw new ConfigError({ field: "tenant", reason: "missing: give tenant and tld, or urls: { ws, rest } for another server (a local mock)" })
  }
  if (typeof tenant !== "string" || !DNS_LABEL.test(tenant)) {
    throw new ConfigError({
      field: "tenant",
      reason: "must be a DNS label: lowercase letters, digits and inner hyphens, 1 to 63 characters"
    })
  }
  return tenant
}

export const checkTld = (tld: unknown): string => {
  if (typeof tld !== "string" || tld.length > 253 || !TLD.test(tld)) {
    throw new ConfigError({ field: "tld", reason: "must be dot-separated DNS labels such as tech, com or co.uk" })
  }
  return tld
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"])
const isLoopback = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname)

/**
 * Parses a caller-given base URL and refuses plain-text schemes (`ws:`, `http:`) unless the host
 * is loopback or the caller opted in with `allowInsecure`.
 */
export const checkUrl = (
  field: string,
  value: string,
  allowed: { readonly secure: string; readonly insecure: string },
  allowInsecure: boolean
): URL => {
  const fail = (reason: string): never => {
    throw new ConfigError({ field, reason })
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail("is not a valid absolute URL")
  }
  if (url.username !== "" || url.password !== "") {
    return fail("must not carry credentials; use token, tokenProvider or clientId/clientSecret")
  }
  if (url.protocol === allowed.secure) return url
  if (url.protocol === allowed.insecure) {
    if (isLoopback(url.hostname) || allowInsecure) return url
    return fail(`uses ${url.protocol}// to a non-loopback host; use ${allowed.secure}// or set allowInsecure: true`)
  }
  return fail(`must use ${allowed.secure}// (or ${allowed.insecure}// on loopback)`)
}
