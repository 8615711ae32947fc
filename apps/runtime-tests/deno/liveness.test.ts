// The liveness scenario (scenario/run-liveness.ts) in real Deno, offline: Deno's WebSocket has no
// protocol ping, so only the client's liveness rule can find a connection silenced without FIN or
// RST. The script prints its report after `client.close()`; the process must then end by itself,
// although the silenced connection's peer never answers the close.
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
let run: { report: LivenessReport; exitedAfterMs: number | undefined; stderr: string }

beforeAll(async () => {
  servers = await startLivenessServers()
  const args = ["run", "--no-remote", "--cached-only", "--allow-net=127.0.0.1", "--allow-env=OPTAVE_TOKEN", "liveness.ts", servers.proxy.wsUrl, servers.server.restUrl, servers.proxy.controlUrl]
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
  const ended = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), EXIT_LIMIT_MS + 1_000))])
  const exitedAfterMs = ended ? performance.now() - reportedAt : undefined
  if (!ended) child.kill("SIGKILL")
  run = { report, exitedAfterMs, stderr }
}, 90_000)
afterAll(() => servers?.close())

it("Deno: a connection silenced without FIN or RST is found within twice the liveness window, its requests resent once", () => {
  console.info(`[deno liveness] ${JSON.stringify(run.report)}`)
  expectLiveness(run.report, servers.server, servers.proxy)
})

it("Deno: after close(), the process ends by itself although the silenced peer never answers the close", () => {
  expect(run.exitedAfterMs, `the Deno process was still alive ${EXIT_LIMIT_MS + 1_000} ms after close() resolved`).toBeDefined()
  expect(run.exitedAfterMs!).toBeLessThanOrEqual(EXIT_LIMIT_MS)
})
