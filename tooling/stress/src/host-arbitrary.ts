// Hostile `tenant` and `tld` values: they land in host names (`ws-{tenant}.oco.optave.{tld}`), so
// anything that could change the host, the path, the port or the userinfo of the URL must be
// refused with a ConfigError before any connection. The oracle here is independent of core's
// checks: a value is hostile when it holds a character outside [a-z0-9-] (tenant) or [a-z0-9.-]
// (tld), is empty or too long, or has an empty label or an edge hyphen.
import fc from "fast-check"

/** Values every client must refuse, as tenant and as tld. */
export const FIXED_HOSTILE = [
  "evil.com/x",
  "evil.com#",
  "evil.com?x=",
  "a@b",
  "user:pass@evil",
  "..",
  ".",
  "a..b",
  " ",
  "acme ",
  " acme",
  "ac me",
  "acme\t",
  "acme\n",
  "acme\r\nHost: evil",
  "\u0430cme", // Cyrillic a
  "\uff45vil", // fullwidth e
  "acme\u200b", // zero-width space
  "ac\u00admе", // soft hyphen and Cyrillic e
  "аррӏе", // all-Cyrillic look-alike of "apple"
  "%2f",
  "a%2fb",
  "evil%2ecom",
  "a%00b",
  "a\u0000b",
  "evil.com:443",
  "[::1]",
  "127.0.0.1/",
  "a\\b",
  "a/b",
  "../etc",
  "x".repeat(64),
  "x".repeat(300),
  "x".repeat(100_000),
  "",
  "-acme",
  "acme-",
  "ACME",
  "acme_corp",
  "acme*",
  "🙂",
  "xn--",
  "-"
] as const

/** Tenant values that are plain DNS labels and must be accepted. */
export const FIXED_VALID_TENANTS = ["acme", "a", "acme-corp", "a1", "1a", "x".repeat(63), "xn--80ak6aa92e"] as const
/** Tld values that must be accepted. */
export const FIXED_VALID_TLDS = ["tech", "com", "co.uk", "io", "com.au"] as const

const TENANT_CHARS = /^[a-z0-9-]*$/
const TLD_CHARS = /^[a-z0-9.-]*$/

/** True when the value is certainly unsafe as a tenant (the client must refuse it). */
export const hostileTenant = (value: string): boolean =>
  !TENANT_CHARS.test(value) || value.length === 0 || value.length > 63 || value.startsWith("-") || value.endsWith("-")

/** True when the value is certainly unsafe as a tld. */
export const hostileTld = (value: string): boolean =>
  !TLD_CHARS.test(value) ||
  value.length === 0 ||
  value.length > 253 ||
  value.split(".").some((label) => label.length === 0 || label.length > 63 || label.startsWith("-") || label.endsWith("-"))

const injected = fc.constantFrom("/", "@", ":", "?", "#", "%", "%2f", "%2e", " ", "\t", "\n", "\\", ".", "..", "\u0430", "\uff0e", "\u3002", "\u200b", "A", "_", "*", "\u0000", "'", '"', "<", ">")

/** Generated values: a plausible label with something hostile spliced in, or any string at all. */
export const generatedHostValue: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z0-9]{0,12}$/), injected, fc.stringMatching(/^[a-z0-9-]{0,12}$/))
      .map(([before, poison, after]) => `${before}${poison}${after}`)
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: "binary" }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9.-]{0,80}$/) }
)
