// A Cloudflare Worker that installed the packed tarballs, bundled as Wrangler would (esbuild,
// conditions workerd/worker/browser). Its bindings name the server; no nodejs_compat.
import { createClient } from "@org/optave-edge"
import { elevateExample, insightsExample } from "@org/optave-schema"

interface Env {
  readonly OPTAVE_WS_URL: string
  readonly OPTAVE_REST_URL: string
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const client = createClient({ urls: { ws: env.OPTAVE_WS_URL, rest: env.OPTAVE_REST_URL }, token: "worker-token" })
    try {
      const insights = await client.insights(insightsExample)
      const elevate = await client.elevate(elevateExample, { transport: "rest" })
      const states = (result: typeof insights | typeof elevate) =>
        Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
      return Response.json({ platform: (JSON.parse(JSON.stringify(client)) as { platform: string }).platform, insights: states(insights), elevate: states(elevate) })
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 })
    } finally {
      await client.close()
    }
  }
}
