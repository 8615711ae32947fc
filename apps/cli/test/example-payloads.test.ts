import { actionNames, validatePayload } from "@org/optave-core/validate"
import { describe, expect, it } from "vitest"
import { guessActionFromFileName } from "../src/action-guess.ts"
import { examplePayload } from "../src/example-payloads.ts"

describe("examplePayload", () => {
  it.each(actionNames)("is a valid %s payload", (action) => {
    expect(validatePayload(action, examplePayload(action))).toEqual([])
  })
})

describe("guessActionFromFileName", () => {
  it.each([
    ["insights.json", "insights"],
    ["/tmp/payloads/my-elevate-draft.json", "elevate"],
    ["customerinteraction.json", "customerinteraction"],
    ["interaction.json", "interaction"],
    ["INSIGHTS.JSON", "insights"],
    ["payload.json", undefined],
    ["insights-vs-elevate.json", undefined]
  ])("%s -> %s", (path, expected) => {
    expect(guessActionFromFileName(path)).toBe(expected)
  })
})
