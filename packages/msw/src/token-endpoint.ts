import { answerTokenRequest, type ScenarioEngine } from "@org/optave-mock"
import { http, HttpResponse, type HttpHandler } from "msw"

/** `{authUrl}/token`, any method: the shared OAuth2 answer of @org/optave-mock (405 for all but POST). */
export const tokenEndpoint = (engine: ScenarioEngine, tokenUrl: string): HttpHandler =>
  http.all(tokenUrl, async ({ request }) => {
    const authorization = request.headers.get("authorization")
    const answer = answerTokenRequest(engine, {
      method: request.method,
      url: new URL(request.url),
      contentType: request.headers.get("content-type") ?? "",
      authorization: authorization ?? undefined,
      bodyText: await request.text()
    })
    return HttpResponse.json(answer.body as Record<string, unknown>, { status: answer.status, headers: answer.headers })
  })
