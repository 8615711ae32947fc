import { afterEach, describe, expect, it, vi } from "vitest"
import { configFromEnv, runtimePlatform } from "../src/deno-platform.ts"
import { createClient } from "../src/index.ts"

/** A scripted `Deno` global: `granted` variables are readable; reading any other one throws, as Deno does without permission. */
const stubDeno = (values: Record<string, string>, granted: ReadonlyArray<string>) => {
  const queried: Array<string> = []
  vi.stubGlobal("Deno", {
    env: {
      get: (name: string) => {
        if (!granted.includes(name)) throw new Error(`NotCapable: Requires env access to "${name}"`)
        return values[name]
      }
    },
    permissions: {
      querySync: ({ variable }: { variable: string }) => {
        queried.push(variable)
        return { state: granted.includes(variable) ? "granted" : "prompt" }
      }
    }
  })
  return queried
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe("configFromEnv", () => {
  it("is the explicit config alone outside Deno", () => {
    expect(configFromEnv({ token: "t" })).toEqual({ token: "t" })
  })

  it("reads only granted variables, and explicit fields win", () => {
    const queried = stubDeno({ OPTAVE_TENANT: "acme", OPTAVE_TLD: "tech", OPTAVE_TOKEN: "from-env" }, ["OPTAVE_TENANT", "OPTAVE_TOKEN"])
    expect(configFromEnv({ tenant: "explicit" })).toEqual({ tenant: "explicit", token: "from-env" })
    expect(queried).toEqual(expect.arrayContaining(["OPTAVE_TENANT", "OPTAVE_TLD", "OPTAVE_TOKEN"]))
  })

  it("a field given as undefined (an unset variable read elsewhere) is filled from the environment", () => {
    stubDeno({ OPTAVE_TENANT: "acme", OPTAVE_TLD: "tech", OPTAVE_CLIENT_ID: "id", OPTAVE_CLIENT_SECRET: "secret" }, [
      "OPTAVE_TENANT",
      "OPTAVE_TLD",
      "OPTAVE_CLIENT_ID",
      "OPTAVE_CLIENT_SECRET",
      "OPTAVE_TOKEN"
    ])
    expect(configFromEnv({ tenant: undefined, tld: "explicit", token: undefined })).toEqual({ tenant: "acme", tld: "explicit", clientId: "id", clientSecret: "secret" })
  })

  it("never mixes credentials: explicit auth leaves the environment's alone", () => {
    stubDeno({ OPTAVE_TOKEN: "env-token", OPTAVE_CLIENT_ID: "id", OPTAVE_CLIENT_SECRET: "secret" }, ["OPTAVE_TOKEN", "OPTAVE_CLIENT_ID", "OPTAVE_CLIENT_SECRET"])
    const provider = () => "p"
    expect(configFromEnv({ tokenProvider: provider })).toEqual({ tokenProvider: provider })
  })

  it("takes client credentials and the auth URL when no token is set", () => {
    const all = ["OPTAVE_CLIENT_ID", "OPTAVE_CLIENT_SECRET", "OPTAVE_AUTH_URL", "OPTAVE_TOKEN"]
    stubDeno({ OPTAVE_CLIENT_ID: "id", OPTAVE_CLIENT_SECRET: "secret", OPTAVE_AUTH_URL: "https://auth.example" }, all)
    expect(configFromEnv({})).toEqual({ clientId: "id", clientSecret: "secret", authenticationUrl: "https://auth.example" })
  })
})

describe("configFromEnv without --allow-env", () => {
  it("says the OPTAVE_* variables could not be read, not that credentials are missing", () => {
    stubDeno({ OPTAVE_TENANT: "acme", OPTAVE_TLD: "tech", OPTAVE_TOKEN: "t" }, [])
    expect(() => createClient(configFromEnv({}))).toThrow(expect.objectContaining({ _tag: "ConfigError", message: expect.stringMatching(/OPTAVE_TOKEN.*could not be read.*--allow-env=/u) }))
  })

  it("is quiet when the explicit configuration is complete", () => {
    stubDeno({}, [])
    expect(JSON.stringify(createClient(configFromEnv({ tenant: "acme", tld: "tech", token: "t" })))).toBe('{"client":"optave","platform":"deno"}')
  })
})

describe("createClient", () => {
  it("builds a client from the environment when asked, checked by core like any config", () => {
    stubDeno({ OPTAVE_TENANT: "acme", OPTAVE_TLD: "tech", OPTAVE_TOKEN: "t" }, ["OPTAVE_TENANT", "OPTAVE_TLD", "OPTAVE_TOKEN"])
    expect(JSON.stringify(createClient(configFromEnv({})))).toBe('{"client":"optave","platform":"deno"}')
    stubDeno({ OPTAVE_TENANT: "Not A Label", OPTAVE_TLD: "tech", OPTAVE_TOKEN: "t" }, ["OPTAVE_TENANT", "OPTAVE_TLD", "OPTAVE_TOKEN"])
    expect(() => createClient(configFromEnv({}))).toThrow(expect.objectContaining({ _tag: "ConfigError", field: "tenant" }))
  })

  it("does not read the environment unless asked, as the other adapters", () => {
    stubDeno({ OPTAVE_TENANT: "acme", OPTAVE_TLD: "tech", OPTAVE_TOKEN: "t" }, ["OPTAVE_TENANT", "OPTAVE_TLD", "OPTAVE_TOKEN"])
    expect(() => createClient({})).toThrow(expect.objectContaining({ _tag: "ConfigError" }))
  })

  it("provides Deno's primitives", () => {
    const platform = runtimePlatform()
    expect(platform).toMatchObject({ name: "deno", isBrowserLike: false })
    const buffer = new Uint8Array(16)
    platform.fillRandom(buffer)
    expect(buffer.some((byte) => byte !== 0)).toBe(true)
  })
})
