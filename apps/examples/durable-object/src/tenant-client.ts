// One Durable Object per tenant: it holds one Optave client, so every Worker request for that
// tenant shares one upstream socket instead of opening its own. In a plain Worker a socket
// belongs to the request that opened it; in a Durable Object it belongs to the object, and any
// request the object serves may use it.
import { createClient, type ClientConfig, type ClientStats, type OptaveClientPromise, type OptaveError } from "@org/optave-edge"

/** Bindings (wrangler.toml [vars] and secrets). */
export interface Env {
  readonly TENANT_CLIENT: DurableObjectNamespaceLike
  /** A mock or local server; without them the client reaches `ws-{tenant}.oco.optave.{OPTAVE_TLD}`. */
  readonly OPTAVE_WS_URL?: string
  readonly OPTAVE_REST_URL?: string
  readonly OPTAVE_TLD?: string
  /** Client credentials (a token per connection, as the service requires) or, for a mock, a static token. */
  readonly OPTAVE_CLIENT_ID?: string
  readonly OPTAVE_CLIENT_SECRET?: string
  readonly OPTAVE_TOKEN?: string
  /** Close the socket after this long without a request, so the object can be evicted (default 60000). */
  readonly OPTAVE_IDLE_MS?: string
}

/** The parts of workerd's Durable Object API this example uses (workerd's own types are not in scope). */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown
  get(id: unknown): { fetch(request: Request): Promise<Response> }
}

/** The header the Worker uses to tell the object which tenant it is (an object does not know its own name). */
export const TENANT_HEADER = "x-optave-tenant"

const configFor = (tenant: string, env: Env): ClientConfig => {
  const where: ClientConfig =
    env.OPTAVE_WS_URL !== undefined || env.OPTAVE_REST_URL !== undefined
      ? { urls: { ws: env.OPTAVE_WS_URL, rest: env.OPTAVE_REST_URL } }
      : { tenant, tld: env.OPTAVE_TLD ?? "tech" }
  return env.OPTAVE_CLIENT_ID !== undefined
    ? { ...where, clientId: env.OPTAVE_CLIENT_ID, clientSecret: env.OPTAVE_CLIENT_SECRET }
    : { ...where, token: env.OPTAVE_TOKEN }
}

export class TenantClient {
  /** A fresh value per instance: a new one after eviction shows that the object was rebuilt. */
  private readonly instance = crypto.randomUUID()
  private client: OptaveClientPromise | undefined
  /** Counters of clients closed while idle, kept so `stats` covers the instance's whole life. */
  private clientsOpened = 0
  private served = 0
  private idleTimer: ReturnType<typeof setTimeout> | undefined

  private readonly env: Env

  constructor(_state: unknown, env: Env) {
    this.env = env
  }

  async fetch(request: Request): Promise<Response> {
    const tenant = request.headers.get(TENANT_HEADER) ?? ""
    const path = new URL(request.url).pathname
    if (path.endsWith("/stats")) return Response.json(this.stats())
    // Built on first use, after an eviction, or after an idle close: the same client otherwise.
    this.client ??= this.open(tenant)
    this.served++
    this.keepUntilIdle()
    try {
      const result = await this.client.insights(await request.json())
      return Response.json({ instance: this.instance, superpowers: result.superpowers })
    } catch (error) {
      const optave = error as OptaveError
      const status = optave._tag === "ValidationError" || optave._tag === undefined ? 400 : 502
      return Response.json({ error: optave._tag ?? "BadRequest", message: optave.message }, { status })
    }
  }

  private open(tenant: string): OptaveClientPromise {
    this.clientsOpened++
    return createClient(configFor(tenant, this.env))
  }

  private stats(): { instance: string; clientsOpened: number; served: number; client: ClientStats | undefined } {
    return { instance: this.instance, clientsOpened: this.clientsOpened, served: this.served, client: this.client?.stats() }
  }

  /**
   * An open outgoing socket keeps the object in memory, billed for its wall-clock duration
   * (only sockets the object accepted can hibernate). Closing the client after a quiet spell
   * lets the object be evicted; the next request opens a new client.
   */
  private keepUntilIdle(): void {
    clearTimeout(this.idleTimer)
    const idleMs = Number(this.env.OPTAVE_IDLE_MS ?? 60_000)
    this.idleTimer = setTimeout(() => {
      const client = this.client
      this.client = undefined
      void client?.close()
    }, idleMs)
  }
}
