// What a token endpoint or a tokenProvider gives, read as RFC 6749 §5.1 and §7.1 say: `expires_in`
// as a number or a numeric string, a lifetime that cannot be used clamped with a warning, Bearer
// in any case, another token type refused by name; each refusal says what was wrong. A provider's
// own error stays attached. Token retries wait what the engine's random source says.
import * as Effect from "effect/Effect"
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { make } from "../src/optave-client.ts"
import { Platform, type PlatformShape } from "../src/platform.ts"
import { createClientWith } from "../src/promise-client.ts"
import { LONGEST_TOKEN_LIFETIME_MS, readTokenResponse, SHORTEST_TOKEN_LIFETIME_MS, DEFAULT_TOKEN_LIFETIME_MS } from "../src/auth/token-response.ts"
import { documentedEvent, makeFakePlatform } from "./support/fake-platform.ts"
import { recordingLogger } from "./support/log-recorder.ts"

const superpowers = ["performance_criteria", "sentiment_analysis"]
const completed = () => new Response(JSON.stringify(superpowers.map((superpower) => documentedEvent("", superpower, "completed", "ok"))), { status: 200 })
const answer = (body: unknown, status = 200) => new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

const restConfig = (logger: ClientConfig["logger"]): ClientConfig => ({
  urls: { rest: "http://127.0.0.1:1" },
  transport: "rest",
  clientId: "token-client",
  clientSecret: "token-client-secret",
  retry: { maxRetries: 2, baseDelayMs: 40, maxDelayMs: 400 },
  logger,
  logLevel: "debug",
  timeouts: { heartbeatMs: 0 }
})

/** One REST insights request with a client whose token endpoint answers `tokenAnswers` in turn (the last one again after). */
const requestWith = async (tokenAnswers: ReadonlyArray<() => Response>, random?: () => number) => {
  const queue = [...tokenAnswers]
  const fake = makeFakePlatform({ fetch: async (url) => (url.includes("/token") ? (queue.length > 1 ? queue.shift()! : queue[0]!)() : completed()) })
  const recorder = recordingLogger()
  const run = random === undefined
    ? (async () => {
        const client = createClientWith(fake.platform, restConfig(recorder.logger))
        try {
          return await client.insights(insightsExample).then(
            (result) => ({ result, error: undefined }),
            (error: unknown) => ({ result: undefined, error: error as any })
          )
        } finally {
          await client.close()
        }
      })()
    : Effect.runPromise(
        Effect.scoped(
          Effect.flatMap(make(restConfig(recorder.logger), random), (client) =>
            Effect.match(client.collect("insights", insightsExample), { onSuccess: (result) => ({ result, error: undefined }), onFailure: (error) => ({ result: undefined, error: error as any }) })
          )
        ).pipe(Effect.provideService(Platform, fake.platform as PlatformShape))
      )
  const outcome = await run
  return { ...outcome, fake, lines: recorder.lines, tokenCalls: fake.fetches.filter((call) => call.url.includes("/token")).length }
}

describe("readTokenResponse", () => {
  it.each([
    [3600, 3_600_000],
    ["3600", 3_600_000],
    [" 120 ", 120_000],
    ["1.5e3", 1_500_000],
    [0.5, 500]
  ] as const)("expires_in %j is a lifetime of %i ms", (expiresIn, lifetimeMs) => {
    expect(readTokenResponse({ access_token: "t", token_type: "Bearer", expires_in: expiresIn })).toEqual({ accessToken: "t", lifetimeMs })
  })

  it.each([
    [-5, SHORTEST_TOKEN_LIFETIME_MS, "not-positive", -5],
    ["-5", SHORTEST_TOKEN_LIFETIME_MS, "not-positive", -5],
    [0, SHORTEST_TOKEN_LIFETIME_MS, "not-positive", 0],
    ["soon", DEFAULT_TOKEN_LIFETIME_MS, "not-a-number", undefined],
    ["", DEFAULT_TOKEN_LIFETIME_MS, "not-a-number", undefined],
    [1e12, LONGEST_TOKEN_LIFETIME_MS, "too-long", 1e12],
    ["1e400", LONGEST_TOKEN_LIFETIME_MS, "too-long", Number.POSITIVE_INFINITY]
  ] as const)("expires_in %j is clamped to %i ms (%s)", (expiresIn, lifetimeMs, why, said) => {
    expect(readTokenResponse({ access_token: "t", expires_in: expiresIn })).toEqual({ accessToken: "t", lifetimeMs, clamped: { expiresIn: said, why } })
  })

  it("no expires_in: the default lifetime, no warning", () => {
    expect(readTokenResponse({ access_token: "t", token_type: "Bearer" })).toEqual({ accessToken: "t", lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS })
  })

  it.each(["Bearer", "bearer", "BEARER", "bEaReR", undefined])("token_type %s is used as a Bearer token", (tokenType) => {
    expect(readTokenResponse({ access_token: "t", ...(tokenType === undefined ? {} : { token_type: tokenType }), expires_in: 60 })).toEqual({ accessToken: "t", lifetimeMs: 60_000 })
  })

  it.each(["mac", "DPoP", "N_A", ""])("token_type %j is refused, by name", (tokenType) => {
    const read = readTokenResponse({ access_token: "t", token_type: tokenType, expires_in: 60 })
    expect(read).toMatchObject({ refused: "token-type" })
    expect((read as { reason: string }).reason).toContain(`issued a ${JSON.stringify(tokenType)} token`)
    expect((read as { reason: string }).reason).toContain("Bearer")
  })

  it.each([
    [{ token_type: "Bearer" }, "access_token is required"],
    [{ access_token: "", token_type: "Bearer" }, "access_token must be a non-empty string"],
    [{ access_token: 42 }, "access_token must be a string"],
    [{ access_token: "t", expires_in: true }, "expires_in must match one of"],
    [[], "the answer must be an object"]
  ])("%j is refused saying what is wrong", (body, said) => {
    const read = readTokenResponse(body)
    expect(read).toMatchObject({ refused: "shape" })
    expect((read as { reason: string }).reason).toContain(said)
  })
})

describe("token answers through the client", () => {
  it("expires_in as a numeric string is used as sent", async () => {
    const { result, lines, tokenCalls } = await requestWith([() => answer({ access_token: "tok", token_type: "bearer", expires_in: "3600" })])
    expect(result).toBeDefined()
    expect(tokenCalls).toBe(1)
    expect(lines.find(({ fields }) => fields.event === "token-fetch")?.line).toBe("optave token-fetch source=endpoint use=rest lifetimeMs=3600000")
    expect(lines.some(({ fields }) => fields.event === "token-lifetime")).toBe(false)
  })

  it("expires_in -5 is clamped with one warning line, and the request goes through", async () => {
    const { result, lines } = await requestWith([() => answer({ access_token: "tok", token_type: "Bearer", expires_in: -5 })])
    expect(result).toBeDefined()
    const warnings = lines.filter(({ fields }) => fields.event === "token-lifetime")
    expect(warnings.map(({ level, line }) => `${level} ${line}`)).toEqual([`warn optave token-lifetime expiresIn=-5 why=not-positive usedMs=${SHORTEST_TOKEN_LIFETIME_MS}`])
  })

  it("token_type mac is refused at once with an AuthError naming the type (no retry, no request sent)", async () => {
    const { error, fake, tokenCalls } = await requestWith([() => answer({ access_token: "tok", token_type: "mac", expires_in: 3600 })])
    expect(`${error?._tag} ${error?.code}`).toBe("AuthError TOKEN_INVALID")
    expect(error.message).toContain('"mac"')
    expect(error.message).not.toContain("no access_token")
    expect(tokenCalls).toBe(1)
    expect(fake.fetches.some((call) => call.url.includes("/message/"))).toBe(false)
  })

  it("an answer without access_token says so, and one that is not JSON says that instead", async () => {
    const missing = await requestWith([() => answer({ token_type: "Bearer", expires_in: 3600 })])
    expect(`${missing.error?._tag} ${missing.error?.code}`).toBe("AuthError TOKEN_ENDPOINT_FAILED")
    expect(missing.error.message).toContain("access_token is required")
    const notJson = await requestWith([() => answer("<html>oops</html>")])
    expect(notJson.error.message).toContain("not JSON")
  })

  it("a 503 then a token: the retry waits what the engine's random source says", async () => {
    const { result, lines } = await requestWith([() => answer({}, 503), () => answer({ access_token: "tok", expires_in: 60 })], () => 0.25)
    expect(result).toBeDefined()
    // Full jitter: floor(0.25 x min(maxDelayMs 400, baseDelayMs 40 x 2^0)) = 10.
    expect(lines.filter(({ fields }) => fields.event === "retry").map(({ line }) => line)).toEqual([
      "optave retry target=token retry=1 delayMs=10 error=TransportError code=HTTP_STATUS status=503"
    ])
  })
})

describe("a failing tokenProvider", () => {
  it("keeps its error as cause and its message in the reason", async () => {
    const thrown = new Error("vault sealed: cannot issue a token")
    const fake = makeFakePlatform()
    const client = createClientWith(fake.platform, {
      urls: { rest: "http://127.0.0.1:1" },
      transport: "rest",
      tokenProvider: () => Promise.reject(thrown),
      timeouts: { heartbeatMs: 0 },
      // One ask: a rejecting provider is otherwise asked again as the retry policy allows.
      retry: { maxRetries: 0 },
      logLevel: "off"
    })
    const error = await client.insights(insightsExample).then(
      () => undefined,
      (failure: any) => failure
    )
    await client.close()
    expect(`${error?._tag} ${error?.code}`).toBe("AuthError TOKEN_PROVIDER_FAILED")
    expect(error.cause).toBe(thrown)
    expect(error.message).toContain("vault sealed: cannot issue a token")
  })
})
