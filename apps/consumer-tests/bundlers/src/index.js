// The browser app (each bundler's default entry, src/index.js): @org/optave-edge against the
// addresses in the page's query, with a token from its backend (here, a constant); the report is
// left on `globalThis.optaveReport` for the test to read.
import { createClient } from "@org/optave-edge"
import { runApp } from "./payload.js"

const query = new URLSearchParams(location.search)
const client = createClient({ urls: { ws: query.get("ws"), rest: query.get("rest") }, tokenProvider: async () => "browser-token" })
runApp(client).then((report) => (globalThis.optaveReport = report))
