// The page's only script (served under `script-src 'self'`, no 'unsafe-eval'): runs the scenario
// through @org/optave-edge with a tokenProvider, as a browser app would, and posts the report back.
import { createClient } from "@org/optave-edge"
import { runScenario } from "../scenario/run-scenario.ts"

const violations: Array<string> = []
document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`))

const urls = JSON.parse(document.getElementById("scenario-input")?.textContent ?? "null") as { ws: string; rest: string }
let minted = 0
// A real app would fetch this from its backend; here every connection gets a fresh one.
const tokenProvider = async () => `browser-token-${++minted}`

const report = await runScenario(createClient, { urls, auth: { tokenProvider } })
// The CSP violation event for the refused `new Function` is queued: give it a moment.
for (let waited = 0; violations.length === 0 && waited < 1_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
await fetch("/report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ report, violations, minted }) })
