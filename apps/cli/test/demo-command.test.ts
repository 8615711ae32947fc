import { describe, expect, it } from "vitest"
import { runOptave } from "./support/optave-process.ts"

describe("optave demo", { timeout: 60_000 }, () => {
  it("runs insights over WebSocket and elevate over REST against the embedded mock server, and exits 0 by itself", async () => {
    const run = await runOptave(["demo", "--latency", "20"], { timeoutMs: 30_000 })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    const output = run.stdout
    expect(output).toContain("embedded mock server")
    expect(output).toMatch(/▶ insights over WebSocket · ws:\/\/127\.0\.0\.1:\d+/u)
    expect(output).toMatch(/▶ elevate over REST · http:\/\/127\.0\.0\.1:\d+/u)
    for (const superpower of ["performance_criteria", "sentiment_analysis"]) {
      expect(output).toMatch(new RegExp(`insights +${superpower} +started`, "u"))
      expect(output).toMatch(new RegExp(`insights +${superpower} +completed`, "u"))
    }
    expect(output).toMatch(/elevate +improve_answer +completed/u)
    // Readable renderings: per-criterion scores, the sentiment, the improved text.
    expect(output).toMatch(/empathy +\d+ +█/u)
    expect(output).toMatch(/sentiment (positive|neutral|negative) \(score [+-]\d\.\d\d/u)
    expect(output).toContain("Hello, John!")
    expect(output).toMatch(/Summary {2}2 requests · 3\/3 superpowers completed · 0 errors · \d+ ms/u)
  }, 40_000)

  it("says it talks to the real service when a tenant and credentials are configured", async () => {
    // An unusable tld stops it before any network access: a configuration error, exit 7.
    const run = await runOptave(["demo"], { env: { OPTAVE_TENANT: "acme", OPTAVE_TLD: "-not-a-tld-", OPTAVE_TOKEN: "secret-token-value" } })
    expect(run.code).toBe(7)
    expect(run.stdout).toContain("the real service, tenant acme")
    expect(run.stderr).toMatch(/configuration error at tld/u)
    expect(run.stdout + run.stderr).not.toContain("secret-token-value")
  })
})
