import { actionCatalog, actionNames, type ActionName, type ActionPayloads } from "@org/optave-core/validate"
import type { SuperpowerContent } from "@org/optave-mock"

// The routes are the schema's action catalog, as codegen emits it once into
// @org/optave-core/validate: nothing here restates an action, a path or a superpower.

/** Name of an action the handlers answer (its wire name, lowercase). */
export type RouteAction = ActionName

/** One route: the action's wire name (`headers.action` on the socket), its REST path and the superpowers it streams. */
export type RestRoute<Action extends RouteAction> = Pick<(typeof actionCatalog)[Action], "wireName" | "restPath" | "superpowers">

/** Every action, in catalog order: one `http.post` handler each. */
export const routeActions: ReadonlyArray<RouteAction> = actionNames

/**
 * Every action the handlers answer, in catalog order: its wire name, its REST route
 * (`POST {restUrl}{restPath}`) and the superpowers one request streams.
 */
export const restRoutes = Object.fromEntries(
  actionNames.map((action) => {
    const { wireName, restPath, superpowers } = actionCatalog[action]
    return [action, { wireName, restPath, superpowers }]
  })
) as unknown as { readonly [Action in RouteAction]: RestRoute<Action> }

/** The payload `{ session, request }` each route accepts (the REST body, the socket envelope's `payload`). */
export type RoutePayloads = ActionPayloads

/** The superpowers (`actionType`) each route streams; a request ends when each is completed or in error. */
export type RouteSuperpowers = { readonly [Action in RouteAction]: (typeof actionCatalog)[Action]["superpowers"][number] }

/**
 * What each superpower of each route completes with (`message.results[0].response[0].content`):
 * the shape a scenario's `results` gives and the generated answers follow.
 */
export type RouteResults = {
  readonly [Action in RouteAction]: { readonly [Superpower in RouteSuperpowers[Action]]: SuperpowerContent<Superpower> }
}
