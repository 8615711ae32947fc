// A Node ESM app that installed the packed tarballs: one request over each transport, a
// validation error, the Effect entry (which needs the app's own `effect`: where the app installed
// none, the Promise entry above ran without it and only this import fails), and the closed internals.
import { createClient } from "@org/optave-node"
import { elevateExample, insightsExample } from "@org/optave-schema"

const client = createClient({ urls: { ws: process.env.OPTAVE_WS_URL, rest: process.env.OPTAVE_REST_URL }, token: "node-esm-token" })
const statesOf = (result) => Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
try {
  const insights = statesOf(await client.insights(insightsExample))
  const elevate = statesOf(await client.elevate(elevateExample, { transport: "rest" }))
  const validation = await client.insights({ session: insightsExample.session }).then(
    () => "accepted",
    (error) => ({ tag: error._tag, paths: error.issues.map((issue) => issue.path) })
  )
  const effectLayer = await import("@org/optave-node/effect").then((effect) => typeof effect.layer, (error) => error.code)
  const internal = await import("@org/optave-core/internal/socket-session.js").then(() => "reachable", (error) => error.code)
  console.log(JSON.stringify({ platform: JSON.parse(JSON.stringify(client)).platform, insights, elevate, validation, effectLayer, internal }))
} finally {
  await client.close()
}
