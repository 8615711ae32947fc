import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { binary, runOptave } from "./support/optave-process.ts"

describe("optave mock-server", { timeout: 60_000 }, () => {
  it("prints its URLs and a sample command that works, and closes cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [binary, "mock-server", "--port", "0", "--latency", "1", "--seed", "3"], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const sample = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString()
        const match = /^ {2}(optave insights payload\.json .*)$/mu.exec(output)
        if (match?.[1] !== undefined && output.includes("Ctrl+C")) resolve(match[1])
      })
      child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${output}`)))
    })
    expect(output).toMatch(/WebSocket +ws:\/\/127\.0\.0\.1:\d+/u)
    expect(output).toMatch(/REST +http:\/\/127\.0\.0\.1:\d+\/message\/\{action\}/u)
    expect(output).toMatch(/OAuth2 +http:\/\/127\.0\.0\.1:\d+\/auth\/oauth2\/token/u)
    // No --auth-url: the CLI looks for the token endpoint where the client does, under the REST URL.
    expect(sample).toMatch(/--ws-url ws:\/\/127\.0\.0\.1:\d+ --rest-url http:\/\/127\.0\.0\.1:\d+ --client-id demo-client --client-secret demo-secret$/u)

    // The printed sample command, run as printed, against the server.
    const example = await runOptave(["example", "insights"])
    const args = sample.split(" ").slice(1)
    const run = await runOptave(args.map((arg) => (arg === "payload.json" ? "-" : arg)), { input: example.stdout })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("insights sentiment_analysis completed")

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
    expect(output).toContain("SIGTERM: closing")
    expect(output).toContain("closed")
  }, 30_000)
})
