// A Deno script over the packed tarballs installed with npm (nodeModulesDir "manual").
// OPTAVE_TOKEN reaches the client through @org/optave-deno's `configFromEnv`.
import { configFromEnv, createClient } from "@org/optave-deno"
import { insightsExample } from "@org/optave-schema"

const ws = Deno.env.get("OPTAVE_WS_URL")!
const rest = Deno.env.get("OPTAVE_REST_URL")!
const client = createClient(configFromEnv({ urls: { ws, rest } }))
try {
  const result = await client.insights(insightsExample)
  const insights = Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
  console.log(JSON.stringify({ platform: (JSON.parse(JSON.stringify(client)) as { platform: string }).platform, insights }))
} finally {
  await client.close()
}
