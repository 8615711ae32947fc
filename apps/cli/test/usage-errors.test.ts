import { describe, expect, it } from "vitest"
import { runOptave, scratchDirectory } from "./support/optave-process.ts"

describe("usage errors exit 2 and point at the help", { timeout: 60_000 }, () => {
  it.each([
    [["frobnicate"], /unknown command "frobnicate"/u, "optave --help"],
    [["insights"], /missing the payload file/u, "optave insights --help"],
    [["insights", "payload.json", "--frobnicate"], /Unknown option '--frobnicate'/u, "optave insights --help"],
    [["insights", "payload.json", "--transport", "carrier-pigeon"], /--transport must be ws or rest/u, "optave insights --help"],
    [["insights", "does-not-exist.json", "--token", "t"], /cannot read does-not-exist\.json: no such file/u, "optave insights --help"],
    [["validate", "-"], /pass --action/u, "optave validate --help"],
    [["validate", "payload.json", "--action", "teleport"], /unknown action "teleport"/u, "optave validate --help"],
    [["mock-server", "--fail-rate", "2"], /invalid --fail-rate "2"/u, "optave mock-server --help"],
    [["example", "teleport"], /unknown action "teleport"/u, "optave example --help"]
  ])("optave %j", async (args, message, help) => {
    const run = await runOptave(args, { cwd: scratchDirectory({ "payload.json": "{}" }) })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain(help)
    expect(run.stdout).toBe("")
  })
})
