import type { ClientConfig } from "./client-config.ts"
import { ConfigError } from "../errors.ts"

/**
 * Reads one environment variable; `undefined` when it is unset or empty. It throws when the
 * variable exists but may not be read here (Deno without `--allow-env` for it): the error then
 * names the variables instead of reporting their fields as missing.
 */
export type ReadEnvironmentVariable = (name: string) => string | undefined

/**
 * Every variable `configFromEnv` reads, and the field it fills. The CLI reads the same names
 * (plus its own flags), so a shell set up for one works for the other.
 */
export const environmentVariables = {
  tenant: "OPTAVE_TENANT",
  tld: "OPTAVE_TLD",
  wsUrl: "OPTAVE_WS_URL",
  restUrl: "OPTAVE_REST_URL",
  allowInsecure: "OPTAVE_ALLOW_INSECURE",
  token: "OPTAVE_TOKEN",
  clientId: "OPTAVE_CLIENT_ID",
  clientSecret: "OPTAVE_CLIENT_SECRET",
  authenticationUrl: "OPTAVE_AUTH_URL",
  credentialsTransport: "OPTAVE_CREDENTIALS_TRANSPORT",
  logLevel: "OPTAVE_LOG"
} as const

const SWITCH_VALUES: Readonly<Record<string, boolean>> = { true: true, "1": true, false: false, "0": false }

/**
 * Configuration from `OPTAVE_*` variables under the explicit one: explicit fields always win.
 * Credentials come from the environment only when `config` gives none (a token before client
 * credentials), so the two never mix; `OPTAVE_WS_URL` / `OPTAVE_REST_URL` give `urls` only when
 * `config` names no endpoint (neither `urls` nor `tenant`). `OPTAVE_LOG` gives `logLevel`. Each
 * adapter's `configFromEnv` supplies its runtime's reader. Throws `ConfigError` when a value is
 * unusable or when variables that would complete the configuration could not be read.
 */
export const configFromEnvironment = (config: ClientConfig, read: ReadEnvironmentVariable): ClientConfig => {
  const fromEnv: Record<string, unknown> = {}
  const unreadable: Array<string> = []
  const value = (variable: string): string | undefined => {
    try {
      const text = read(variable)
      return text === undefined || text === "" ? undefined : text
    } catch {
      unreadable.push(variable)
      return undefined
    }
  }
  const take = (field: keyof typeof environmentVariables & keyof ClientConfig) => {
    const text = value(environmentVariables[field])
    if (text !== undefined) fromEnv[field] = text
  }
  const given = <K extends keyof ClientConfig>(field: K): boolean => config[field] !== undefined
  take("tenant")
  take("tld")
  if (!given("urls") && !given("tenant")) {
    const ws = value(environmentVariables.wsUrl)
    const rest = value(environmentVariables.restUrl)
    if (ws !== undefined || rest !== undefined) fromEnv.urls = { ...(ws === undefined ? {} : { ws }), ...(rest === undefined ? {} : { rest }) }
  }
  const insecure = value(environmentVariables.allowInsecure)
  if (insecure !== undefined) {
    const flag = SWITCH_VALUES[insecure.toLowerCase()]
    if (flag === undefined) throw new ConfigError({ field: environmentVariables.allowInsecure, reason: "must be true, false, 1 or 0" })
    fromEnv.allowInsecure = flag
  }
  const hasAuth = [config.token, config.tokenProvider, config.clientId, config.clientSecret].some((field) => field !== undefined)
  if (!hasAuth) {
    take("token")
    if (fromEnv.token === undefined) {
      take("clientId")
      take("clientSecret")
    }
  }
  take("authenticationUrl")
  take("credentialsTransport")
  // The log level (`debug`...`off`): checked with the rest of the configuration by `createClient`.
  take("logLevel")
  // A field given as `undefined` is not given: the environment still fills it.
  const merged: ClientConfig = { ...fromEnv, ...Object.fromEntries(Object.entries(config).filter(([, field]) => field !== undefined)) }
  // What could not be read and is needed is remembered on the result, out of sight (not
  // enumerable: equality, spreads and JSON ignore it), for `createClient` to report instead of
  // "missing" (see `unreadableEnvironmentError`).
  const refusal = unreadable.length === 0 ? undefined : incompleteForUnreadable(merged, unreadable)
  if (refusal !== undefined) Object.defineProperty(merged, UNREADABLE_ENVIRONMENT, { value: refusal, enumerable: false })
  return merged
}

const UNREADABLE_ENVIRONMENT = Symbol.for("@org/optave-core/unreadable-environment")

/**
 * The `ConfigError` of a configuration that lacks credentials or an endpoint because
 * `configFromEnv` could not read the variables that would have given them (the message names
 * them); undefined for any other configuration. An adapter whose reader can be refused (Deno's)
 * throws it from `createClient`, before the core would report the fields as missing.
 */
export const unreadableEnvironmentError = (config: ClientConfig): ConfigError | undefined =>
  (config as { readonly [UNREADABLE_ENVIRONMENT]?: ConfigError })[UNREADABLE_ENVIRONMENT]

const incompleteForUnreadable = (config: ClientConfig, unreadable: ReadonlyArray<string>): ConfigError | undefined => {
  const names = (...variables: ReadonlyArray<string>) => variables.filter((variable) => unreadable.includes(variable))
  const hasAuth = [config.token, config.tokenProvider, config.clientId, config.clientSecret].some((field) => field !== undefined)
  const authVariables = names(environmentVariables.token, environmentVariables.clientId, environmentVariables.clientSecret)
  const hasEndpoint = config.urls !== undefined || (config.tenant !== undefined && config.tld !== undefined)
  const endpointVariables = names(environmentVariables.tenant, environmentVariables.tld, environmentVariables.wsUrl, environmentVariables.restUrl)
  const missing = [...(hasAuth ? [] : authVariables), ...(hasEndpoint ? [] : endpointVariables)]
  if (missing.length === 0) return undefined
  return new ConfigError({
    field: hasAuth ? "tenant" : "token",
    reason:
      `the environment variables ${missing.join(", ")} could not be read (not permitted here; in Deno, run with ` +
      `--allow-env=${missing.join(",")}), and the configuration needs what they hold`
  })
}
