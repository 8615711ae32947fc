import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { insightsExample } from "@org/optave-schema"
import { networkInterfaces } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runOptave, scratchDirectory } from "./support/optave-process.ts"

// A plain ws:// URL to a host that is not loopback: refused unless asked for, as the library's
// `allowInsecure`, with a flag the command line actually has.
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry !== undefined && entry.family === "IPv4" && !entry.internal)?.address

let server: MockServer | undefined
beforeAll(async () => {
  if (lanAddress !== undefined) server = await startMockServer({ latencyMs: 1, host: lanAddress })
})
afterAll(async () => {
  await server?.close()
})

const files = { "insights.json": JSON.stringify(insightsExample) }

describe("--allow-insecure", { timeout: 60_000 }, () => {
  it("without it, ws:// to a non-loopback host is a configuration error that names the flag", async () => {
    const run = await runOptave(["insights", "insights.json", "--ws-url", "ws://10.0.0.1:4010", "--token", "t"], { cwd: scratchDirectory(files) })
    expect(run.code).toBe(7)
    expect(run.stderr).toContain("urls.ws")
    expect(run.stderr).toContain("--allow-insecure")
  })

  it.skipIf(lanAddress === undefined)("with it, the request goes to the plain ws:// server on the network address", async () => {
    const run = await runOptave(["insights", "insights.json", "--ws-url", server!.wsUrl, "--token", "t", "--allow-insecure"], {
      cwd: scratchDirectory(files)
    })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    expect(server!.wsUrl).not.toContain("127.0.0.1")
    expect(server!.engine.requests("insights")).toHaveLength(1)
  })

  it.skipIf(lanAddress === undefined)("OPTAVE_ALLOW_INSECURE=1 does the same from the environment", async () => {
    const run = await runOptave(["insights", "insights.json", "--ws-url", server!.wsUrl, "--token", "t"], {
      cwd: scratchDirectory(files),
      env: { OPTAVE_ALLOW_INSECURE: "1" }
    })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
  })
})
