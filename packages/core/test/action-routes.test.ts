// The engine reads `actionRoutes` (generated without the descriptions, so a Worker's bundle carries
// none); `actionCatalog` is the public table. Both are emitted from the schema package's catalog:
// this checks the runtime table against that source, not against the generated public copy.
import { actionCatalog as schemaCatalog } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { actionCatalog, actionNames } from "../src/index.ts"
import { actionRoutes } from "../src/generated/catalog.ts"

describe("actionRoutes", () => {
  it("holds, for every action of the schema's catalog, its wire name, REST path and superpowers, and nothing else", () => {
    expect(Object.keys(actionRoutes)).toEqual(Object.keys(schemaCatalog))
    for (const [name, definition] of Object.entries(schemaCatalog)) {
      expect(actionRoutes[name as keyof typeof actionRoutes]).toEqual({
        wireName: definition.wireName,
        restPath: definition.restPath,
        superpowers: definition.superpowers
      })
    }
  })

  it("agrees with the public actionCatalog, which keeps its descriptions", () => {
    for (const name of actionNames) {
      const { wireName, restPath, superpowers, summary } = actionCatalog[name]
      expect(actionRoutes[name]).toEqual({ wireName, restPath, superpowers })
      expect(summary).toBe(schemaCatalog[name].summary)
    }
  })
})
