// The README's error table lists every code the core can produce, and nothing else: the codes are
// read from the error classes' declarations in src/errors.ts (each `code` union, each fixed
// `code = "..."`, RemoteError's fallback), the rows from the table itself.
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const source = readFileSync(new URL("../src/errors.ts", import.meta.url), "utf8")
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

/** `ClassName` -> the codes its declaration allows. */
const declaredCodes = (): Map<string, Set<string>> => {
  const codes = new Map<string, Set<string>>()
  const classes = [...source.matchAll(/export class (\w+) extends (?:Data\.)?TaggedError\("(\w+)"\)/gu)]
  classes.forEach((match, index) => {
    const body = source.slice(match.index, classes[index + 1]?.index ?? source.length)
    const found = new Set<string>()
    const union = /readonly code:\s*((?:\s*(?:\/\*\*[^]*?\*\/)?\s*\|?\s*"[A-Z_]+")+)/u.exec(body)
    if (union?.[1] !== undefined) for (const literal of union[1].matchAll(/"([A-Z_]+)"/gu)) found.add(literal[1]!)
    for (const fixed of body.matchAll(/readonly code = "([A-Z_]+)"/gu)) found.add(fixed[1]!)
    for (const fallback of body.matchAll(/\?\? "([A-Z_]+)"/gu)) found.add(fallback[1]!)
    codes.set(match[2]!, found)
  })
  return codes
}

/** `_tag` -> the codes the table's rows name (each backquoted upper-case word of the code column). */
const tableCodes = (): Map<string, Set<string>> => {
  const rows = new Map<string, Set<string>>()
  const start = readme.indexOf("### Every error, its code, and what to do")
  for (const line of readme.slice(start).split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim())
    const tag = /^`(\w+Error)`$/u.exec(cells[1] ?? "")?.[1]
    if (tag === undefined) continue
    const codes = rows.get(tag) ?? new Set<string>()
    for (const code of (cells[2] ?? "").matchAll(/`([A-Z_]+)`/gu)) codes.add(code[1]!)
    rows.set(tag, codes)
  }
  return rows
}

describe("the core README's error table", () => {
  const declared = declaredCodes()
  const table = tableCodes()

  it("reads every error class and its codes from the source", () => {
    expect([...declared.keys()].sort()).toEqual(["AuthError", "ConfigError", "ProtocolError", "RemoteError", "TimeoutError", "TransportError", "ValidationError"])
    expect(declared.get("TransportError")).toContain("CONNECT_FAILED")
    expect(declared.get("AuthError")).toEqual(new Set(["TOKEN_MISSING", "TOKEN_REJECTED", "TOKEN_ENDPOINT_FAILED", "TOKEN_PROVIDER_FAILED", "TOKEN_TIMEOUT", "TOKEN_INVALID", "TOKEN_UNFIT_SUBPROTOCOL"]))
    expect(declared.get("TransportError")?.size).toBe(8)
    expect(declared.get("RemoteError")).toEqual(new Set(["SUPERPOWER_ERROR"]))
  })

  it.each([...declaredCodes().keys()])("lists every code of %s", (tag) => {
    const listed = table.get(tag) ?? new Set<string>()
    expect([...(declared.get(tag) ?? [])].filter((code) => !listed.has(code))).toEqual([])
  })

  it("lists no code the source does not declare (RemoteError's busy codes aside, which the service sends)", () => {
    const serviceCodes = new Set(["RATE_LIMITED", "SERVICE_UNAVAILABLE"])
    for (const [tag, codes] of table) {
      const known = declared.get(tag)
      expect(known, tag).toBeDefined()
      expect([...codes].filter((code) => !known!.has(code) && !(tag === "RemoteError" && serviceCodes.has(code))), tag).toEqual([])
    }
  })
})
