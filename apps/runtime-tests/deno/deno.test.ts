// Real Deno (the `deno` npm package's binary), offline: no remote modules, only what the
// workspace's node_modules holds (deno.json: nodeModulesDir "manual"). The script imports
// @org/optave-deno, runs the scenario and prints the JSON report.
import type { MockServer } from "@org/optave-mock-server"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, expect, it } from "vitest"
import type { ScenarioReport } from "../scenario/run-scenario.ts"
import { expectScenario } from "../support/expect-report.ts"
import { denoBinary } from "../support/runtime-binaries.ts"
import { startScenarioServer } from "../support/scenario-server.ts"

const here = fileURLToPath(new URL(".", import.meta.url))

let server: MockServer
beforeAll(async () => {
  server = await startScenarioServer()
})
afterAll(() => server?.close())

const runDeno = (args: ReadonlyArray<string>, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    // The environment is built from scratch: nothing of ours leaks in, and no prompt can block.
    const baseEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" }
    execFile(denoBinary(), [...args], { cwd: here, env: { ...baseEnv, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`deno ${args.join(" ")} failed: ${error.message}\n${stderr}`)) : resolve({ stdout, stderr })
    )
  })

it("Deno: the scenario through @org/optave-deno, token from OPTAVE_TOKEN, offline", async () => {
  const { stdout } = await runDeno(
    ["run", "--no-remote", "--cached-only", "--allow-net=127.0.0.1", "--allow-env=OPTAVE_TOKEN", "scenario.ts", server.wsUrl, server.restUrl],
    // OPTAVE_TENANT is set but not granted: the adapter must skip it without prompting (DENO_NO_PROMPT would fail a prompt).
    { OPTAVE_TOKEN: "deno-token", OPTAVE_TENANT: "not granted" }
  )
  const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as ScenarioReport
  console.info(`[deno] ${JSON.stringify(report)}`)
  expectScenario(report, server, { platform: "deno", seesUpgradeStatus: false, isBrowserLike: false, codeFromStringsBlocked: false })
  // The token reached the server from the environment.
  expect(server.engine.requests("elevate")[0]?.headers).toMatchObject({ authorization: "Bearer deno-token" })
})
