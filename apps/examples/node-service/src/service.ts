// POST /insights with an insights payload ({ session, request }) -> the results per superpower.
// Talks to a local mock server unless OPTAVE_TENANT and OPTAVE_TLD name the real service.
import { createClient, type ClientConfig, type OptaveError } from "@org/optave-node"
import { createServer } from "node:http"
import { prometheusMetrics } from "./prometheus-metrics.ts"

const env = process.env
// A long-lived service reconnects: client credentials get a fresh token for each connection; a
// static OPTAVE_TOKEN is good for one WebSocket connection only (fine against the local mock).
const auth: ClientConfig =
  env.OPTAVE_CLIENT_ID && env.OPTAVE_CLIENT_SECRET
    ? // The token endpoint defaults to the documented {REST URL}/auth/oauth2/token; OPTAVE_AUTH_URL names another.
      { clientId: env.OPTAVE_CLIENT_ID, clientSecret: env.OPTAVE_CLIENT_SECRET, authenticationUrl: env.OPTAVE_AUTH_URL }
    : { token: env.OPTAVE_TOKEN ?? "dev-token" }
const where: ClientConfig =
  env.OPTAVE_TENANT && env.OPTAVE_TLD
    ? { tenant: env.OPTAVE_TENANT, tld: env.OPTAVE_TLD }
    : { urls: { ws: env.OPTAVE_WS_URL ?? "ws://127.0.0.1:4010", rest: env.OPTAVE_REST_URL ?? "http://127.0.0.1:4010" } }
const client = createClient({ ...where, ...auth })

const statusOf = (error: OptaveError): number => (error._tag === "ValidationError" ? 400 : error._tag === "TimeoutError" ? 504 : 502)

const server = createServer(async (request, response) => {
  const reply = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
  // A Prometheus scrape target: the client's own counters, read when asked.
  if (request.method === "GET" && request.url === "/metrics") {
    return void response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(prometheusMetrics(client.stats()))
  }
  if (request.method !== "POST" || request.url !== "/insights") return reply(404, { error: "POST /insights with { session, request }" })
  const chunks: Array<Buffer> = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  try {
    const result = await client.insights(JSON.parse(Buffer.concat(chunks).toString("utf8")))
    reply(200, result.superpowers)
  } catch (error) {
    const optave = error as OptaveError
    reply(typeof optave._tag === "string" ? statusOf(optave) : 400, { error: optave._tag ?? "BadRequest", message: optave.message })
  }
})

const port = Number(env.PORT ?? 3000)
server.listen(port, "127.0.0.1", () => console.log(`insights service on http://127.0.0.1:${port}/insights`))
process.once("SIGINT", () => server.close(() => void client.close()))
process.once("SIGTERM", () => server.close(() => void client.close()))
