// The liveness page's only script: runs the liveness scenario through @org/optave-edge with a
// tokenProvider (a fresh token per connection, as a browser app would) and posts the report back.
import { createClient } from "@org/optave-edge"
import { runLiveness, type LivenessInput } from "../scenario/run-liveness.ts"

const input = JSON.parse(document.getElementById("liveness-input")?.textContent ?? "null") as Omit<LivenessInput, "auth">
let minted = 0
const report = await runLiveness(createClient, { ...input, auth: { tokenProvider: async () => `browser-token-${++minted}` } })
await fetch("/report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(report) })
