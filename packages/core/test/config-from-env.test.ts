import { describe, expect, it } from "vitest"
import { configFromEnvironment, environmentVariables, unreadableEnvironmentError } from "../src/config/config-from-env.ts"
import { resolveConfig } from "../src/config/client-config.ts"

const reader = (values: Record<string, string>, unreadable: ReadonlyArray<string> = []) => (name: string) => {
  if (unreadable.includes(name)) throw new Error(`no permission for ${name}`)
  return values[name]
}

describe("configFromEnvironment", () => {
  it("aims at a local or mock server with OPTAVE_WS_URL and OPTAVE_REST_URL", () => {
    const config = configFromEnvironment({}, reader({ OPTAVE_WS_URL: "ws://127.0.0.1:4010", OPTAVE_REST_URL: "http://127.0.0.1:4010", OPTAVE_TOKEN: "t" }))
    expect(config).toEqual({ urls: { ws: "ws://127.0.0.1:4010", rest: "http://127.0.0.1:4010" }, token: "t" })
    expect(resolveConfig(config, false)).toMatchObject({ wsUrl: "ws://127.0.0.1:4010", restUrl: "http://127.0.0.1:4010" })
  })

  it("leaves the environment's URLs alone when the caller names an endpoint", () => {
    const env = reader({ OPTAVE_WS_URL: "ws://127.0.0.1:4010", OPTAVE_TOKEN: "t" })
    expect(configFromEnvironment({ tenant: "acme", tld: "tech" }, env).urls).toBeUndefined()
    expect(configFromEnvironment({ urls: { rest: "http://127.0.0.1:1" } }, env).urls).toEqual({ rest: "http://127.0.0.1:1" })
  })

  it("reads OPTAVE_ALLOW_INSECURE as the CLI does, and refuses a value it cannot read as a switch", () => {
    expect(configFromEnvironment({}, reader({ OPTAVE_ALLOW_INSECURE: "1" })).allowInsecure).toBe(true)
    expect(configFromEnvironment({}, reader({ OPTAVE_ALLOW_INSECURE: "false" })).allowInsecure).toBe(false)
    expect(() => configFromEnvironment({}, reader({ OPTAVE_ALLOW_INSECURE: "yes please" }))).toThrow(
      expect.objectContaining({ _tag: "ConfigError", field: "OPTAVE_ALLOW_INSECURE" })
    )
  })

  it("reads the token URL and the credentials transport with client credentials", () => {
    const config = configFromEnvironment(
      {},
      reader({ OPTAVE_CLIENT_ID: "id", OPTAVE_CLIENT_SECRET: "s", OPTAVE_AUTH_URL: "https://auth.example/auth/oauth2/token", OPTAVE_CREDENTIALS_TRANSPORT: "basic" })
    )
    expect(config).toEqual({ clientId: "id", clientSecret: "s", authenticationUrl: "https://auth.example/auth/oauth2/token", credentialsTransport: "basic" })
  })

  it("remembers which needed variables could not be read, for the adapter's createClient to say so", () => {
    const all = Object.values(environmentVariables)
    const error = unreadableEnvironmentError(configFromEnvironment({}, reader({}, all)))
    expect(error?._tag).toBe("ConfigError")
    expect(error?.message).toMatch(/OPTAVE_TOKEN, OPTAVE_CLIENT_ID, OPTAVE_CLIENT_SECRET, OPTAVE_TENANT, OPTAVE_TLD, OPTAVE_WS_URL, OPTAVE_REST_URL could not be read/u)
    expect(error?.message).toContain("--allow-env=")
    expect(unreadableEnvironmentError(configFromEnvironment({}, reader({ OPTAVE_TOKEN: "t", OPTAVE_TENANT: "acme", OPTAVE_TLD: "tech" })))).toBeUndefined()
  })

  it("does not complain about unreadable variables the configuration does not need", () => {
    const all = Object.values(environmentVariables)
    const config = configFromEnvironment({ urls: { ws: "ws://127.0.0.1:1" }, token: "t" }, reader({}, all))
    expect(config).toEqual({ urls: { ws: "ws://127.0.0.1:1" }, token: "t" })
    expect(unreadableEnvironmentError(config)).toBeUndefined()
  })
})
