// The server program a serverless kit bundles (esbuild, platform node): @org/optave-node against
// the mock server named in the environment; prints its report as one JSON line. No top-level
// await, so that the same file bundles to CommonJS too.
import { createClient } from "@org/optave-node"
import { runApp } from "./payload.js"

const client = createClient({ urls: { ws: process.env.OPTAVE_WS_URL, rest: process.env.OPTAVE_REST_URL }, token: "server-token" })
void runApp(client).then((report) => console.log(JSON.stringify(report)))
