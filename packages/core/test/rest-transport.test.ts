import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { layer as clientLayer, request, requestStream, type OptaveClient } from "../src/optave-client.ts"
import { createClientWith } from "../src/promise-client.ts"
import { Platform } from "../src/platform.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

const completed = (actionType: string, content: unknown) => ({
  action: "superpower",
  actionType,
  state: "completed",
  message: { results: [{ response: [{ content }] }] }
})

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

const credentials: ClientConfig = {
  urls: { rest: "http://127.0.0.1:1", ws: "ws://127.0.0.1:1" },
  clientId: "id",
  clientSecret: "the-secret",
  authenticationUrl: "http://127.0.0.1:1/oauth",
  transport: "rest"
}

const run = <A, E>(
  fetch: (url: string, init: RequestInit) => Promise<Response>,
  program: (fake: ReturnType<typeof makeFakePlatform>) => Effect.Effect<A, E, OptaveClient>,
  config: ClientConfig = credentials
) => {
  const fake = makeFakePlatform({ fetch })
  return program(fake).pipe(Effect.provide(clientLayer(config).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform)))))
}

/** Drives the TestClock until the fiber finishes (retries sleep on virtual time). */
const drive = <A, E>(fiber: Fiber.Fiber<A, E>, stepMs = 100, limit = 2_000) =>
  Effect.gen(function* () {
    for (let i = 0; i < limit && fiber.pollUnsafe() === undefined; i++) {
      yield* tick
      yield* TestClock.adjust(stepMs)
    }
    return yield* Fiber.await(fiber)
  })

/** The calls to the REST message endpoints (not the token endpoint). */
const messageCalls = (fake: ReturnType<typeof makeFakePlatform>) => fake.fetches.filter((f) => f.url.includes("/message/"))

/** Lets `seconds` of virtual time pass one second at a time, letting promises settle in between. */
const advanceSeconds = (seconds: number) =>
  Effect.gen(function* () {
    for (let i = 0; i < seconds; i++) {
      yield* TestClock.adjust(1_000)
      yield* tick
    }
  })

const tokenResponse = () => json({ access_token: "rest-token", token_type: "Bearer", expires_in: 3600 })

describe("REST transport", () => {
  itEffect("POSTs the bare payload to /message/{action} with a bearer token; credentials go in the form body", () =>
    run(
      async (url) => (url.endsWith("/token") ? tokenResponse() : json(completed("improve_answer", "better"))),
      (fake) =>
        Effect.gen(function* () {
          const result = yield* request("elevate", elevateExample)
          expect(result.superpowers.improve_answer!.results[0]!.response![0]!.content).toBe("better")
          const [tokenCall, call] = fake.fetches
          expect(tokenCall!.url).toBe("http://127.0.0.1:1/oauth/token")
          expect(tokenCall!.url).not.toContain("the-secret")
          expect(String(tokenCall!.init.body)).toContain("client_secret=the-secret")
          expect(String(tokenCall!.init.body)).toContain("grant_type=client_credentials")
          expect(call!.url).toBe("http://127.0.0.1:1/message/elevate")
          const headers = call!.init.headers as Record<string, string>
          expect(headers.authorization).toBe("Bearer rest-token")
          expect(JSON.parse(String(call!.init.body))).toEqual(elevateExample)
        })
    )
  )

  itEffect("accepts an array of events as the 200 body", () =>
    run(
      async (url) =>
        url.endsWith("/token")
          ? tokenResponse()
          : json([completed("performance_criteria", [{ criterion: "empathy", score: 80 }]), completed("sentiment_analysis", { label: "neutral" })]),
      () =>
        Effect.gen(function* () {
          const result = yield* request("insights", insightsExample)
          expect(Object.keys(result.superpowers).sort()).toEqual(["performance_criteria", "sentiment_analysis"])
        })
    )
  )

  itEffect("retries 503 with the same Idempotency-Key, honouring Retry-After", () => {
    let calls = 0
    return run(
      async (url) => {
        if (url.endsWith("/token")) return tokenResponse()
        calls++
        return calls === 1 ? json({}, 503, { "retry-after": "2" }) : json(completed("improve_answer", "ok"))
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample))
          const exit = yield* drive(fiber, 100)
          expect(Exit.isSuccess(exit)).toBe(true)
          const attempts = messageCalls(fake)
          expect(attempts).toHaveLength(2)
          const keys = attempts.map((attempt) => (attempt.init.headers as Record<string, string>)["idempotency-key"])
          expect(keys[0]).toBeTruthy()
          expect(keys[1]).toBe(keys[0])
        })
    )
  })

  for (const status of [400, 404, 422]) {
    itEffect(`does not retry ${status}`, () =>
      run(
        async (url) => (url.endsWith("/token") ? tokenResponse() : json({}, status)),
        (fake) =>
          Effect.gen(function* () {
            const exit = yield* drive(yield* Effect.forkChild(request("elevate", elevateExample)))
            const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
            expect(error?._tag).toBe("TransportError")
            expect(error?.status).toBe(status)
            expect(messageCalls(fake)).toHaveLength(1)
          })
      )
    )
  }

  itEffect("a 401 refreshes the token once and retries; a second 401 is an AuthError", () => {
    let tokenFetches = 0
    return run(
      async (url) => {
        if (url.endsWith("/token")) {
          tokenFetches++
          return json({ access_token: `t${tokenFetches}`, expires_in: 3600 })
        }
        return json({}, 401)
      },
      (fake) =>
        Effect.gen(function* () {
          const exit = yield* drive(yield* Effect.forkChild(request("elevate", elevateExample)))
          const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
          expect(error?._tag).toBe("AuthError")
          expect(tokenFetches).toBe(2)
          const auths = messageCalls(fake).map((f) => (f.init.headers as Record<string, string>).authorization)
          expect(auths).toEqual(["Bearer t1", "Bearer t2"])
        })
    )
  })

  itEffect("100 concurrent requests trigger exactly one token fetch", () => {
    let tokenFetches = 0
    return run(
      async (url) => {
        if (url.endsWith("/token")) {
          tokenFetches++
          await new Promise((resolve) => setTimeout(resolve, 20))
          return tokenResponse()
        }
        return json(completed("improve_answer", "ok"))
      },
      () =>
        Effect.gen(function* () {
          const results = yield* Effect.forEach(Array.from({ length: 100 }, (_, i) => i), () => request("elevate", elevateExample), {
            concurrency: "unbounded"
          })
          expect(results).toHaveLength(100)
          expect(tokenFetches).toBe(1)
        })
    )
  })

  itEffect("a failing token endpoint is asked again as the policy retries within the request's time, then surfaces as AuthError", () => {
    let tokenFetches = 0
    return run(
      async (url) => {
        if (url.endsWith("/token")) {
          tokenFetches++
          return json({ error: "down" }, 500)
        }
        return json(completed("improve_answer", "ok"))
      },
      (fake) =>
        Effect.gen(function* () {
          const exit = yield* drive(yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs: 20_000 })))
          const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
          expect(error?._tag).toBe("AuthError")
          expect(error?.code).toBe("TOKEN_ENDPOINT_FAILED")
          // Each acquisition retries the endpoint twice itself (3 fetches); the request asks for
          // its token twice more (the policy's 2 retries; all fit its 20 s): 3 acquisitions.
          expect(tokenFetches).toBe(9)
          expect(messageCalls(fake)).toHaveLength(0)
          expect(String(error)).not.toContain("the-secret")
        })
    )
  })

  itEffect("a hung token fetch is abandoned at tokenMs and asked again while the request has time left", () => {
    let tokenFetches = 0
    return run(
      (url) => {
        if (url.endsWith("/token")) return ++tokenFetches === 1 ? new Promise<Response>(() => {}) : Promise.resolve(tokenResponse())
        return Promise.resolve(json(completed("improve_answer", "after-retry")))
      },
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs: 5_000 }))
          const exit = yield* drive(fiber, 100)
          expect(Exit.isSuccess(exit) ? exit.value.superpowers.improve_answer!.results[0]!.response![0]!.content : exit).toBe("after-retry")
          expect(tokenFetches).toBe(2)
          expect(messageCalls(fake)).toHaveLength(1)
        }),
      { ...credentials, timeouts: { tokenMs: 300 } }
    )
  })

  itEffect("interrupting during the retry backoff sends nothing more", () =>
    run(
      async (url) => (url.endsWith("/token") ? tokenResponse() : json({}, 503, { "retry-after": "5" })),
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample))
          for (let i = 0; i < 5; i++) yield* tick
          expect(messageCalls(fake)).toHaveLength(1)
          yield* Fiber.interrupt(fiber)
          yield* advanceSeconds(20)
          expect(messageCalls(fake)).toHaveLength(1)
        })
    )
  )

  itEffect("a per-attempt timeout is retried; the total timeout ends the request", () =>
    run(
      (url) => (url.endsWith("/token") ? Promise.resolve(tokenResponse()) : new Promise<Response>(() => {})),
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(request("elevate", elevateExample, { timeoutMs: 25_000 }))
          const exit = yield* drive(fiber, 500)
          const error = Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
          expect(error?._tag).toBe("TimeoutError")
          expect(error?.code).toBe("REQUEST_TIMEOUT")
          // attempts time out after 10 s each and are retried (backoff < 1 s): the third is cut by the 25 s total
          expect(messageCalls(fake)).toHaveLength(3)
        }),
      { ...credentials, timeouts: { attemptMs: 10_000 } }
    )
  )

  itEffect("the Effect stream of a REST request yields the answer's events, then ends", () =>
    run(
      async (url) => (url.endsWith("/token") ? tokenResponse() : json([completed("performance_criteria", "p"), completed("sentiment_analysis", "s")])),
      () =>
        Effect.gen(function* () {
          const events = yield* Stream.runCollect(requestStream("insights", insightsExample))
          expect(events.map((event) => `${event.actionType}:${event.state}`)).toEqual(["performance_criteria:completed", "sentiment_analysis:completed"])
          // Each event carries the request's correlation id: a fresh UUID v7, not the caller's requestId.
          const [first] = events
          expect(first?.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
          expect(events.every((event) => event.correlationId === first?.correlationId)).toBe(true)
        })
    )
  )

  itEffect("interrupting the Effect stream of a REST request during its backoff sends nothing more", () =>
    run(
      async (url) => (url.endsWith("/token") ? tokenResponse() : json({ message: "busy" }, 503, { "retry-after": "5" })),
      (fake) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(Stream.runCollect(requestStream("elevate", elevateExample)))
          for (let i = 0; i < 5; i++) yield* tick
          expect(messageCalls(fake)).toHaveLength(1)
          yield* Fiber.interrupt(fiber)
          yield* advanceSeconds(20)
          expect(messageCalls(fake)).toHaveLength(1)
        })
    )
  )
})

describe("REST through the Promise API", () => {
  it("client.stream.<action> yields the answer's events; a REST failure is thrown at the read", async () => {
    let status = 200
    const fake = makeFakePlatform({
      fetch: async (url) =>
        url.endsWith("/token") ? tokenResponse() : status === 200 ? json([completed("improve_answer", "better")]) : json({ message: "no" }, status)
    })
    const client = createClientWith(fake.platform, { ...credentials, retry: { maxRetries: 0 } })
    const seen: Array<string> = []
    for await (const event of client.stream.elevate(elevateExample)) seen.push(`${event.actionType}:${event.state}`)
    expect(seen).toEqual(["improve_answer:completed"])
    status = 400
    const failure = await (async () => {
      for await (const _ of client.stream.elevate(elevateExample)) seen.push("unexpected")
    })().catch((error: unknown) => error)
    expect(failure).toMatchObject({ _tag: "TransportError", status: 400 })
    expect(seen).toEqual(["improve_answer:completed"])
    await client.close()
  })
})

