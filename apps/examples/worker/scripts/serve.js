// Bundles the Worker as Wrangler would (esbuild, workerd conditions) and serves it from real
// workerd (Miniflare) on http://127.0.0.1:8787, with the OPTAVE_* variables as bindings.
import { build } from "esbuild"
import { Miniflare } from "miniflare"

const bundle = await build({
  entryPoints: [new URL("../src/worker.ts", import.meta.url).pathname],
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  conditions: ["workerd", "worker", "browser"]
})
const env = process.env
const bindings = Object.fromEntries(
  ["OPTAVE_WS_URL", "OPTAVE_REST_URL", "OPTAVE_TENANT", "OPTAVE_TLD"].filter((name) => env[name]).map((name) => [name, env[name]])
)
const port = Number(env.PORT ?? 8787)
const miniflare = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0].text,
  compatibilityDate: "2026-04-01",
  bindings: { ...bindings, OPTAVE_TOKEN: env.OPTAVE_TOKEN ?? "dev-token" },
  host: "127.0.0.1",
  port
})
console.log(`worker on ${await miniflare.ready}insights`)
const stop = () => void miniflare.dispose().then(() => process.exit(0))
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
