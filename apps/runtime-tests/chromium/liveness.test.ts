// The liveness scenario (scenario/run-liveness.ts) in headless Chromium: a browser's WebSocket has
// no protocol ping and no way to send one, so only the client's liveness rule can find a
// connection silenced without FIN or RST. The page is served from loopback under a strict CSP.
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, it } from "vitest"
import type { LivenessReport } from "../scenario/run-liveness.ts"
import { bundle } from "../support/bundle.ts"
import { expectLiveness } from "../support/expect-liveness.ts"
import { startLivenessServers } from "../support/liveness-servers.ts"
import { launchChromium } from "../support/runtime-binaries.ts"

let servers: Awaited<ReturnType<typeof startLivenessServers>>
let page: Server | undefined
let browser: Browser | undefined
let origin: string
let received: (report: LivenessReport) => void
const pageReport = new Promise<LivenessReport>((resolve) => {
  received = resolve
})

beforeAll(async () => {
  servers = await startLivenessServers()
  const script = await bundle(fileURLToPath(new URL("./liveness-page.ts", import.meta.url)), ["browser"])
  const { proxy, server } = servers
  const csp = `default-src 'none'; script-src 'self'; connect-src 'self' ${proxy.url} ${server.restUrl} ${proxy.controlUrl}`
  const pageServer = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://page").pathname
    if (request.method === "GET" && path === "/") {
      const input = JSON.stringify({ wsUrl: proxy.url, restUrl: server.restUrl, controlUrl: proxy.controlUrl }).replaceAll("<", "\\u003c")
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp })
      return response.end(`<!doctype html><meta charset="utf-8"><title>optave liveness</title><script type="application/json" id="liveness-input">${input}</script><script type="module" src="/page.js"></script>`)
    }
    if (request.method === "GET" && path === "/page.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "content-security-policy": csp })
      return response.end(script.code)
    }
    if (request.method === "POST" && path === "/report") {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => received(JSON.parse(Buffer.concat(chunks).toString("utf8")) as LivenessReport))
      response.writeHead(204)
      return response.end()
    }
    response.writeHead(404)
    response.end()
  })
  page = pageServer
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  const pageServer = page
  if (pageServer !== undefined) await new Promise((resolve) => pageServer.close(resolve))
  await servers?.close()
})

it("Chromium: a connection silenced without FIN or RST is found within twice the liveness window, its requests resent once", async () => {
  const tab = await browser!.newPage()
  const lines: Array<string> = []
  tab.on("console", (message) => lines.push(`${message.type()}: ${message.text()}`))
  tab.on("pageerror", (error) => lines.push(`pageerror: ${error.message}`))
  await tab.goto(`${origin}/`)
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no report from the page in 60 s; console:\n${lines.join("\n")}`)), 60_000))
  const report = await Promise.race([pageReport, timeout])
  console.info(`[chromium liveness] ${JSON.stringify(report)}`)
  expectLiveness(report, servers.server, servers.proxy)
  await tab.close()
})
