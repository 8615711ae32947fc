// The `fetch` option: REST requests and token requests both go through the caller's fetch, never
// the platform's, in both faces of the client; a value that is not a function is refused at once.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { elevateExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import type { ClientConfig, ClientFetch } from "../src/index.ts"
import { layer as clientLayer, request } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import { createClientWith } from "../src/promise-client.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } })
const completed = { action: "superpower", actionType: "improve_answer", state: "completed", message: { results: [{ response: [{ content: "better" }] }] } }

const config: ClientConfig = {
  urls: { rest: "http://127.0.0.1:1", ws: "ws://127.0.0.1:1" },
  clientId: "id",
  clientSecret: "the-secret",
  transport: "rest"
}

/** A fetch that answers the token endpoint and the message endpoint, recording every URL it saw. */
const recordingFetch = () => {
  const urls: Array<string> = []
  const fetch: ClientFetch = async (url, init) => {
    urls.push(url)
    expect(init.redirect).toBe("manual")
    expect(init.signal).toBeInstanceOf(AbortSignal)
    return url.endsWith("/token") ? json({ access_token: "tok", token_type: "Bearer", expires_in: 3600 }) : json([completed])
  }
  return { urls, fetch }
}

describe("the fetch option", () => {
  it("carries the token request and the REST request of the Promise API; the platform's fetch is never called", async () => {
    const fake = makeFakePlatform()
    const custom = recordingFetch()
    const client = createClientWith(fake.platform, { ...config, fetch: custom.fetch })
    const result = await client.elevate(elevateExample)
    expect(result.superpowers).toMatchObject({ improve_answer: { state: "completed" } })
    expect(custom.urls).toEqual(["http://127.0.0.1:1/auth/oauth2/token", "http://127.0.0.1:1/message/elevate"])
    expect(fake.fetches).toEqual([])
    await client.close()
  })

  it("carries them in the Effect API too (the same engine)", async () => {
    const fake = makeFakePlatform()
    const custom = recordingFetch()
    const program = request("elevate", elevateExample).pipe(
      Effect.provide(clientLayer({ ...config, fetch: custom.fetch }).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform))))
    )
    await Effect.runPromise(program)
    expect(custom.urls).toHaveLength(2)
    expect(fake.fetches).toEqual([])
  })

  it("without it, the platform's fetch is used (the default is unchanged)", async () => {
    const custom = recordingFetch()
    const fake = makeFakePlatform({ fetch: custom.fetch })
    const client = createClientWith(fake.platform, config)
    await client.elevate(elevateExample)
    expect(fake.fetches.map((call) => call.url)).toEqual(custom.urls)
    expect(custom.urls).toHaveLength(2)
    await client.close()
  })

  it("refuses a value that is not a function, before anything is sent", () => {
    const fake = makeFakePlatform()
    expect(() => createClientWith(fake.platform, { ...config, fetch: "https://proxy" as unknown as ClientFetch })).toThrow(
      expect.objectContaining({ _tag: "ConfigError", field: "fetch" })
    )
  })
})
