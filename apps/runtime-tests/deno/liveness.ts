// Runs the liveness scenario in Deno through @org/optave-deno and prints the JSON report.
// Usage: deno run ... liveness.ts <wsUrl> <restUrl> <controlUrl>; the token comes from OPTAVE_TOKEN.
import { configFromEnv, createClient } from "@org/optave-deno"
import { runLiveness } from "../scenario/run-liveness.ts"

declare const Deno: { readonly args: ReadonlyArray<string> }

const [wsUrl, restUrl, controlUrl] = Deno.args
if (wsUrl === undefined || restUrl === undefined || controlUrl === undefined) throw new Error("usage: liveness.ts <wsUrl> <restUrl> <controlUrl>")
console.log(JSON.stringify(await runLiveness((config) => createClient(configFromEnv(config)), { wsUrl, restUrl, controlUrl, auth: {} })))
