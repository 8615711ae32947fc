// A CommonJS app: require() of the ESM-only packages, which Node >= 20.19 allows unflagged
// (require(esm)). The harness checks process.features.require_module before running this.
const { createClient } = require("@org/optave-node")
const { insightsExample } = require("@org/optave-schema")

const main = async () => {
  const client = createClient({ urls: { ws: process.env.OPTAVE_WS_URL, rest: process.env.OPTAVE_REST_URL }, token: "node-cjs-token" })
  try {
    const result = await client.insights(insightsExample)
    const insights = Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
    console.log(JSON.stringify({ platform: JSON.parse(JSON.stringify(client)).platform, insights }))
  } finally {
    await client.close()
  }
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
