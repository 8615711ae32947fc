import { actionNames } from "@org/optave-node"
import { describe, expect, it } from "vitest"
import { runOptave } from "./support/optave-process.ts"

describe("optave --help", { timeout: 60_000 }, () => {
  it("lists every command, every action, the connection variables and the exit codes", async () => {
    const run = await runOptave(["--help"])
    expect(run.code).toBe(0)
    for (const command of ["validate", "example", "mock-server", "demo"]) expect(run.stdout).toContain(`optave ${command}`)
    for (const action of actionNames) expect(run.stdout).toMatch(new RegExp(`^  ${action} `, "mu"))
    for (const variable of ["OPTAVE_TENANT", "OPTAVE_TLD", "OPTAVE_TOKEN", "OPTAVE_CLIENT_ID", "OPTAVE_CLIENT_SECRET", "OPTAVE_AUTH_URL", "OPTAVE_WS_URL", "OPTAVE_REST_URL", "OPTAVE_CREDENTIALS_TRANSPORT", "OPTAVE_LOG"]) {
      expect(run.stdout).toContain(variable)
    }
    for (const [code, meaning] of [["2", "usage"], ["3", "validation"], ["4", "authentication"], ["5", "remote"], ["6", "transport"], ["7", "configuration"]]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${code}  ${meaning}`, "mu"))
    }
    expect(run.stdout).toContain("Examples:")
    for (const flag of ["--auth-url", "--credentials-transport", "--log-level"]) expect(run.stdout).toContain(flag)
    expect(run.stdout).toContain("/auth/oauth2/token")
  })

  it("prints the version", async () => {
    const run = await runOptave(["--version"])
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/u)
  })

  it.each(["validate", "example", "mock-server", "demo"])("has help for %s, with examples", async (command) => {
    const run = await runOptave([command, "--help"])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`optave ${command}`)
    expect(run.stdout).toContain("Usage:")
    expect(run.stdout).toMatch(/Examples:\n {2}optave /u)
    expect((await runOptave(["help", command])).stdout).toBe(run.stdout)
  })

  it.each(actionNames)("has help for the %s action: transports, --json, exit codes, examples", async (action) => {
    const run = await runOptave([action, "-h"])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`optave ${action} <payload.json|->`)
    expect(run.stdout).toContain("--transport ws|rest")
    expect(run.stdout).toContain("--json")
    expect(run.stdout).toContain("Exit codes:")
    expect(run.stdout).toContain(`optave ${action} ${action}.json`)
  })

  it("prints the usage on stderr and exits 2 without a command", async () => {
    const run = await runOptave([])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe("")
    expect(run.stderr).toContain("Usage:")
  })
})
