// The routes (packages/msw/src/rest-routes.ts, read from the catalog codegen emits once) are the schema's catalog:
// the same actions, paths and superpowers as the client's, and the same types as the engine's.
import { actionCatalog, actionNames, type ActionName, type ActionPayloads } from "@org/optave-core/validate"
import type { ScenarioResults, SuperpowerContent, SuperpowerOf } from "@org/optave-mock"
import { describe, expect, expectTypeOf, it } from "vitest"
import { restRoutes, routeActions, type RouteAction, type RoutePayloads, type RouteResults, type RouteSuperpowers } from "../src/index.ts"

describe("generated rest routes", () => {
  it("list every action of the catalog, in its order, with its wire name, REST path and superpowers", () => {
    expect(routeActions).toEqual(actionNames)
    for (const action of actionNames) {
      const { wireName, restPath, superpowers } = actionCatalog[action]
      expect(restRoutes[action]).toEqual({ wireName, restPath, superpowers })
    }
  })

  it("are typed like the catalog and the engine's scenarios", () => {
    expectTypeOf<RouteAction>().toEqualTypeOf<ActionName>()
    expectTypeOf<RoutePayloads>().toEqualTypeOf<ActionPayloads>()
    expectTypeOf<RouteSuperpowers["insights"]>().toEqualTypeOf<SuperpowerOf<"insights">>()
    expectTypeOf<RouteSuperpowers["interaction"]>().toEqualTypeOf<"sentiment_analysis" | "risk_assessment">()
    expectTypeOf<Partial<RouteResults["insights"]>>().toEqualTypeOf<ScenarioResults<"insights">>()
    expectTypeOf<Partial<RouteResults["elevate"]>>().toEqualTypeOf<ScenarioResults<"elevate">>()
    expectTypeOf<RouteResults["elevate"]["improve_answer"]>().toEqualTypeOf<SuperpowerContent<"improve_answer">>()
    expectTypeOf<RouteResults["elevate"]["improve_answer"]>().toEqualTypeOf<string>()
  })
})
