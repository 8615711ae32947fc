// The host page of the Lightning Web Security test: Salesforce's own sandbox (`@locker/sandbox`
// with the default LWS rules registered, as a Lightning page runs them) evaluates the component
// code of namespace `c`, which loads the static resource (dist/optave.global.js) the way
// `lightning/platformResourceLoader`'s `loadScript` does and runs the scenario through it. The
// host records its own window, crypto and localStorage before and after.
import { evaluateInSandbox } from "@locker/sandbox"
import { LWS_DEFAULT_GATER_FEATURES, registerGaterEnabledFeatures } from "@locker/shared"

registerGaterEnabledFeatures([...LWS_DEFAULT_GATER_FEATURES])

const post = (body: unknown) => fetch("/report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })

const hostState = () => ({
  keys: Reflect.ownKeys(window).map(String),
  held: { fetch: window.fetch, WebSocket: window.WebSocket, randomUUID: crypto.randomUUID, getRandomValues: crypto.getRandomValues, setTimeout: window.setTimeout } as Record<string, unknown>,
  localStorage: Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`)
})

const run = async () => {
  const input = JSON.parse(document.getElementById("scenario-input")?.textContent ?? "null") as { ws: string; rest: string; resource: string }
  const componentCode = await (await fetch("/lws-component.js")).text()
  // The first evaluation creates the namespace's sandbox with its endowments (the test's input and
  // report channel), so the state recorded next is the page's own with LWS in place; everything
  // after it is what the client did.
  let deliver: (json: string) => void = () => {}
  evaluateInSandbox("c", "void 0", undefined, { optaveTestInput: input, optaveTestReport: (json: string) => deliver(json) })
  const before = hostState()
  const sandboxed = await new Promise<unknown>((resolve) => {
    deliver = (json) => resolve(JSON.parse(json))
    evaluateInSandbox("c", componentCode)
  })
  const after = hostState()
  return {
    sandboxed,
    host: {
      added: after.keys.filter((key) => !before.keys.includes(key)),
      removed: before.keys.filter((key) => !after.keys.includes(key)),
      patched: Object.keys(before.held).filter((name) => before.held[name] !== after.held[name]),
      optaveOnHost: "Optave" in window,
      localStorageBefore: before.localStorage,
      localStorageAfter: after.localStorage
    }
  }
}

void run().then(post, (error: unknown) => post({ crashed: String(error) }))
