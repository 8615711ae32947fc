// `ws` is loaded when the first socket opens (a faster cold start, see BENCHMARKS.md): a REST-only program never loads it. Proven
// in a fresh process on the built package, since this test process loads `ws` for the mock server.
import { insightsExample } from "@org/optave-schema"
import { execFile } from "node:child_process"
import { connect, createServer } from "node:net"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { runtimePlatform } from "../src/index.ts"
import { serve } from "./support/loopback.ts"

const run = promisify(execFile)

describe("the ws package is loaded only when a socket opens", () => {
  it("is not loaded after import and a REST request, and is loaded after a WebSocket request", async () => {
    const server = await serve({ seed: 5 })
    // Node's CommonJS cache holds `ws` (a CommonJS package) once anything has imported it.
    const script = `
      import { createRequire } from "node:module"
      const require = createRequire(process.cwd() + "/")
      const wsFolder = require.resolve("ws").slice(0, -"index.js".length)
      const wsLoaded = () => Object.keys(require.cache).some((path) => path.startsWith(wsFolder))
      const report = []
      const { createClient } = await import("@org/optave-node")
      report.push(wsLoaded())
      const client = createClient({ urls: ${JSON.stringify({ ws: server.wsUrl, rest: server.restUrl })}, token: "t", platform: { webSocket: "ws" } })
      const overRest = await client.insights(${JSON.stringify(insightsExample)}, { transport: "rest" })
      report.push(overRest.events.length > 0, wsLoaded())
      const overSocket = await client.insights(${JSON.stringify(insightsExample)})
      report.push(overSocket.events.length > 0, wsLoaded())
      await client.close()
      console.log(JSON.stringify(report))`
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: new URL("..", import.meta.url).pathname,
      encoding: "utf8",
      timeout: 20_000
    })
    // [after import, REST answered, after REST, socket answered, after the socket request]
    expect(JSON.parse(stdout)).toEqual([false, true, false, true, true])
  })
})

describe("a ws socket closed before the ws package has loaded", () => {
  it("opens no connection and reports the close as ws does (1006)", async () => {
    let connections = 0
    const server = createServer((connection) => {
      connections++
      connection.destroy()
    })
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening))
    const { port } = server.address() as { port: number }
    try {
      const socket = runtimePlatform({ webSocket: "ws" }).openSocket(`ws://127.0.0.1:${port}`, ["optave-v1"])
      const closed = new Promise((resolve) => (socket.onclose = resolve))
      socket.close()
      expect(() => socket.send("too early")).toThrow(/not open/u)
      expect(await closed).toEqual({ code: 1006, reason: "" })
      // A probe connection made now is accepted after any attempt the socket had started before it.
      const probed = new Promise((accepted) => server.once("connection", accepted))
      connect(port, "127.0.0.1").on("error", () => {})
      await probed
      expect(connections).toBe(1)
    } finally {
      server.close()
    }
  })
})
