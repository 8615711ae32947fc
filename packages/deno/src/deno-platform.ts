import type { ClientConfig } from "@org/optave-core"
import { openStandardSocket, type PlatformShape } from "@org/optave-core/platform"

/** The few `Deno` APIs we use; declared here so the package builds without Deno's types. */
interface DenoNamespace {
  readonly env: { get(name: string): string | undefined }
  readonly permissions: { querySync(descriptor: { readonly name: "env"; readonly variable: string }): { readonly state: string } }
}
const deno = (): DenoNamespace | undefined => (globalThis as { Deno?: DenoNamespace }).Deno

/** Deno's primitives: WebSocket, global fetch, Web Crypto. */
export const denoPlatform = (): PlatformShape => ({
  name: "deno",
  openSocket: openStandardSocket,
  fetch: (input, init) => globalThis.fetch(input, init),
  fillRandom: (buffer) => void globalThis.crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>),
  isBrowserLike: false
})

/** Reads a variable only when `--allow-env` already grants it: `querySync` never prompts, `get` might. */
const readEnv = (name: string): string | undefined => {
  const runtime = deno()
  if (runtime === undefined) return undefined
  try {
    if (runtime.permissions.querySync({ name: "env", variable: name }).state !== "granted") return undefined
    const value = runtime.env.get(name)
    return value === undefined || value === "" ? undefined : value
  } catch {
    return undefined
  }
}

/**
 * Configuration from `OPTAVE_*` variables (where permitted), under the explicit one. Credentials
 * come from the environment only when the explicit configuration gives none, so the two never mix.
 */
export const configFromEnv = (config: ClientConfig): ClientConfig => {
  const fromEnv: Record<string, string> = {}
  const take = (field: string, variable: string) => {
    const value = readEnv(variable)
    if (value !== undefined) fromEnv[field] = value
  }
  take("tenant", "OPTAVE_TENANT")
  take("tld", "OPTAVE_TLD")
  const hasAuth = [config.token, config.tokenProvider, config.clientId, config.clientSecret].some((value) => value !== undefined)
  if (!hasAuth) {
    take("token", "OPTAVE_TOKEN")
    if (fromEnv.token === undefined) {
      take("clientId", "OPTAVE_CLIENT_ID")
      take("clientSecret", "OPTAVE_CLIENT_SECRET")
    }
  }
  if (config.authenticationUrl === undefined) take("authenticationUrl", "OPTAVE_AUTH_URL")
  // A field given as `undefined` is not given: the environment still fills it.
  return { ...fromEnv, ...Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) }
}
