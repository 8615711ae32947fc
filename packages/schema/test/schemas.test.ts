// The schema package's own rules: every field described (descriptions become JSDoc and docs),
// one schema per $id, and the catalog naming every action with its REST path.
import { describe, expect, it } from "vitest"
import * as schema from "../src/index.ts"

type Node = Readonly<Record<string, unknown>>

const isTypeBox = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && typeof (value as Node)["~kind"] === "string"

/** Every schema node reachable from the package's exports and the catalog, with its path. */
const walk = (visit: (node: Node, path: string) => void): void => {
  const go = (node: unknown, path: string): void => {
    if (typeof node !== "object" || node === null) return
    const current = node as Node
    visit(current, path)
    for (const [key, child] of Object.entries((current["properties"] ?? {}) as Node)) go(child, `${path}.${key}`)
    for (const [pattern, child] of Object.entries((current["patternProperties"] ?? {}) as Node)) go(child, `${path}[${pattern}]`)
    if (current["items"] !== undefined) go(current["items"], `${path}[]`)
    if (Array.isArray(current["anyOf"])) current["anyOf"].forEach((variant, index) => go(variant, `${path}|${index}`))
  }
  for (const [name, value] of Object.entries(schema)) if (isTypeBox(value)) go(value, name)
  for (const [name, definition] of Object.entries(schema.actionCatalog)) go(definition.payload, `actionCatalog.${name}.payload`)
}

describe("descriptions", () => {
  it("every property of every schema has a description", () => {
    const missing: Array<string> = []
    walk((node, path) => {
      for (const [key, property] of Object.entries((node["properties"] ?? {}) as Record<string, Node>)) {
        const description = property["description"]
        if (typeof description !== "string" || description.trim() === "") missing.push(`${path}.${key}`)
      }
    })
    expect(missing).toEqual([])
  })

  it("every named schema ($id) has a description", () => {
    const missing: Array<string> = []
    walk((node, path) => {
      if (node["$id"] !== undefined && (typeof node["description"] !== "string" || node["description"] === "")) missing.push(path)
    })
    expect(missing).toEqual([])
  })

  it("the walk reaches the nested fields (so the two tests above check something)", () => {
    const paths: Array<string> = []
    walk((_node, path) => paths.push(path))
    expect(paths).toContain("InsightsPayload.request.scope.conversations[].messages[].content")
    expect(paths).toContain("RequestEnvelope.headers.issuedAt")
    expect(paths.length).toBeGreaterThan(1000)
  })
})

describe("named schemas", () => {
  it("one $id names one schema wherever it is used", () => {
    const shapes = new Map<string, string>()
    const conflicts: Array<string> = []
    walk((node) => {
      const id = node["$id"]
      if (typeof id !== "string") return
      const { description: _description, ...rest } = node
      const shape = JSON.stringify(rest)
      if (shapes.has(id) && shapes.get(id) !== shape) conflicts.push(id)
      shapes.set(id, shape)
    })
    expect(conflicts).toEqual([])
    expect(shapes.size).toBeGreaterThanOrEqual(40)
  })
})

describe("the action catalog", () => {
  const actions = ["insights", "elevate", "summarize", "translate", "recommend", "adjust", "interaction", "reception"]

  it("names the 8 actions plus the deprecated customerinteraction alias", () => {
    expect(Object.keys(schema.actionCatalog).sort()).toEqual([...actions, "customerinteraction"].sort())
    expect([...schema.actionNames].sort()).toEqual(Object.keys(schema.actionCatalog).sort())
  })

  it.each(Object.entries(schema.actionCatalog))("%s: lowercase wire name, REST path /message/<name>, payload <Name>Payload", (name, definition) => {
    expect(definition.wireName).toBe(name.toLowerCase())
    expect(definition.restPath).toBe(`/message/${name.toLowerCase()}`)
    expect(definition.superpowers.length).toBeGreaterThan(0)
    expect(definition.summary).toMatch(/^[A-Z].*\.$/)
    const payloadId = (definition.payload as unknown as Node)["$id"]
    expect(String(payloadId).toLowerCase()).toBe(`${name}payload`)
  })

  it("customerinteraction is the deprecated alias of interaction, with the same payload shape and superpowers", () => {
    const alias = schema.actionCatalog.customerinteraction
    expect(alias.deprecatedFor).toBe("interaction")
    expect(alias.superpowers).toEqual(schema.actionCatalog.interaction.superpowers)
    const { $id: _aliasId, description: _aliasDescription, ...aliasShape } = alias.payload as unknown as Node
    const { $id: _id, description: _description, ...shape } = schema.actionCatalog.interaction.payload as unknown as Node
    expect(aliasShape).toEqual(shape)
    const deprecated = Object.entries(schema.actionCatalog).filter(([, definition]) => "deprecatedFor" in definition)
    expect(deprecated.map(([name]) => name)).toEqual(["customerinteraction"])
  })

  it("the documented superpowers", () => {
    expect(schema.actionCatalog.insights.superpowers).toEqual(["performance_criteria", "sentiment_analysis"])
    expect(schema.actionCatalog.elevate.superpowers).toEqual(["improve_answer"])
    expect(schema.actionCatalog.translate.superpowers).toEqual(["translate"])
    expect(schema.actionCatalog.adjust.superpowers).toEqual(["adjust"])
  })
})
