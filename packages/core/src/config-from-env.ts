import type { ClientConfig } from "./client-config.ts"

/** Reads one environment variable; `undefined` when it is unset, empty, or not readable here. */
export type ReadEnvironmentVariable = (name: string) => string | undefined

/**
 * Configuration from `OPTAVE_*` variables under the explicit one: explicit fields always win, and
 * credentials come from the environment only when `config` gives none (a token before client
 * credentials), so the two never mix. `OPTAVE_LOG` gives `logLevel`. Each adapter's `configFromEnv` supplies its runtime's reader.
 */
export const configFromEnvironment = (config: ClientConfig, read: ReadEnvironmentVariable): ClientConfig => {
  const fromEnv: Record<string, string> = {}
  const take = (field: string, variable: string) => {
    const value = read(variable)
    if (value !== undefined && value !== "") fromEnv[field] = value
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
  // The log level (`debug`...`off`): checked with the rest of the configuration by `createClient`.
  take("logLevel", "OPTAVE_LOG")
  // A field given as `undefined` is not given: the environment still fills it.
  return { ...fromEnv, ...Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) }
}
