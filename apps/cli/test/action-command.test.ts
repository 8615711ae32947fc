import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ndjsonLines, runOptave, scratchDirectory } from "./support/optave-process.ts"

let server: MockServer
let strictServer: MockServer
let failingServer: MockServer
const files = { "insights.json": JSON.stringify(insightsExample), "elevate.json": JSON.stringify(elevateExample) }

beforeAll(async () => {
  server = await startMockServer({ latencyMs: 5 })
  strictServer = await startMockServer({ latencyMs: 5, tokens: ["the-right-token"] })
  failingServer = await startMockServer({ latencyMs: 5, failRate: 1 })
})
afterAll(async () => {
  await Promise.all([server, strictServer, failingServer].map((each) => each?.close()))
})

const credentialFlags = (target: MockServer) => [
  "--ws-url",
  target.wsUrl,
  "--rest-url",
  target.restUrl,
  "--client-id",
  "demo-client",
  "--client-secret",
  "demo-secret"
]

describe("optave <action> against a running mock server", { timeout: 60_000 }, () => {
  it("prints one plain line per event when stdout is not a terminal, and exits 0", async () => {
    const run = await runOptave(["insights", "insights.json", ...credentialFlags(server)], { cwd: scratchDirectory(files) })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split("\n")
    expect(lines).toHaveLength(4)
    for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
      expect(lines).toContain(`insights ${superpower} started`)
      expect(lines.some((line) => line.startsWith(`insights ${superpower} completed `))).toBe(true)
    }
    expect(run.stdout).toMatch(/^insights sentiment_analysis completed (positive|neutral|negative) [+-]\d\.\d\d$/mu)
    expect(run.stdout).toMatch(/^insights performance_criteria completed empathy=\d+ /mu)
    expect(run.stdout).not.toContain("\u001b[")
  })

  it("--json prints NDJSON only: every line parses, started and completed for each expected superpower", async () => {
    const run = await runOptave(["insights", "insights.json", "--json", ...credentialFlags(server)], { cwd: scratchDirectory(files) })
    expect(run.code).toBe(0)
    const events = ndjsonLines(run.stdout)
    for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
      const states = events.filter((event) => event.actionType === superpower).map((event) => event.state)
      expect(states).toEqual(["started", "completed"])
    }
    expect(events.every((event) => event.action === "superpower")).toBe(true)
  })

  it("sends over REST with --transport rest, reading the payload from standard input", async () => {
    const run = await runOptave(["elevate", "-", "--transport", "rest", "--json", "--rest-url", server.restUrl, "--token", "any-token"], {
      input: JSON.stringify(elevateExample)
    })
    expect(run.code).toBe(0)
    const events = ndjsonLines(run.stdout)
    expect(events.some((event) => event.actionType === "improve_answer" && event.state === "completed")).toBe(true)
    expect(server.engine.requests().some((request) => request.action === "elevate" && request.via === "rest")).toBe(true)
  })

  it("exits 3 on an invalid payload, naming the path, without sending anything", async () => {
    const broken = { request: { ...insightsExample.request, context: {} } }
    const before = server.engine.requests().length
    const run = await runOptave(["insights", "broken.json", ...credentialFlags(server)], { cwd: scratchDirectory({ "broken.json": JSON.stringify(broken) }) })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain("request.context.organizationId")
    expect(run.stderr).toContain("nothing was sent")
    expect(server.engine.requests().length).toBe(before)
  })

  it("exits 3 on a payload that is not JSON", async () => {
    const run = await runOptave(["insights", "-", "--token", "t", "--ws-url", server.wsUrl], { input: "{ not json" })
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/not valid JSON/u)
  })

  it.each(["ws", "rest"])("exits 4 when the server refuses the token (%s)", async (transport) => {
    const run = await runOptave(["insights", "insights.json", "--transport", transport, "--ws-url", strictServer.wsUrl, "--rest-url", strictServer.restUrl, "--token", "a-wrong-token"], {
      cwd: scratchDirectory(files)
    })
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/Authentication failed/u)
    expect(run.stderr).not.toContain("a-wrong-token")
  })

  it("exits 4 when the token endpoint refuses the client secret, and never prints the secret", async () => {
    const flags = credentialFlags(server).map((flag) => (flag === "demo-secret" ? "not-the-demo-secret" : flag))
    const run = await runOptave(["insights", "insights.json", ...flags], { cwd: scratchDirectory(files) })
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/TOKEN_ENDPOINT_FAILED/u)
    expect(run.stdout + run.stderr).not.toContain("not-the-demo-secret")
  })

  it("accepts the right token on a server that restricts tokens", async () => {
    const run = await runOptave(["insights", "insights.json", "--ws-url", strictServer.wsUrl, "--token", "the-right-token"], { cwd: scratchDirectory(files) })
    expect(run.code).toBe(0)
  })

  it("exits 5 when a superpower ends in error, with the service's message and code", async () => {
    const run = await runOptave(["insights", "insights.json", "--ws-url", failingServer.wsUrl, "--token", "t"], { cwd: scratchDirectory(files) })
    expect(run.code).toBe(5)
    expect(run.stdout).toMatch(/^insights performance_criteria error Error while fetching results \(PROCESSING_FAILED\)$/mu)
    expect(run.stderr).toMatch(/superpower (performance_criteria|sentiment_analysis) failed \(PROCESSING_FAILED\)/u)
  })

  it("exits 6 when nothing listens at the endpoint", async () => {
    const closed = await startMockServer({})
    const { wsUrl } = closed
    await closed.close()
    const run = await runOptave(["insights", "insights.json", "--ws-url", wsUrl, "--token", "t"], { cwd: scratchDirectory(files), timeoutMs: 30_000 })
    expect(run.code).toBe(6)
    expect(run.stderr).toMatch(/Transport error \(CONNECT_FAILED\)/u)
  }, 40_000)

  it("exits 7 without an endpoint or without credentials", async () => {
    const noEndpoint = await runOptave(["insights", "insights.json", "--token", "t"], { cwd: scratchDirectory(files) })
    expect(noEndpoint.code).toBe(7)
    expect(noEndpoint.stderr).toMatch(/no endpoint/u)
    const noCredentials = await runOptave(["insights", "insights.json", "--ws-url", server.wsUrl], { cwd: scratchDirectory(files) })
    expect(noCredentials.code).toBe(7)
    expect(noCredentials.stderr).toMatch(/OPTAVE_TOKEN/u)
    const badTenant = await runOptave(["insights", "insights.json", "--tenant", "Not A Label", "--tld", "tech", "--token", "t"], { cwd: scratchDirectory(files) })
    expect(badTenant.code).toBe(7)
    expect(badTenant.stderr).toMatch(/tenant/u)
  })
})

describe("client credentials as the client takes them", { timeout: 60_000 }, () => {
  it("needs no --auth-url: the token endpoint defaults to the documented {REST URL}/auth/oauth2/token", async () => {
    const before = server.engine.tokenRequests().length
    const run = await runOptave(["insights", "insights.json", "--ws-url", server.wsUrl, "--client-id", "demo-client", "--client-secret", "demo-secret"], {
      cwd: scratchDirectory(files)
    })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    expect(server.engine.tokenRequests().length).toBeGreaterThan(before)
  })

  it("--credentials-transport (or OPTAVE_CREDENTIALS_TRANSPORT) chooses how the secret reaches the token endpoint", async () => {
    const viaFlag = await runOptave(["insights", "insights.json", ...credentialFlags(server), "--credentials-transport", "basic"], { cwd: scratchDirectory(files) })
    expect(viaFlag.code).toBe(0)
    expect(server.engine.tokenRequests().at(-1)?.credentialsIn).toBe("basic")
    const viaEnvironment = await runOptave(["insights", "insights.json", ...credentialFlags(server)], {
      cwd: scratchDirectory(files),
      env: { OPTAVE_CREDENTIALS_TRANSPORT: "body" }
    })
    expect(viaEnvironment.code).toBe(0)
    expect(server.engine.tokenRequests().at(-1)?.credentialsIn).toBe("body")
    const wrong = await runOptave(["insights", "insights.json", ...credentialFlags(server), "--credentials-transport", "carrier-pigeon"], { cwd: scratchDirectory(files) })
    expect(wrong.code).toBe(7)
    expect(wrong.stderr).toMatch(/credentialsTransport/u)
  })

  it("--log-level (or OPTAVE_LOG) writes the client's log lines to stderr, never to stdout", async () => {
    const quiet = await runOptave(["insights", "insights.json", "--json", ...credentialFlags(server)], { cwd: scratchDirectory(files) })
    expect(quiet.stderr).toBe("")
    const viaFlag = await runOptave(["insights", "insights.json", "--json", ...credentialFlags(server), "--log-level", "debug"], { cwd: scratchDirectory(files) })
    expect(viaFlag.code).toBe(0)
    expect(viaFlag.stderr).toMatch(/^optave \S+/mu)
    expect(ndjsonLines(viaFlag.stdout).every((event) => event.action === "superpower")).toBe(true)
    const viaEnvironment = await runOptave(["insights", "insights.json", "--json", ...credentialFlags(server)], { cwd: scratchDirectory(files), env: { OPTAVE_LOG: "info" } })
    expect(viaEnvironment.code).toBe(0)
    expect(viaEnvironment.stderr).toMatch(/^optave \S+/mu)
    expect(viaEnvironment.stdout + viaEnvironment.stderr).not.toContain("demo-secret")
  })
})

describe("connection settings: flags, then environment variables, then .env", { timeout: 60_000 }, () => {
  it("reads everything from a .env file in the working directory", async () => {
    const dotenv = [
      `OPTAVE_WS_URL=${server.wsUrl}`,
      "OPTAVE_CLIENT_ID=demo-client",
      'OPTAVE_CLIENT_SECRET="demo-secret"',
      `export OPTAVE_AUTH_URL=${server.tokenUrl} # the mock's token endpoint, where the client looks anyway`
    ].join("\n")
    const run = await runOptave(["insights", "insights.json"], { cwd: scratchDirectory({ ...files, ".env": dotenv }) })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
  })

  it("lets the environment win over .env, and a flag win over the environment", async () => {
    const cwd = scratchDirectory({ ...files, ".env": `OPTAVE_WS_URL=${server.wsUrl}\nOPTAVE_CLIENT_ID=demo-client\nOPTAVE_CLIENT_SECRET=demo-secret\nOPTAVE_AUTH_URL=${server.authUrl}\n` })
    const environmentWins = await runOptave(["insights", "insights.json"], { cwd, env: { OPTAVE_CLIENT_SECRET: "environment-secret" } })
    expect(environmentWins.code).toBe(4)
    expect(environmentWins.stdout + environmentWins.stderr).not.toContain("environment-secret")
    const flagWins = await runOptave(["insights", "insights.json", "--client-secret", "demo-secret"], { cwd, env: { OPTAVE_CLIENT_SECRET: "environment-secret" } })
    expect(flagWins.code).toBe(0)
  })

  it("prefers a --token flag over client credentials from the environment", async () => {
    const run = await runOptave(["insights", "insights.json", "--ws-url", strictServer.wsUrl, "--token", "the-right-token"], {
      cwd: scratchDirectory(files),
      env: { OPTAVE_CLIENT_ID: "demo-client", OPTAVE_CLIENT_SECRET: "wrong", OPTAVE_AUTH_URL: strictServer.authUrl }
    })
    expect(run.code).toBe(0)
  })
})
