// The loopback web server and the browser the Chromium and CRM tests share: Debian's Chromium
// driven by playwright-core, and a server that answers a fixed set of paths, each with its own
// headers (the page's Content-Security-Policy), and collects what a page posts to /report.
import { build } from "esbuild"
import { readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"

export interface Route {
  readonly type: "html" | "js" | "json"
  readonly body: string
  readonly headers?: Readonly<Record<string, string>>
}

export interface PageServer {
  readonly origin: string
  /** Adds or replaces a route (for pages that must name another server's origin). */
  readonly route: (path: string, route: Route) => void
  /** Resolves with the first body posted to /report. */
  readonly report: Promise<unknown>
  readonly close: () => Promise<void>
}

const contentTypes = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", json: "application/json" }

/**
 * A JSON value for a page's script to read (`JSON.parse(document.getElementById(id).textContent)`),
 * as a `<script type="application/json">` element; `<` escaped, so no string in the value can end
 * the element early.
 */
export const jsonScript = (id: string, value: unknown): string =>
  `<script type="application/json" id="${id}">${JSON.stringify(value).replaceAll("<", "\\u003c")}</script>`

export const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/** `fallback` answers the paths that are not routes (a proxy, an API stand-in); returning false means 404. */
export const startPageServer = async (
  routes: Record<string, Route>,
  fallback?: (request: IncomingMessage, response: ServerResponse) => boolean
): Promise<PageServer> => {
  const table = new Map(Object.entries(routes))
  let received: (body: unknown) => void = () => {}
  const report = new Promise<unknown>((resolve) => {
    received = resolve
  })
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://page").pathname
    const route = table.get(path)
    if (request.method === "GET" && route !== undefined) {
      response.writeHead(200, { "content-type": contentTypes[route.type], "cache-control": "no-store", ...route.headers })
      return response.end(route.body)
    }
    if (request.method === "POST" && path === "/report") {
      void readBody(request).then((body) => received(JSON.parse(body)))
      response.writeHead(204)
      return response.end()
    }
    if (fallback?.(request, response) === true) return
    response.writeHead(404)
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    route: (path, route) => void table.set(path, route),
    report,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

export { launchChromium } from "./runtime-binaries.ts"

/** Closes what a browser test started, in turn (the browser first, then the servers it used); what never started is passed over. */
export const closeInTurn = async (...started: ReadonlyArray<{ close: () => Promise<unknown> } | undefined>): Promise<void> => {
  for (const thing of started) await thing?.close()
}

/** Everything the page and its frames printed or threw, for assertions and for failure messages. */
export const recordConsole = (page: Page): Array<string> => {
  const lines: Array<string> = []
  page.on("console", (message) => lines.push(`${message.type()}: ${message.text()}`))
  page.on("pageerror", (error) => lines.push(`pageerror: ${error.message}`))
  return lines
}

/** Waits for a page's report, failing with the console after `ms` (no figure is asserted on this wait). */
export const withinOrFail = <T>(promise: Promise<T>, ms: number, lines: ReadonlyArray<string>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no report within ${ms} ms; console:\n${lines.join("\n")}`)), ms))])

const require = createRequire(import.meta.url)

/** The script-tag build as the package ships it (`@org/optave-edge/global`, built by the edge package's build). */
export const globalScript = (): string => readFileSync(require.resolve("@org/optave-edge/global"), "utf8")

/** Bundles a page script of crm/pages as a classic script (an IIFE): what a sandbox evaluates or a `<script src>` loads. */
export const bundleScript = async (entry: string): Promise<string> => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../crm/pages/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    conditions: ["browser"],
    target: "es2022",
    logLevel: "silent"
  })
  return result.outputFiles[0]!.text
}
