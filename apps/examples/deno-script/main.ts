// Streams the events of one insights request as they arrive, then prints where each superpower ended.
// Configuration: OPTAVE_TENANT + OPTAVE_TLD (+ OPTAVE_TOKEN or client credentials) for the real
// service, read by @org/optave-deno's `configFromEnv`; otherwise OPTAVE_WS_URL / OPTAVE_REST_URL, default a local mock.
import { configFromEnv, createClient, type ClientConfig } from "@org/optave-deno"
import { insightsExample } from "@org/optave-schema"

const env = (name: string): string | undefined => (Deno.permissions.querySync({ name: "env", variable: name }).state === "granted" ? Deno.env.get(name) : undefined)
const local: ClientConfig = { urls: { ws: env("OPTAVE_WS_URL") ?? "ws://127.0.0.1:4010", rest: env("OPTAVE_REST_URL") ?? "http://127.0.0.1:4010" } }
const hasCredentials = env("OPTAVE_TOKEN") !== undefined || env("OPTAVE_CLIENT_ID") !== undefined
await using client = createClient(configFromEnv({ ...(env("OPTAVE_TENANT") ? {} : local), ...(hasCredentials ? {} : { token: "dev-token" }) }))

for await (const event of client.stream.insights(insightsExample)) {
  console.log(`${event.actionType}: ${event.state}`)
}
console.log(client.stats())
