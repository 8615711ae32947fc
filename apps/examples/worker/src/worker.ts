// POST /insights with an insights payload -> the results per superpower, from inside a Worker.
// Bindings (wrangler.toml [vars] or secrets): OPTAVE_WS_URL and OPTAVE_REST_URL, or OPTAVE_TENANT
// and OPTAVE_TLD for the real service; OPTAVE_TOKEN (a secret in production).
import { createClient, type ClientConfig, type OptaveError } from "@org/optave-edge"

interface Env {
  readonly OPTAVE_WS_URL?: string
  readonly OPTAVE_REST_URL?: string
  readonly OPTAVE_TENANT?: string
  readonly OPTAVE_TLD?: string
  readonly OPTAVE_TOKEN: string
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "POST" || new URL(request.url).pathname !== "/insights") return Response.json({ error: "POST /insights with { session, request }" }, { status: 404 })
    const where: ClientConfig =
      env.OPTAVE_TENANT && env.OPTAVE_TLD
        ? { tenant: env.OPTAVE_TENANT, tld: env.OPTAVE_TLD }
        : { urls: { ws: env.OPTAVE_WS_URL ?? "ws://127.0.0.1:4010", rest: env.OPTAVE_REST_URL ?? "http://127.0.0.1:4010" } }
    // A Worker's sockets belong to the request that opened them: one client per request.
    const client = createClient({ ...where, token: env.OPTAVE_TOKEN })
    try {
      const result = await client.insights(await request.json())
      return Response.json(result.superpowers)
    } catch (error) {
      const optave = error as OptaveError
      return Response.json({ error: optave._tag ?? "BadRequest", message: optave.message }, { status: optave._tag === "ValidationError" || optave._tag === undefined ? 400 : 502 })
    } finally {
      await client.close()
    }
  }
}
