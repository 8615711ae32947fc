// The plain page's own script, a module script (so it runs after the classic `<script src>` of
// dist/optave.global.js; CSP `script-src 'self'`, no 'unsafe-eval'): it uses only the `Optave`
// global, runs the shared scenario through it and the browser-side rules, and posts the report back.
/// <reference types="@org/optave-edge/global" />
import { insightsExample } from "@org/optave-schema"
import { runScenario } from "../../scenario/run-scenario.ts"
import { browserRules } from "./browser-rules.ts"

const violations: Array<string> = []
document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`))

const run = async () => {
  const urls = JSON.parse(document.getElementById("scenario-input")?.textContent ?? "null") as { ws: string; rest: string }
  const names = Object.keys(Optave).sort()
  const version = Optave.version
  let minted = 0
  // A real page fetches this from its backend; here every connection gets a fresh one.
  const tokenProvider = async () => `global-token-${++minted}`
  const rules = await browserRules(Optave, urls, insightsExample)
  const report = await runScenario(Optave.createClient, { urls, auth: { tokenProvider } })
  // The CSP violation event for the scenario's refused `new Function` is queued: give it a moment.
  for (let waited = 0; violations.length === 0 && waited < 1_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
  return { names, version, rules, report, violations, minted }
}

void run().then(
  (body) => fetch("/report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  (error: unknown) => fetch("/report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ crashed: String(error) }) })
)
