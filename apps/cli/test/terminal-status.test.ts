import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { insightsExample } from "@org/optave-schema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runOptaveInTerminal, scratchDirectory } from "./support/optave-process.ts"

let server: MockServer
beforeAll(async () => {
  // Slow enough that the spinner turns a few times while a superpower runs.
  server = await startMockServer({ latencyMs: 250 })
})
afterAll(async () => {
  await server?.close()
})

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/u
const CURSOR_UP = "\u001b[2A"
const CLEAR_LINE = "\u001b[2K"

describe("optave <action> on a terminal", { timeout: 60_000 }, () => {
  it("draws a live status line per superpower, redrawn in place, then the results", async () => {
    const run = await runOptaveInTerminal(["insights", "insights.json", "--ws-url", server.wsUrl, "--token", "t"], {
      cwd: scratchDirectory({ "insights.json": JSON.stringify(insightsExample) })
    })
    expect(run.code).toBe(0)
    const output = run.stdout
    // A spinner line while started, a ✔ line once completed, for each expected superpower.
    for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
      expect(output).toMatch(new RegExp(`${SPINNER.source}\\u001b\\[39m \\u001b\\[1m${superpower} *\\u001b\\[22m \\u001b\\[2mstarted`, "u"))
      expect(output).toMatch(new RegExp(`✔\\u001b\\[39m \\u001b\\[1m${superpower} *\\u001b\\[22m \\u001b\\[32mcompleted`, "u"))
    }
    // Redrawn in place: cursor up over the two lines, each line cleared before it is rewritten.
    expect(output).toContain(CURSOR_UP)
    expect(output).toContain(CLEAR_LINE)
    expect(output.split(CURSOR_UP).length).toBeGreaterThan(3)
    // The cursor is hidden while drawing and given back at the end.
    expect(output).toContain("\u001b[?25l")
    expect(output.lastIndexOf("\u001b[?25h")).toBeGreaterThan(output.lastIndexOf(CURSOR_UP))
    // The results below: per-criterion scores and the sentiment.
    expect(output).toMatch(/empathy +\d+ /u)
    expect(output).toMatch(/sentiment \u001b\[3[123]m\u001b\[1m(positive|neutral|negative)/u)
  })

  it("shows ✖ on a superpower in error and exits 5", async () => {
    const failing = await startMockServer({ latencyMs: 5, failRate: 1 })
    try {
      const run = await runOptaveInTerminal(["insights", "insights.json", "--ws-url", failing.wsUrl, "--token", "t"], {
        cwd: scratchDirectory({ "insights.json": JSON.stringify(insightsExample) })
      })
      expect(run.code).toBe(5)
      expect(run.stdout).toMatch(/✖\u001b\[39m \u001b\[1mperformance_criteria/u)
      expect(run.stdout).toContain("PROCESSING_FAILED")
    } finally {
      await failing.close()
    }
  })
})
