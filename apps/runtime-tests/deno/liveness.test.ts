// The liveness scenario (scenario/run-liveness.ts) in real Deno, offline: Deno's WebSocket has no
// protocol ping, so only the client's liveness rule can find a connection silenced without FIN or
// RST. The script prints its report after `client.close()`. Deno's WebSocket has no terminate and
// no unref, and its close() waits for the peer's answer (denoland/deno#36337): the silenced
// connection the client dropped keeps the process alive as long as its TCP connection lasts (more
// than 5 minutes measured with Deno 2.9). The client itself must hold nothing: once that TCP
// connection ends (as the network's own timeout would end it), the process ends at once.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { LivenessReport } from "../scenario/run-liveness.ts"
import { expectLiveness } from "../support/expect-liveness.ts"
import { startLivenessServers } from "../support/liveness-servers.ts"
import { denoBinary } from "../support/runtime-binaries.ts"

const here = fileURLToPath(new URL(".", import.meta.url))
/** How long the process may live once it printed its report (the client is closed by then). */
const EXIT_LIMIT_MS = 2_000

let servers: Awaited<ReturnType<typeof startLivenessServers>>
let run: { report: LivenessReport; exitedAfterMs: number | undefined; exitedOnceTcpEndedMs: number | undefined; stderr: string }

beforeAll(async () => {
  servers = await startLivenessServers()
  const args = ["run", "--no-remote", "--cached-only", "--allow-net=127.0.0.1", "--allow-env=OPTAVE_TOKEN", "liveness.ts", servers.proxy.url, servers.server.restUrl, servers.proxy.controlUrl]
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1", OPTAVE_TOKEN: "deno-token" }
  const child = spawn(denoBinary(), args, { cwd: here, env, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  const report = await new Promise<LivenessReport>((resolve, reject) => {
    const limit = setTimeout(() => reject(new Error(`no report from Deno in 60 s:\n${stdout}\n${stderr}`)), 60_000)
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"))
      if (line === undefined) return
      clearTimeout(limit)
      resolve(JSON.parse(line) as LivenessReport)
    })
    void exited.then(() => setTimeout(() => reject(new Error(`Deno exited without a report:\n${stdout}\n${stderr}`)), 100))
  })
  const reportedAt = performance.now()
  const exitWithin = (ms: number) => Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), ms))])
  const ended = await exitWithin(EXIT_LIMIT_MS + 1_000)
  const exitedAfterMs = ended ? performance.now() - reportedAt : undefined
  let exitedOnceTcpEndedMs: number | undefined
  if (!ended) {
    // Ends the silenced TCP connection (and every other the proxy holds), as the network would.
    const tcpEndedAt = performance.now()
    await servers.proxy.close()
    if (await exitWithin(EXIT_LIMIT_MS + 1_000)) exitedOnceTcpEndedMs = performance.now() - tcpEndedAt
    else child.kill("SIGKILL")
  }
  run = { report, exitedAfterMs, exitedOnceTcpEndedMs, stderr }
}, 90_000)
afterAll(() => servers?.close())

it("Deno: a connection silenced without FIN or RST is found within twice the liveness window, its requests resent once", () => {
  console.info(`[deno liveness] ${JSON.stringify(run.report)}`)
  expectLiveness(run.report, servers.server, servers.proxy)
})

it("Deno: after close(), the client holds nothing: the process ends by itself, or (no terminate in Deno) once the unanswered connection's TCP ends", () => {
  console.info(`[deno liveness] exit after close(): ${run.exitedAfterMs === undefined ? `not within ${EXIT_LIMIT_MS + 1_000} ms; ${run.exitedOnceTcpEndedMs === undefined ? "still alive" : `${Math.round(run.exitedOnceTcpEndedMs)} ms`} after the silenced TCP connection ended` : `${Math.round(run.exitedAfterMs)} ms`}`)
  const exitMs = run.exitedAfterMs ?? run.exitedOnceTcpEndedMs
  expect(exitMs, "the Deno process outlived the client's close() and its last TCP connection: something of the client still runs").toBeDefined()
  expect(exitMs!).toBeLessThanOrEqual(EXIT_LIMIT_MS)
})
