import { ConfigError, type ClientConfig, type ClientLogger, type LogLevel } from "@org/optave-node"
import type { OutputStream } from "./cli-io.ts"
import { environmentVariables as variables } from "@org/optave-core/platform"

/**
 * Every connection setting: its command-line flag and its environment variable (also read from
 * `.env`). The variable names are the client's own (`configFromEnv` reads the same ones).
 */
export const connectionSettings = [
  { key: "tenant", flag: "tenant", variable: variables.tenant, secret: false, help: "your tenant (hosts ws-{tenant}.oco.optave.{tld})" },
  { key: "tld", flag: "tld", variable: variables.tld, secret: false, help: "your region's top-level domain, e.g. tech" },
  { key: "token", flag: "token", variable: variables.token, secret: true, help: "a bearer token" },
  { key: "clientId", flag: "client-id", variable: variables.clientId, secret: false, help: "OAuth2 client id" },
  { key: "clientSecret", flag: "client-secret", variable: variables.clientSecret, secret: true, help: "OAuth2 client secret" },
  {
    key: "authUrl",
    flag: "auth-url",
    variable: variables.authenticationUrl,
    secret: false,
    help: "token endpoint (default {REST URL}/auth/oauth2/token; /token appended when missing)"
  },
  {
    key: "credentialsTransport",
    flag: "credentials-transport",
    variable: variables.credentialsTransport,
    secret: false,
    help: "how client credentials reach the token endpoint: body (default), basic or query"
  },
  { key: "wsUrl", flag: "ws-url", variable: variables.wsUrl, secret: false, help: "WebSocket endpoint instead of tenant/tld" },
  { key: "restUrl", flag: "rest-url", variable: variables.restUrl, secret: false, help: "REST endpoint instead of tenant/tld" },
  {
    key: "allowInsecure",
    flag: "allow-insecure",
    variable: variables.allowInsecure,
    secret: false,
    help: "allow ws:// and http:// to a non-loopback host (a test server on your network; never production)"
  },
  { key: "logLevel", flag: "log-level", variable: variables.logLevel, secret: false, help: "client log lines on stderr: debug, info, warn (default), error or off" }
] as const

/** Settings given as a bare flag (`--allow-insecure`) or as `true`/`1` in the environment. */
const SWITCHES: ReadonlySet<SettingKey> = new Set<SettingKey>(["allowInsecure"])
export const isSwitch = (key: SettingKey): boolean => SWITCHES.has(key)

export type SettingKey = (typeof connectionSettings)[number]["key"]
export type SettingSource = "flag" | "environment" | ".env"

/** The resolved settings and where each came from (flags win over the environment, which wins over `.env`). */
export interface ConnectionSettings {
  readonly values: Readonly<Partial<Record<SettingKey, string>>>
  readonly sources: Readonly<Partial<Record<SettingKey, SettingSource>>>
  /** Every secret value seen in any layer (used or overridden), to hide from anything printed. */
  readonly secrets: ReadonlyArray<string>
}

/** `util.parseArgs` options for the connection flags. */
export const connectionFlagOptions = Object.fromEntries(
  connectionSettings.map((setting) => [setting.flag, { type: isSwitch(setting.key) ? ("boolean" as const) : ("string" as const) }])
) as Record<(typeof connectionSettings)[number]["flag"], { readonly type: "string" | "boolean" }>

const given = (value: unknown): value is string => typeof value === "string" && value !== ""

export const resolveConnectionSettings = (
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  dotenv: Readonly<Record<string, string>>
): ConnectionSettings => {
  const values: Partial<Record<SettingKey, string>> = {}
  const sources: Partial<Record<SettingKey, SettingSource>> = {}
  const secrets: Array<string> = []
  for (const setting of connectionSettings) {
    const flag = flags[setting.flag]
    const layers: ReadonlyArray<readonly [unknown, SettingSource]> = [
      [flag === true ? "true" : flag, "flag"],
      [env[setting.variable], "environment"],
      [dotenv[setting.variable], ".env"]
    ]
    if (setting.secret) for (const [value] of layers) if (given(value)) secrets.push(value)
    const found = layers.find(([value]) => given(value))
    if (found !== undefined) {
      values[setting.key] = found[0] as string
      sources[setting.key] = found[1]
    }
  }
  return { values, sources, secrets }
}

const RANK: Readonly<Record<SettingSource, number>> = { flag: 3, environment: 2, ".env": 1 }
const rankOf = (settings: ConnectionSettings, key: SettingKey): number => {
  const source = settings.sources[key]
  return source === undefined ? 0 : RANK[source]
}

const nameOf = (key: SettingKey): string => {
  const setting = connectionSettings.find((candidate) => candidate.key === key)!
  return `--${setting.flag} (or ${setting.variable})`
}

/** True when a real tenant and credentials are configured (`optave demo` then talks to the service). */
export const targetsRealService = (settings: ConnectionSettings): boolean => {
  const { tenant, token, clientId, clientSecret } = settings.values
  return tenant !== undefined && (token !== undefined || (clientId !== undefined && clientSecret !== undefined))
}

type AuthConfig = Pick<ClientConfig, "token" | "clientId" | "clientSecret" | "authenticationUrl" | "credentialsTransport">

const authOf = (settings: ConnectionSettings): AuthConfig => {
  const { token, clientId, clientSecret, authUrl, credentialsTransport } = settings.values
  const tokenRank = rankOf(settings, "token")
  const credentialsRank = Math.max(rankOf(settings, "clientId"), rankOf(settings, "clientSecret"))
  if (tokenRank === 0 && credentialsRank === 0) {
    throw new ConfigError({
      field: "credentials",
      reason: "none given: pass --token (or OPTAVE_TOKEN), or --client-id and --client-secret (or OPTAVE_CLIENT_ID, OPTAVE_CLIENT_SECRET)"
    })
  }
  if (tokenRank === credentialsRank) {
    throw new ConfigError({ field: "credentials", reason: `both a token and client credentials came from the same place (${settings.sources.token}); give only one` })
  }
  // The more specific source wins: a --token flag overrides client credentials from the environment.
  if (tokenRank > credentialsRank) return { token: token! }
  for (const key of ["clientId", "clientSecret"] as const) {
    if (settings.values[key] === undefined) throw new ConfigError({ field: key, reason: `client credentials also need ${nameOf(key)}` })
  }
  // Without --auth-url the client asks the documented endpoint, {REST URL}/auth/oauth2/token.
  // The transport's value is checked by the client (ConfigError at credentialsTransport).
  return {
    clientId: clientId!,
    clientSecret: clientSecret!,
    ...(authUrl === undefined ? {} : { authenticationUrl: authUrl }),
    ...(credentialsTransport === undefined ? {} : { credentialsTransport: credentialsTransport as NonNullable<ClientConfig["credentialsTransport"]> })
  }
}

const endpointOf = (settings: ConnectionSettings): Pick<ClientConfig, "urls" | "tenant" | "tld"> => {
  const { wsUrl, restUrl, tenant, tld } = settings.values
  if (wsUrl !== undefined || restUrl !== undefined) {
    return { urls: { ...(wsUrl === undefined ? {} : { ws: wsUrl }), ...(restUrl === undefined ? {} : { rest: restUrl }) } }
  }
  if (tenant === undefined) {
    throw new ConfigError({ field: "tenant", reason: `no endpoint: pass ${nameOf("tenant")} and ${nameOf("tld")}, or ${nameOf("wsUrl")} / ${nameOf("restUrl")}` })
  }
  if (tld === undefined) throw new ConfigError({ field: "tld", reason: `${nameOf("tld")} is needed with the tenant, e.g. tech` })
  return { tenant, tld }
}

/** Every log level to one stream: stdout carries the events (`--json` output stays clean). */
const loggerTo = (stream: OutputStream): ClientLogger => {
  const write = (line: string): void => void stream.write(`${line}\n`)
  return { debug: write, info: write, warn: write, error: write }
}

/** The client configuration for these settings. Throws `ConfigError` (exit code 7) when something is missing. */
export const clientConfigOf = (settings: ConnectionSettings, transport: "ws" | "rest", requestTimeoutMs?: number, logTo?: OutputStream): ClientConfig => ({
  ...endpointOf(settings),
  ...authOf(settings),
  transport,
  sdkVersion: "none",
  // A one-shot command fails fast when the server is unreachable instead of reconnecting for long.
  reconnect: { maxAttempts: 3 },
  allowInsecure: settings.values.allowInsecure === "true" || settings.values.allowInsecure === "1",
  ...(logTo === undefined ? {} : { logger: loggerTo(logTo) }),
  ...(settings.values.logLevel === undefined ? {} : { logLevel: settings.values.logLevel as LogLevel }),
  ...(requestTimeoutMs === undefined ? {} : { timeouts: { requestMs: requestTimeoutMs } })
})

/** Where the client will connect and how it authenticates, with no secret in it. */
export const describeConnection = (config: ClientConfig): string => {
  const endpoint =
    config.urls !== undefined
      ? (config.transport === "rest" ? (config.urls.rest ?? config.urls.ws?.replace(/^ws/u, "http")) : (config.urls.ws ?? config.urls.rest?.replace(/^http/u, "ws"))) ?? ""
      : config.transport === "rest"
        ? `https://${config.tenant}.oco.optave.${config.tld}`
        : `wss://ws-${config.tenant}.oco.optave.${config.tld}`
  const auth = config.token !== undefined ? "bearer token" : `client credentials (${config.clientId})`
  return `${endpoint} · ${auth}`
}
