import { describe, expect, it } from "vitest"
import { parseDotenv } from "../src/dotenv-file.ts"

describe("parseDotenv", () => {
  it("reads the common .env dialect", () => {
    const parsed = parseDotenv(
      [
        "# a comment",
        "OPTAVE_TENANT=acme",
        "export OPTAVE_TLD=tech",
        "  OPTAVE_TOKEN = spaced  ",
        "OPTAVE_AUTH_URL=https://auth.example/oauth # trailing comment",
        "HASH=a#b",
        "SINGLE='literal \\n $X'",
        'DOUBLE="line one\\nline two"',
        'MULTI="first',
        'second"',
        "EMPTY=",
        "not a line",
        "1BAD=x"
      ].join("\r\n")
    )
    expect(parsed).toEqual({
      OPTAVE_TENANT: "acme",
      OPTAVE_TLD: "tech",
      OPTAVE_TOKEN: "spaced",
      OPTAVE_AUTH_URL: "https://auth.example/oauth",
      HASH: "a#b",
      SINGLE: "literal \\n $X",
      DOUBLE: "line one\nline two",
      MULTI: "first\nsecond",
      EMPTY: ""
    })
  })
})
