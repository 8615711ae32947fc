// The per-action reference is checked against the validators the client runs (generated from the
// same schemas by another emitter): each minimal payload is valid, and each field it calls
// required really is (the payload without it is refused).
import * as schema from "@org/optave-schema"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { payloadValidators } from "../../packages/core/src/generated/catalog.ts"
import { generateActionReference } from "../src/index.ts"

const reference = generateActionReference(schema, schema.actionCatalog).get("actions.md")!
const sectionOf = (action: string): string => {
  const start = reference.indexOf(`\n## ${action}\n`)
  const end = reference.indexOf("\n## ", start + 1)
  return reference.slice(start, end === -1 ? undefined : end)
}

const without = (value: unknown, path: ReadonlyArray<string>): unknown => {
  if (path.length === 0 || typeof value !== "object" || value === null) return value
  const [head, ...rest] = path as [string, ...Array<string>]
  if (Array.isArray(value)) return value.map((item) => without(item, path))
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  if (rest.length === 0) delete copy[head]
  else copy[head] = without(copy[head], rest)
  return copy
}

describe("the action reference", () => {
  it("is the file in the docs (pnpm codegen --check guards it too)", () => {
    expect(readFileSync(new URL("../../packages/core/docs/reference/actions.md", import.meta.url), "utf8")).toBe(reference)
  })

  for (const action of schema.actionNames) {
    it(`${action}: the minimal payload is valid and every listed required field is required`, () => {
      const section = sectionOf(action)
      expect(section).toContain(schema.actionCatalog[action].restPath)
      for (const superpower of schema.actionCatalog[action].superpowers) expect(section).toContain(`| \`${superpower}\` |`)
      const payload = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)![1]!) as unknown
      expect(payloadValidators[action](payload)).toEqual([])
      const required = [...section.matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1]!).filter((path) => path.startsWith("request") || path.startsWith("session"))
      expect(required.length).toBeGreaterThan(0)
      for (const path of required) {
        expect(payloadValidators[action](without(payload, path.replace(/\[\]/g, "").split("."))), path).not.toEqual([])
      }
    })
  }

  it("names the documented result of improve_answer and calls the others undocumented", () => {
    expect(sectionOf("elevate")).toMatch(/\| `improve_answer` \| `ImproveAnswerResult`/)
    expect(sectionOf("insights")).toMatch(/\| `sentiment_analysis` \| not documented/)
  })
})
