import { elevateExample, insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { runOptave, runOptaveInTerminal, scratchDirectory } from "./support/optave-process.ts"

const broken = { request: { ...insightsExample.request, context: {}, connections: {} } }

describe("optave validate", { timeout: 60_000 }, () => {
  it("exits 0 on a valid payload, guessing the action from the file name", async () => {
    const run = await runOptave(["validate", "my-insights-payload.json"], { cwd: scratchDirectory({ "my-insights-payload.json": JSON.stringify(insightsExample) }) })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("a valid insights payload")
    expect(run.stdout).toContain("guessed from the file name")
  })

  it("exits 3 and prints every problem with its path", async () => {
    const run = await runOptave(["validate", "insights.json"], { cwd: scratchDirectory({ "insights.json": JSON.stringify(broken) }) })
    expect(run.code).toBe(3)
    expect(run.stdout).toMatch(/2 problems in the insights payload/u)
    expect(run.stdout).toMatch(/^ {2}request\.context\.organizationId +is required$/mu)
    expect(run.stdout).toMatch(/^ {2}request\.connections\.threadId +is required$/mu)
    expect(run.stdout).not.toContain("\u001b[")
  })

  it("takes the action from --action, over the file name, and reads standard input", async () => {
    // The elevate example is a fine elevate payload; as an adjust payload it lacks the instruction.
    const asAdjust = await runOptave(["validate", "-", "--action", "adjust"], { input: JSON.stringify(elevateExample) })
    expect(asAdjust.code).toBe(3)
    expect(asAdjust.stdout).toContain("request.attributes.instruction")
    const asElevate = await runOptave(["validate", "insights.json", "--action", "elevate"], { cwd: scratchDirectory({ "insights.json": JSON.stringify(elevateExample) }) })
    expect(asElevate.code).toBe(0)
  })

  it("asks for --action when the file name names no action", async () => {
    const run = await runOptave(["validate", "payload.json"], { cwd: scratchDirectory({ "payload.json": "{}" }) })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("pass --action")
  })

  it("accepts what optave example prints", async () => {
    const example = await runOptave(["example", "adjust"])
    expect(example.code).toBe(0)
    const run = await runOptave(["validate", "-", "--action", "adjust"], { input: example.stdout })
    expect(run.stdout).toContain("a valid adjust payload")
    expect(run.code).toBe(0)
  })

  it("colours paths red and messages dim on a terminal, and not with NO_COLOR", async () => {
    const cwd = scratchDirectory({ "insights.json": JSON.stringify(broken) })
    const coloured = await runOptaveInTerminal(["validate", "insights.json"], { cwd })
    expect(coloured.code).toBe(3)
    expect(coloured.stdout).toContain("\u001b[31mrequest.context.organizationId")
    expect(coloured.stdout).toContain("\u001b[2mis required\u001b[22m")
    const plain = await runOptaveInTerminal(["validate", "insights.json"], { cwd, env: { NO_COLOR: "1" } })
    expect(plain.code).toBe(3)
    expect(plain.stdout).toContain("request.context.organizationId")
    expect(plain.stdout).not.toContain("\u001b[31m")
  })
})
