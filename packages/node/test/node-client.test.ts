import { elevateExample, insightsExample } from "@org/optave-schema"
import { spawnSync } from "node:child_process"
import { inspect } from "node:util"
import { describe, expect, it } from "vitest"
import { actionCatalog, actionNames, createClient } from "../src/index.ts"
import { connect, serve } from "./support/loopback.ts"
import { anyActionPayload } from "@org/optave-test-fixtures"

describe("@org/optave-node against the local mock server", () => {
  it("200 concurrent requests of mixed actions on one socket each receive exactly their own events", async () => {
    const server = await serve({ interleave: true, latencyMs: 3, seed: 7 })
    const client = connect(server)
    const actions = actionNames.filter((name) => name !== "customerinteraction")
    const jobs = Array.from({ length: 200 }, (_, i) => {
      const action = actions[i % actions.length]!
      // The correlation id is passed explicitly (by default it is a fresh UUID v7, not the requestId).
      return { action, id: `req-${i}`, promise: client[action](anyActionPayload(`req-${i}`), { correlationId: `req-${i}` }) }
    })
    const results = await Promise.all(jobs.map((job) => job.promise))
    results.forEach((result, i) => {
      const job = jobs[i]!
      expect(result.correlationId).toBe(job.id)
      expect(result.events.every((event) => event.correlationId === job.id)).toBe(true)
      expect(Object.keys(result.superpowers).sort()).toEqual([...actionCatalog[job.action].superpowers].sort())
      for (const outcome of Object.values(result.superpowers)) expect(outcome.state).toBe("completed")
    })
    expect(client.stats()).toMatchObject({ connects: 1, unrouted: 0, protocolErrors: 0 })
    // The server saw each request once and interleaved the answers.
    expect(server.engine.requests()).toHaveLength(200)
  })

  it("REST and WebSocket give the same collected results", async () => {
    const server = await serve({ seed: 3 })
    const client = connect(server)
    const overSocket = await client.insights(insightsExample, { idempotencyKey: "same-work-1" })
    server.engine.reset()
    const overRest = await client.insights(insightsExample, { transport: "rest", idempotencyKey: "same-work-1" })
    expect(overRest.superpowers).toEqual(overSocket.superpowers)
    const elevateSocket = await client.elevate(elevateExample, { idempotencyKey: "same-work-2" })
    server.engine.reset()
    const elevateRest = await client.elevate(elevateExample, { transport: "rest", idempotencyKey: "same-work-2" })
    expect(elevateRest.superpowers).toEqual(elevateSocket.superpowers)
  })

  it("a wrong token is refused by the server and surfaces as AuthError (WebSocket and REST)", async () => {
    const server = await serve({ tokens: ["the-right-token"] })
    const client = connect(server, { clientId: undefined, clientSecret: undefined, authenticationUrl: undefined, token: "a-wrong-token" })
    await expect(client.insights(insightsExample)).rejects.toMatchObject({ _tag: "AuthError", category: "AUTHENTICATION" })
    await expect(client.elevate(elevateExample, { transport: "rest" })).rejects.toMatchObject({ _tag: "AuthError" })
    const good = connect(server, { clientId: undefined, clientSecret: undefined, authenticationUrl: undefined, token: "the-right-token" })
    await expect(good.elevate(elevateExample)).resolves.toMatchObject({ action: "elevate" })
  })

  it("wrong client credentials surface as AuthError from the token endpoint", async () => {
    const server = await serve()
    const client = connect(server, { clientSecret: "not-the-secret", retry: { maxRetries: 0 } })
    const error = await client.elevate(elevateExample, { transport: "rest" }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ _tag: "AuthError", code: "TOKEN_ENDPOINT_FAILED" })
    expect(String(error)).not.toContain("not-the-secret")
  })

  it("a superpower in error state is an outcome carrying the server's message, listed as a RemoteError", async () => {
    const server = await serve()
    server.engine.use({ action: "elevate", error: { message: "Error while fetching results", code: "PROCESSING_FAILED" } })
    const client = connect(server)
    for (const transport of ["ws", "rest"] as const) {
      const result = await client.elevate(elevateExample, { transport })
      expect(result.superpowers.improve_answer).toMatchObject({ state: "error", error: { message: "Error while fetching results", code: "PROCESSING_FAILED" } })
      expect(result.errors).toMatchObject([{ _tag: "RemoteError", superpower: "improve_answer", reason: "Error while fetching results", code: "PROCESSING_FAILED" }])
    }
  })

  it("a dropped connection mid-stream is resent and every event arrives exactly once", async () => {
    const server = await serve({ latencyMs: 5 })
    server.engine.use({ action: "insights", drop: { afterFrames: 2, times: 1 } })
    const client = connect(server, { reconnect: { baseDelayMs: 10 } })
    const events = []
    for await (const event of client.stream.insights(insightsExample)) events.push(`${event.actionType}:${event.state}`)
    expect(new Set(events).size).toBe(events.length)
    expect(events.filter((event) => event.endsWith(":completed")).sort()).toEqual(["performance_criteria:completed", "sentiment_analysis:completed"])
    expect(client.stats()).toMatchObject({ reconnects: 1, resends: 1 })
    expect(server.engine.stats().executions).toBe(1)
  })

  it("an invalid payload rejects with ValidationError naming the path and opens no connection", async () => {
    const server = await serve()
    const client = connect(server)
    const payload = { ...elevateExample, request: { ...elevateExample.request, attributes: { variant: "A" } } }
    const error = await client.elevate(payload as never).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ _tag: "ValidationError", category: "VALIDATION" })
    expect((error as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toContain("request.attributes.content")
    expect(server.connections()).toBe(0)
    expect(server.engine.requests()).toHaveLength(0)
  })

  it("an AbortSignal rejects the call with a CANCELLED TransportError", async () => {
    const server = await serve({ latencyMs: 200 })
    const client = connect(server)
    const controller = new AbortController()
    const pending = client.insights(insightsExample, { signal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    await expect(pending).rejects.toMatchObject({ _tag: "TransportError", code: "CANCELLED" })
  })

  it("close() settles pending requests with CLIENT_CLOSED", async () => {
    const server = await serve({ latencyMs: 500 })
    const client = connect(server)
    const pending = client.insights(insightsExample)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await client.close()
    await expect(pending).rejects.toMatchObject({ _tag: "TransportError", code: "CLIENT_CLOSED" })
  })

  it("secrets never appear in String(err), JSON.stringify(client) or util.inspect(client)", async () => {
    const server = await serve()
    const client = connect(server, { clientSecret: "super-secret-value" })
    expect(JSON.stringify(client)).not.toContain("super-secret-value")
    expect(inspect(client, { depth: 10 })).not.toContain("super-secret-value")
    const error = await client.elevate(elevateExample, { transport: "rest" }).catch((caught: unknown) => caught)
    expect(String(error)).not.toContain("super-secret-value")
    expect(inspect(error, { depth: 10 })).not.toContain("super-secret-value")
  })

  it("refuses hostile tenants and insecure URLs with ConfigError before any connection", () => {
    for (const tenant of ["evil.com/x", "a@b", "..", "with space", "%2f", "tеnant" /* Cyrillic е */, ""]) {
      expect(() => createClient({ tenant, tld: "tech", token: "t" })).toThrow(expect.objectContaining({ _tag: "ConfigError", field: "tenant" }))
    }
    for (const tld of ["com/", "co..uk", "a b", "com:443"]) {
      expect(() => createClient({ tenant: "acme", tld, token: "t" })).toThrow(expect.objectContaining({ _tag: "ConfigError", field: "tld" }))
    }
    expect(() => createClient({ urls: { ws: "ws://example.com" }, token: "t" })).toThrow(expect.objectContaining({ _tag: "ConfigError" }))
    expect(() => createClient({ urls: { ws: "ws://example.com" }, token: "t", allowInsecure: true })).not.toThrow()
  })

  it("OPTAVE_LOG in the process environment, through configFromEnv, sets the level of the lines on console", () => {
    const script = `
      const { startMockServer } = await import("@org/optave-mock-server")
      const { configFromEnv, createClient } = await import("@org/optave-node")
      const { insightsExample } = await import("@org/optave-schema")
      const server = await startMockServer({ port: 0, latencyMs: 1 })
      const client = createClient(configFromEnv({ urls: { ws: server.wsUrl, rest: server.restUrl }, clientId: "demo-client", clientSecret: "demo-secret", authenticationUrl: server.authUrl }))
      await client.insights(insightsExample)
      // The second request is written at once on the open socket, which then drops: it is resent.
      const second = client.insights(insightsExample)
      client.dropConnection()
      await second
      await client.close(); await server.close()`
    const run = (level: string | undefined) =>
      spawnSync(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], {
        cwd: new URL("..", import.meta.url).pathname,
        encoding: "utf8",
        timeout: 20_000,
        env: { ...process.env, OPTAVE_LOG: level }
      })
    const lines = (output: string) => output.split("\n").filter((line) => line.startsWith("optave ")).map((line) => line.split(" ")[1])
    const info = run("info")
    expect(info.status).toBe(0)
    // console.info and console.debug write to stdout, console.warn and console.error to stderr.
    expect(lines(info.stdout)).toEqual(["connect", "disconnect", "reconnect", "connect"])
    const debug = run("debug")
    expect(lines(debug.stdout)).toEqual(["token-fetch", "connect", "disconnect", "reconnect", "token-fetch", "connect", "resend"])
    expect(debug.stdout).not.toMatch(/demo-secret|mock\./u)
    const quiet = run(undefined)
    expect(lines(quiet.stdout + quiet.stderr)).toEqual([])
  })

  it("works over the global WebSocket end to end", () => {
    const script = `
      const { startMockServer } = await import("@org/optave-mock-server")
      const { createClient } = await import("@org/optave-node")
      const { insightsExample } = await import("@org/optave-schema")
      const server = await startMockServer({ port: 0, latencyMs: 1 })
      const client = createClient({ urls: { ws: server.wsUrl }, token: "t" })
      const result = await client.insights(insightsExample)
      console.log(JSON.stringify(Object.keys(result.superpowers).sort()))
      await client.close(); await server.close()`
    const run = spawnSync(process.execPath, ["--experimental-websocket", "--no-warnings", "--input-type=module", "-e", script], {
      cwd: new URL("..", import.meta.url).pathname,
      encoding: "utf8",
      timeout: 20_000
    })
    expect(run.stderr).toBe("")
    expect(JSON.parse(run.stdout)).toEqual(["performance_criteria", "sentiment_analysis"])
  })
})
