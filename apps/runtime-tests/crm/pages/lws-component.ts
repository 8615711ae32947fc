// The component code of namespace `c` inside Lightning Web Security: loads the static resource as
// `lightning/platformResourceLoader`'s `loadScript(this, url)` does (a `<script src>` appended to
// the document; LWS fetches it and evaluates it in this sandbox), then runs the scenario through
// the `Optave` global it defined. Input and report go through the two endowments the host gave.
/// <reference types="@org/optave-edge/global" />
import { runScenario } from "../../scenario/run-scenario.ts"

declare const optaveTestInput: { ws: string; rest: string; resource: string }
declare const optaveTestReport: (json: string) => void

const loadScript = (url: string) =>
  new Promise<void>((resolve, reject) => {
    const script = document.createElement("script")
    script.src = url
    script.charset = "utf-8"
    script.type = "text/javascript"
    script.addEventListener("load", () => resolve(), { once: true })
    script.addEventListener("error", () => reject(new Error(`could not load ${url}`)), { once: true })
    document.head.appendChild(script)
  })

const run = async () => {
  const { ws, rest, resource } = optaveTestInput
  await loadScript(resource)
  const api = (window as unknown as { Optave: typeof Optave }).Optave
  let minted = 0
  const tokenProvider = async () => `lws-token-${++minted}`
  const report = await runScenario(api.createClient, { urls: { ws, rest }, auth: { tokenProvider } })
  return { report, names: Object.keys(api).sort(), minted, optaveInSandbox: "Optave" in window }
}

void run().then(
  (body) => optaveTestReport(JSON.stringify(body)),
  (error: unknown) => optaveTestReport(JSON.stringify({ crashed: String(error) }))
)
