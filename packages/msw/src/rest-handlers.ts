import type { RestAnswer, ScenarioEngine } from "@org/optave-mock"
import { delay, http, HttpResponse, type HttpHandler } from "msw"
import { restRoutes, routeActions } from "./rest-routes.ts"

const headersOf = (request: Request): Record<string, string> => {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value
  })
  return headers
}

/** Plays an engine answer back: waits its delay, then answers, or fails the connection (a drop). */
const respond = async (answer: RestAnswer): Promise<Response> => {
  if (answer.delayMs > 0) await delay(answer.delayMs)
  if (answer.drop === true) return HttpResponse.error()
  return HttpResponse.json(answer.body as never, { status: answer.status, headers: answer.headers })
}

const answerRest = async (engine: ScenarioEngine, action: string, request: Request): Promise<Response> => {
  const headers = headersOf(request)
  const authorization = headers["authorization"]
  const idempotencyKey = headers["idempotency-key"]
  return respond(
    engine.handleRest({
      action,
      bodyText: await request.text(),
      headers,
      ...(authorization === undefined ? {} : { authorization }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey })
    })
  )
}

/** The action's name as the request's path spells it (its last segment). */
const spelledAction = (request: Request, fallback: string): string => {
  const segment = new URL(request.url).pathname.split("/").filter((part) => part !== "").at(-1)
  return segment === undefined ? fallback : decodeURIComponent(segment)
}

/**
 * One `http.post` per action of the catalog's routes (`POST {restUrl}/message/{action}`),
 * then, as the local mock server does, 404 for an unknown action and 405 for another method.
 */
export const restHandlers = (engine: ScenarioEngine, restUrl: string): Array<HttpHandler> => [
  // MSW matches paths regardless of case: the engine gets the name as the request spelled it.
  ...routeActions.map((action) => http.post(`${restUrl}${restRoutes[action].restPath}`, ({ request }) => answerRest(engine, spelledAction(request, action), request))),
  http.post(`${restUrl}/message/:action`, ({ request, params }) => answerRest(engine, String(params["action"]), request)),
  http.all(`${restUrl}/message/:action`, () =>
    HttpResponse.json({ error: "method_not_allowed", message: "Use POST." }, { status: 405, headers: { allow: "POST" } })
  )
]
