import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url))

describe("optave-mock-server CLI", () => {
  it("prints its URLs and a sample command, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0", "--latency", "0", "--fail-rate", "0"], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const restUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString()
        const match = /REST\s+(http:\/\/127\.0\.0\.1:\d+)\/message/u.exec(output)
        if (match?.[1] !== undefined && output.includes("Ctrl+C")) resolve(match[1])
      })
      child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${output}`)))
    })
    expect(output).toMatch(/WebSocket\s+ws:\/\/127\.0\.0\.1:\d+/u)
    // One token URL everywhere: the documented path under the REST URL, where the client looks by default.
    expect(output).toMatch(/OAuth2\s+http:\/\/127\.0\.0\.1:\d+\/auth\/oauth2\/token/u)
    expect(output).toMatch(/export OPTAVE_WS_URL=ws:\/\/127\.0\.0\.1:\d+ OPTAVE_REST_URL=http:\/\/127\.0\.0\.1:\d+ OPTAVE_CLIENT_ID=demo-client OPTAVE_CLIENT_SECRET=demo-secret$/mu)
    expect(output).not.toContain("/oauth/token")
    expect(output).toContain("curl")
    const token = await fetch(`${restUrl}/auth/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"
    })
    expect(token.status).toBe(200)
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  })

  it("refuses an invalid option value", async () => {
    const child = spawn(process.execPath, [cli, "--fail-rate", "2"], { stdio: ["ignore", "pipe", "pipe"] })
    let errors = ""
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)))
    expect(code).toBe(2)
    expect(errors).toContain("--fail-rate")
  })
})
