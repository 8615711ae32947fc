// POST /tenants/{tenant}/insights -> the tenant's Durable Object answers with one shared client.
// GET /tenants/{tenant}/stats -> that object's counters (connects, reconnects... see client.stats()).
import { TENANT_HEADER, type Env } from "./tenant-client.ts"

export { TenantClient } from "./tenant-client.ts"

const ROUTE = /^\/tenants\/([a-z0-9][a-z0-9-]{0,62})\/(insights|stats)$/

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const match = ROUTE.exec(new URL(request.url).pathname)
    if (match === null) return Response.json({ error: "POST /tenants/{tenant}/insights or GET /tenants/{tenant}/stats" }, { status: 404 })
    const tenant = match[1]!
    // The same name always reaches the same object, wherever the request lands.
    const stub = env.TENANT_CLIENT.get(env.TENANT_CLIENT.idFromName(tenant))
    const forwarded = new Request(request)
    forwarded.headers.set(TENANT_HEADER, tenant)
    return stub.fetch(forwarded)
  }
}
