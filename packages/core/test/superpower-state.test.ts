import { describe, expect, it } from "vitest"
import { isTerminalState, superpowerError } from "../src/index.ts"
import type { SuperpowerEvent } from "../src/generated/types.ts"

describe("superpower states and errors", () => {
  it("only completed and error end a superpower; started, processing or anything newer is progress", () => {
    expect(["completed", "error", "started", "processing", "queued"].map(isTerminalState)).toEqual([true, true, false, false, false])
  })

  it("reads an error's message and code where the API puts them, with fallbacks", () => {
    const error = (response: unknown, code?: string) =>
      ({ action: "superpower", actionType: "translate", state: "error", ...(code ? { error_code: code } : {}), message: { results: [{ response }] } }) as SuperpowerEvent
    expect(superpowerError(error([{ content: "Error while fetching results", error_code: "PROCESSING_FAILED" }]))).toEqual({ message: "Error while fetching results", code: "PROCESSING_FAILED" })
    expect(superpowerError(error([{ content: "boom" }], "OUTER"))).toEqual({ message: "boom", code: "OUTER" })
    expect(superpowerError(error([{ content: { not: "text" } }]))).toEqual({ message: "the superpower reported an error without a message" })
  })
})
