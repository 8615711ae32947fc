// The client's log: the `logger` and `logLevel` options, the line format, and which lines a
// reconnect, a resend, a busy retry, a REST retry, a token refresh, a refused frame and a late
// result write, in which order, with which cause and delay. Delays are exact: the client runs with
// a fixed `random`, so full-jitter backoff is floor(0.5 x min(maxDelayMs, baseDelayMs x 2^n)).
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it, vi } from "vitest"
import type { ClientConfig } from "../src/config/client-config.ts"
import { formatLogLine, makeClientLog } from "../src/observability/client-log.ts"
import { configFromEnvironment } from "../src/config/config-from-env.ts"
import { ConfigError } from "../src/errors.ts"
import { layer, make, OptaveClient, type OptaveClientShape } from "../src/optave-client.ts"
import { Platform, type PlatformShape } from "../src/platform.ts"
import { createClientWith } from "../src/promise-client.ts"
import { event, makeFakePlatform, type FakeSocket, documentedEvent } from "./support/fake-platform.ts"
import { recordingLogger } from "./support/log-recorder.ts"

const superpowers = ["performance_criteria", "sentiment_analysis"]

/** Runs `use` with an Effect-API client built on `platform` with a fixed random (exact delays). */
const withClient = <A>(platform: PlatformShape, config: ClientConfig, use: (client: OptaveClientShape) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(make(config, () => 0.5), use)).pipe(Effect.provideService(Platform, platform)))

describe("the line format", () => {
  it("is `optave <event>` and key=value pairs in order; values with spaces, quotes or `=` are JSON strings", () => {
    expect(formatLogLine({ event: "retry", transport: "ws", retry: 1, delayMs: 5, note: 'a "b" = c', paths: ["/a", "/b"], gone: undefined })).toBe(
      'optave retry transport=ws retry=1 delayMs=5 note="a \\"b\\" = c" paths=/a,/b'
    )
  })

  it("writes at and above the level only; below it the writer is absent (a silent level costs no string and no object)", () => {
    const { logger, events } = recordingLogger()
    const log = makeClientLog(logger, "info")
    expect(log.debug).toBeUndefined()
    let built = false
    log.debug?.("resend", ((built = true), { correlationId: "c" }))
    expect(built).toBe(false)
    log.info?.("connect", { connection: 1 })
    log.error?.("give-up", { code: "X" })
    expect(events()).toEqual(["connect", "give-up"])
    const off = makeClientLog(logger, "off")
    expect([off.debug, off.info, off.warn, off.error]).toEqual([undefined, undefined, undefined, undefined])
  })

  it("defaults to `warn` on console, and a logger that throws does not break the caller", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {})
    try {
      const log = makeClientLog(undefined, undefined)
      expect(log.info).toBeUndefined()
      log.warn?.("token-failed", { code: "TOKEN_TIMEOUT" })
      expect(warn).toHaveBeenCalledWith("optave token-failed code=TOKEN_TIMEOUT", { event: "token-failed", code: "TOKEN_TIMEOUT" })
    } finally {
      warn.mockRestore()
    }
    const throwing = makeClientLog({ ...console, error: () => { throw new Error("sink down") } }, "error")
    expect(() => throwing.error?.("give-up", {})).not.toThrow()
  })

  it("a request that goes well, at the default level, calls the logger not once", async () => {
    const calls: Array<string> = []
    const spy = { debug: () => void calls.push("debug"), info: () => void calls.push("info"), warn: () => void calls.push("warn"), error: () => void calls.push("error") }
    const fake = makeFakePlatform({
      onSend: (socket, frame) =>
        queueMicrotask(() => {
          for (const superpower of superpowers) socket.receive(event(frame.headers.correlationId, superpower, "completed"))
        })
    })
    const client = createClientWith(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, tokenProvider: () => "t", logger: spy })
    await Promise.all(Array.from({ length: 20 }, () => client.insights(insightsExample)))
    await client.close()
    expect(calls).toEqual([])
  })

  it("refuses a logger without the four methods and an unknown level, before any connection", () => {
    const fake = makeFakePlatform()
    const base = { urls: { ws: "ws://127.0.0.1:1" }, token: "t" }
    expect(() => createClientWith(fake.platform, { ...base, logger: { info: () => {} } as never })).toThrow(ConfigError)
    expect(() => createClientWith(fake.platform, { ...base, logLevel: "verbose" as never })).toThrow(/logLevel/u)
    expect(fake.sockets).toHaveLength(0)
  })

  it("OPTAVE_LOG gives logLevel through configFromEnv; an explicit logLevel wins", () => {
    const env = (name: string) => ({ OPTAVE_LOG: "debug" })[name]
    expect(configFromEnvironment({ token: "t" }, env).logLevel).toBe("debug")
    expect(configFromEnvironment({ token: "t", logLevel: "off" }, env).logLevel).toBe("off")
    expect(configFromEnvironment({ token: "t" }, () => undefined).logLevel).toBeUndefined()
  })
})

describe("a reconnect-and-retry scenario, at debug", () => {
  it("writes each step once, in order, with its cause and delay", async () => {
    let frames = 0
    let tokens = 0
    const fake = makeFakePlatform({
      onSend: (socket: FakeSocket, frame) =>
        queueMicrotask(() => {
          const correlationId = frame.headers.correlationId as string
          frames++
          // 1st write: the network drops. 2nd (the resend): busy. 3rd (the retry): answered.
          if (frames === 1) return socket.drop()
          for (const superpower of superpowers) {
            socket.receive(documentedEvent(correlationId, superpower, "started", ""))
            socket.receive(
              frames === 2
                ? documentedEvent(correlationId, superpower, "error", "busy, try later", "RATE_LIMITED")
                : documentedEvent(correlationId, superpower, "completed", `${superpower} ok`)
            )
          }
        })
    })
    const { logger, lines } = recordingLogger()
    const config: ClientConfig = {
      urls: { ws: "ws://127.0.0.1:1" },
      tokenProvider: () => `provider-token-${++tokens}`,
      reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
      retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 40 },
      logger,
      logLevel: "debug"
    }
    const correlationId = "0197a000-0000-7000-8000-00000000c0de"
    await withClient(fake.platform, config, (client) =>
      Effect.gen(function* () {
        const result = yield* client.collect("insights", insightsExample, { correlationId })
        expect(result.superpowers.sentiment_analysis.state).toBe("completed")
        const socket = fake.sockets[1]!
        // A frame the schema refuses (its `state` is a number), then a new result after the end.
        socket.receive({ action: "superpower", actionType: "sentiment_analysis", state: 42, correlationId, message: { results: [{ response: [{ content: "frame content" }] }] } })
        socket.receive(event(correlationId, "performance_criteria", "completed", "a second criterion"))
      })
    )
    const written = lines.map(({ level, line }) => `${level} ${line}`)
    expect(written).toEqual([
      "debug optave token-fetch source=provider use=socket lifetimeMs=300000",
      "info optave connect connection=1 failures=0",
      expect.stringMatching(/^info optave disconnect connection=1 code=1006 uptimeMs=\d+$/u),
      // The connection delivered nothing: a failed attempt (1), waited floor(0.5 x 20) ms.
      "info optave reconnect failures=1 delayMs=10 cause=closed-unstable code=1006",
      "debug optave token-fetch source=provider use=socket lifetimeMs=300000",
      "info optave connect connection=2 failures=1",
      `debug optave resend correlationId=${correlationId} connection=2`,
      // Every superpower busy: resent after floor(0.5 x 10) ms.
      `info optave retry transport=ws correlationId=${correlationId} retry=1 delayMs=5 error=busy code=RATE_LIMITED`,
      "warn optave frame-refused code=INVALID_FRAME paths=state issues=1",
      `info optave late-result correlationId=${correlationId} superpower=performance_criteria state=completed`
    ])
    // The same facts as objects, for JSON loggers.
    expect(lines[3]!.fields).toEqual({ event: "reconnect", failures: 1, delayMs: 10, cause: "closed-unstable", code: 1006 })
    for (const { line } of lines) {
      expect(line).not.toMatch(/provider-token|frame content|second criterion|busy, try later/u)
    }
  })

  it("a refused connection attempt is a reconnect with its error code, and running out of attempts a give-up", async () => {
    const fake = makeFakePlatform({ onOpen: (socket) => queueMicrotask(() => socket.refuse(503)) })
    const { logger, lines } = recordingLogger()
    await withClient(fake.platform, { urls: { ws: "ws://127.0.0.1:1" }, token: "t", reconnect: { maxAttempts: 2, baseDelayMs: 8, maxDelayMs: 100 }, logger, logLevel: "info" }, (client) =>
      Effect.flip(client.collect("insights", insightsExample))
    )
    expect(lines.map(({ level, line }) => `${level} ${line}`)).toEqual([
      "info optave reconnect failures=1 delayMs=4 cause=connect-failed error=TransportError code=CONNECT_FAILED status=503",
      "info optave reconnect failures=2 delayMs=8 cause=connect-failed error=TransportError code=CONNECT_FAILED status=503",
      "error optave give-up error=TransportError code=CONNECT_FAILED status=503"
    ])
  })
})

describe("REST retries and token refreshes", () => {
  const completed = () => new Response(JSON.stringify(superpowers.map((superpower) => documentedEvent("", superpower, "completed", "ok"))), { status: 200 })
  const tokenAnswer = (token: string, expiresIn: number) =>
    new Response(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: expiresIn }), { headers: { "content-type": "application/json" } })
  const restConfig = (logger: ClientConfig["logger"]): ClientConfig => ({
    urls: { rest: "http://127.0.0.1:1" },
    transport: "rest",
    clientId: "log-client",
    clientSecret: "log-client-secret",
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 40 },
    logger,
    logLevel: "debug"
  })

  it("a retry line per retry that happens: the server's wait, or the backoff; none for a refusal that is not retried", async () => {
    const answers = [
      () => new Response("{}", { status: 503, headers: { "retry-after-ms": "7" } }),
      () => new Response("{}", { status: 500 }),
      completed,
      () => new Response("{}", { status: 500 }),
      () => new Response("{}", { status: 500 }),
      () => new Response("{}", { status: 500 }),
      () => new Response("{}", { status: 400 })
    ]
    const fake = makeFakePlatform({
      fetch: async (url) => (url.includes("/token") ? tokenAnswer("rest-token-1", 3600) : answers.shift()!())
    })
    const { logger, lines } = recordingLogger()
    await withClient(fake.platform, restConfig(logger), (client) =>
      Effect.gen(function* () {
        yield* client.collect("insights", insightsExample, { correlationId: "rest-1" })
        // Three 500s: the first attempt and two retries, then the retries run out.
        yield* Effect.flip(client.collect("insights", insightsExample, { correlationId: "rest-2" }))
        // 400 is not retried.
        yield* Effect.flip(client.collect("insights", insightsExample, { correlationId: "rest-3" }))
      })
    )
    expect(lines.filter(({ fields }) => fields.event === "retry").map(({ line }) => line)).toEqual([
      "optave retry transport=rest correlationId=rest-1 retry=1 delayMs=7 error=TransportError code=HTTP_STATUS status=503 retryAfterMs=7",
      "optave retry transport=rest correlationId=rest-1 retry=2 delayMs=10 error=TransportError code=HTTP_STATUS status=500",
      "optave retry transport=rest correlationId=rest-2 retry=1 delayMs=5 error=TransportError code=HTTP_STATUS status=500",
      "optave retry transport=rest correlationId=rest-2 retry=2 delayMs=10 error=TransportError code=HTTP_STATUS status=500"
    ])
  })

  it("the first token is a fetch; a rejected or expired one a refresh, with why; none shows the token or the secret", async () => {
    let issued = 0
    let messages = 0
    const fake = makeFakePlatform({
      fetch: async (url) => {
        // A 1 s token is used for half its life (a short-lived token is refreshed at 50%).
        if (url.includes("/token")) return tokenAnswer(`rest-token-${++issued}`, 1)
        // The first token is refused once (401): the client refreshes it and tries again.
        return ++messages === 1 ? new Response("{}", { status: 401 }) : completed()
      }
    })
    const { logger, lines } = recordingLogger()
    await withClient(fake.platform, restConfig(logger), (client) =>
      Effect.gen(function* () {
        yield* client.collect("insights", insightsExample)
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 600)))
        yield* client.collect("insights", insightsExample)
      })
    )
    expect(lines.filter(({ fields }) => String(fields.event).startsWith("token")).map(({ line }) => line)).toEqual([
      "optave token-fetch source=endpoint use=rest lifetimeMs=1000",
      "optave token-refresh source=endpoint use=rest why=rejected lifetimeMs=1000",
      "optave token-refresh source=endpoint use=rest why=expired lifetimeMs=1000"
    ])
    expect(issued).toBe(3)
    for (const { line, fields } of lines) {
      expect(line + JSON.stringify(fields)).not.toMatch(/rest-token|log-client-secret/u)
    }
  })
})

describe("the Effect API", () => {
  it("without a `logger`, lines go to Effect's logger at their level, the fields as annotations", async () => {
    const seen: Array<{ level: string; message: unknown; annotations: Record<string, unknown> }> = []
    const capture = Logger.make(({ logLevel, message, fiber }) => {
      seen.push({ level: logLevel, message, annotations: { ...fiber.getRef(References.CurrentLogAnnotations) } })
    })
    const fake = makeFakePlatform({
      onSend: (socket, frame) =>
        queueMicrotask(() => {
          for (const superpower of superpowers) socket.receive(event(frame.headers.correlationId, superpower, "completed"))
        })
    })
    const program = Effect.gen(function* () {
      const client = yield* OptaveClient
      yield* client.collect("insights", insightsExample)
    }).pipe(
      Effect.provide(layer({ urls: { ws: "ws://127.0.0.1:1" }, token: "t", logLevel: "info" }).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform)))),
      Effect.provide(Logger.layer([capture])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
    await Effect.runPromise(program)
    // `info`: the connect line, and no debug line (the token fetch) although Effect would take it.
    expect(seen).toEqual([{ level: "Info", message: ["optave connect connection=1 failures=0"], annotations: { event: "connect", connection: 1, failures: 0 } }])
  })
})
