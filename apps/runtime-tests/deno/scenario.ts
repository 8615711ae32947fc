// Runs the scenario in Deno through @org/optave-deno (resolved from the workspace's node_modules)
// and prints the JSON report on stdout. Usage: deno run ... scenario.ts <wsUrl> <restUrl>
// The token comes from OPTAVE_TOKEN (granted with --allow-env=OPTAVE_TOKEN): the adapter's `configFromEnv`.
import { configFromEnv, createClient } from "@org/optave-deno"
import { runScenario } from "../scenario/run-scenario.ts"

declare const Deno: { readonly args: ReadonlyArray<string> }

const [ws, rest] = Deno.args
if (ws === undefined || rest === undefined) throw new Error("usage: scenario.ts <wsUrl> <restUrl>")
const report = await runScenario((config) => createClient(configFromEnv(config)), { urls: { ws, rest }, auth: {} })
console.log(JSON.stringify(report))
