// The bundlers users build with, tried as a new user would: the packed packages installed in a fresh
// project, each bundler's default production build of one small app, and the built app run against
// the mock server (insights over the WebSocket and REST, and a payload the validators refuse). Browser
// builds (@org/optave-edge) run in headless Chromium; server builds (@org/optave-node, esbuild with
// platform node, ESM and CommonJS) on every Node we support; Next.js builds both (a client page and
// a route handler), served by `next start`. Each reports the validator form it
// got and the app's gzip size. And the mistake: @org/optave-node in browser code is refused with the
// fix in the message. Only the README's test command runs this file (`pnpm test:all`).
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { runtimeBinary, type Runtime } from "@org/test-runtimes"
import { execFileSync, spawn } from "node:child_process"
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { extname, join } from "node:path"
import { gzipSync } from "node:zlib"
import { chromium, type Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createConsumer, lastJsonLine, pack, run, workspaceRoot, type Tarball } from "../test/support/consumer-projects.ts"

/** The bundlers, pinned; each one's engines hold Node 20.19. */
export const BUNDLERS = { vite: "8.4.1", webpack: "5.113.0", rollup: "4.69.3", "@rollup/plugin-node-resolve": "16.0.3", esbuild: "0.28.2", next: "16.5.0", react: "19.2.0", "react-dom": "19.2.0" } as const
const LIBRARIES = ["packages/schema", "packages/core", "packages/node", "packages/edge"]

// A string only the compact validators hold, and one only the fast ones hold: they survive minifying.
// The compact form builds a pattern's message from the RegExp at run time; the fast one writes the
// traceparent header's message out whole.
const COMPACT_MARK = "must be an integer"
const FAST_MARK = "must match pattern ^00-[0-9a-f]{32}"
const completed = { performance_criteria: "completed", sentiment_analysis: "completed" }

let root: string
let project: string
let server: MockServer
let browser: Browser | undefined
let pages: Server | undefined
let pagesOrigin: string
let served: string
const sizes: Array<string> = []
const refusals: Array<string> = []

/** The built app's JavaScript: every .js file the build wrote, its gzip size, and the validator form it holds. */
const builtApp = async (name: string) => {
  const directory = join(project, "out", name)
  const files = (await readdir(directory, { recursive: true })).filter((file) => file.endsWith(".js") || file.endsWith(".mjs") || file.endsWith(".cjs"))
  const code = await Promise.all(files.map((file) => readFile(join(directory, file))))
  const form = (text: string) => (text.includes(COMPACT_MARK) ? (text.includes(FAST_MARK) ? "both" : "compact") : text.includes(FAST_MARK) ? "fast" : "neither")
  const gzipBytes = code.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0)
  const rawBytes = code.reduce((sum, bytes) => sum + bytes.length, 0)
  return { directory, files, form: form(code.map((bytes) => bytes.toString("utf8")).join("\n")), gzipBytes, rawBytes }
}

const build = async (name: string) => {
  const started = performance.now()
  await run(process.execPath, ["build.mjs", name], { cwd: project, timeoutMs: 180_000 })
  const app = await builtApp(name)
  sizes.push(`${name}: ${(app.gzipBytes / 1024).toFixed(1)} KB gzip (${(app.rawBytes / 1024).toFixed(1)} KB raw), ${app.form} validators, built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return app
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "optave-bundlers-"))
  const tarballDir = join(root, "tarballs")
  await mkdir(tarballDir)
  const tarballs: Array<Tarball> = []
  for (const library of LIBRARIES) tarballs.push(await pack(library, tarballDir))
  project = await createConsumer("bundlers", tarballs, root, { dependencies: BUNDLERS })
  server = await startMockServer({ port: 0, latencyMs: 5 })
  // One page server; each browser test points it at its build's output folder (the tests run one at a time).
  pages = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://page").pathname
    const file = path === "/" ? "index.html" : path.slice(1)
    const body = await readFile(join(served, file)).catch(() => (path === "/" ? Buffer.from(`<!doctype html><meta charset="utf-8"><script type="module" src="/${servedEntry}"></script>`) : undefined))
    if (body === undefined) return response.writeHead(404).end()
    response.writeHead(200, { "content-type": extname(file) === ".html" ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8" }).end(body)
  })
  await new Promise<void>((listening) => pages!.listen(0, "127.0.0.1", listening))
  pagesOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`
  execFileSync(join(workspaceRoot, "apps/runtime-tests/scripts/ensure-chromium.sh"), { stdio: "inherit" })
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] })
}, 600_000)

afterAll(async () => {
  console.info(`[bundlers] ${JSON.stringify(BUNDLERS)}\n  ${sizes.join("\n  ")}\n[refusals]\n  ${refusals.join("\n  ")}`)
  await browser?.close()
  if (pages !== undefined) await new Promise((closed) => pages!.close(closed))
  await server?.close()
  if (root !== undefined && process.env.KEEP_CONSUMERS === undefined) await rm(root, { recursive: true, force: true })
})

let servedEntry = ""
/** Opens the built page in Chromium (from the page server, or `origin`'s own) and waits for the app's report. */
const runInChromium = async (directory: string, entry: string, origin = pagesOrigin): Promise<Record<string, unknown>> => {
  served = directory
  servedEntry = entry
  const tab = await browser!.newPage()
  const console: Array<string> = []
  tab.on("console", (message) => console.push(`${message.type()}: ${message.text()}`))
  tab.on("pageerror", (error) => console.push(`pageerror: ${error.message}`))
  try {
    await tab.goto(`${origin}/?${new URLSearchParams({ ws: server.wsUrl, rest: server.restUrl })}`)
    await tab.waitForFunction(() => "optaveReport" in globalThis, undefined, { timeout: 30_000 }).catch((error: Error) => {
      throw new Error(`${error.message}\nconsole:\n${console.join("\n")}`)
    })
    return (await tab.evaluate(() => (globalThis as { optaveReport?: unknown }).optaveReport)) as Record<string, unknown>
  } finally {
    await tab.close()
  }
}

describe("browser builds of an app on @org/optave-edge, run in Chromium", () => {
  it.each([
    ["vite", "compact"],
    ["webpack", "compact"],
    ["esbuild-browser", "compact"],
    // node-resolve's defaults ignore the `browser` condition, but every condition of the edge entry
    // leads to the same self-contained bundle, with the compact validators inside.
    ["rollup", "compact"],
    ["rollup-browser", "compact"]
  ] as const)("%s: a production build with its defaults works and holds the %s validators", async (name, form) => {
    const app = await build(name)
    expect(app.form).toBe(form)
    const report = await runInChromium(app.directory, app.files.find((file) => !file.includes("/")) ?? app.files[0]!)
    expect(report).toEqual({
      platform: "browser (WebSocket)",
      overSocket: completed,
      overRest: completed,
      refused: { tag: "ValidationError", paths: ["request"] }
    })
  })
})

describe("Next.js (next build, Turbopack): a client page on @org/optave-edge and a route handler on @org/optave-node", () => {
  it("builds with no configuration; the page works in Chromium with the compact validators, the route handler with ws", async () => {
    const started = performance.now()
    await run(process.execPath, ["build.mjs", "next"], { cwd: project, timeoutMs: 300_000 })
    const chunks = join(project, ".next", "static", "chunks")
    const files = (await readdir(chunks, { recursive: true })).filter((file) => file.endsWith(".js"))
    const texts = await Promise.all(files.map(async (file) => ({ file, bytes: await readFile(join(chunks, file)) })))
    // The page's chunk holding the client (with its validators); React and Next's runtime are chunks of their own.
    const client = texts.filter(({ bytes }) => bytes.includes(COMPACT_MARK) || bytes.includes(FAST_MARK))
    expect(client).toHaveLength(1)
    expect([client[0]!.bytes.includes(COMPACT_MARK), client[0]!.bytes.includes(FAST_MARK)]).toEqual([true, false])
    sizes.push(`next: page chunk ${(gzipSync(client[0]!.bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip (${(client[0]!.bytes.length / 1024).toFixed(1)} KB raw), compact validators, built in ${((performance.now() - started) / 1000).toFixed(1)} s`)

    const { NODE_ENV: _testRunnerEnv, ...environment } = process.env
    const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "0", "-H", "127.0.0.1"], {
      cwd: project,
      env: { ...environment, NEXT_TELEMETRY_DISABLED: "1", OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl }
    })
    try {
      let output = ""
      const origin = await new Promise<string>((listening, failed) => {
        next.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString()
          const address = /Local:\s+(http:\/\/\S+)/u.exec(output)?.[1]
          if (address !== undefined && output.includes("Ready")) listening(address)
        })
        next.on("exit", (code) => failed(new Error(`next start exited with ${code}: ${output}`)))
      })
      const routeReport = await fetch(`${origin}/api/insights`).then((response) => response.json())
      expect(routeReport).toEqual({ platform: "node (ws)", overSocket: completed, overRest: completed, refused: { tag: "ValidationError", paths: ["request"] } })
      expect(await runInChromium(project, "", origin)).toEqual({ platform: "browser (WebSocket)", overSocket: completed, overRest: completed, refused: { tag: "ValidationError", paths: ["request"] } })
    } finally {
      next.kill()
    }
  }, 300_000)
})

describe("@org/optave-node imported in browser code: the build says to import @org/optave-edge", () => {
  const FIX = "@org/optave-node is for Node.js: in browser code or a Worker, import @org/optave-edge"
  it.each(["vite", "webpack", "esbuild-browser", "next"])("%s refuses to build, quoting the fix", async (name) => {
    const failure = await run(process.execPath, ["build.mjs", name, "node-in-browser"], { cwd: project, timeoutMs: 300_000 }).then(
      () => "built",
      (error: Error) => error.message
    )
    refusals.push(`${name}: ${failure.split("\n").find((line) => line.includes(FIX))?.trim()}`)
    expect(failure).toContain(FIX)
  })

  it("Rollup (node-resolve with browser: true) warns with the fix and leaves the import to fail in the page", async () => {
    const { stderr } = await run(process.execPath, ["build.mjs", "rollup-browser", "node-in-browser"], { cwd: project, timeoutMs: 180_000 })
    refusals.push(`rollup-browser: ${stderr.split("\n").find((line) => line.includes(FIX))?.trim()}`)
    expect(stderr).toContain(`"${FIX}" is imported by`)
  })
})

const NODES: ReadonlyArray<Runtime["id"]> = ["node20", "node22", "node24", "node26"]

describe("server bundles of a program on @org/optave-node (esbuild, platform node)", () => {
  let esm: Awaited<ReturnType<typeof builtApp>>
  let cjs: Awaited<ReturnType<typeof builtApp>>
  let external: Awaited<ReturnType<typeof builtApp>>
  beforeAll(async () => {
    esm = await build("esbuild-node-esm")
    cjs = await build("esbuild-node-cjs")
    external = await build("esbuild-node-esm-external")
    // Node has no `browser` condition: the fast validators, as Node itself loads them.
    expect([esm.form, cjs.form, external.form]).toEqual(["fast", "fast", "fast"])
  }, 180_000)
  const start = (binary: string, script: string) => run(binary, [script], { cwd: project, env: { ...process.env, NODE_OPTIONS: "", OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl }, timeoutMs: 60_000 })

  it.each(NODES)("CommonJS output keeps ws: %s", async (id) => {
    const output = await start(runtimeBinary(id), join(cjs.directory, "server.cjs"))
    expect(lastJsonLine(output)).toEqual({ platform: "node (ws)", overSocket: completed, overRest: completed, refused: { tag: "ValidationError", paths: ["request"] } })
  })

  it.each(NODES)("ESM output with --external:ws keeps ws: %s", async (id) => {
    const output = await start(runtimeBinary(id), join(external.directory, "server.mjs"))
    expect(lastJsonLine(output)).toEqual({ platform: "node (ws)", overSocket: completed, overRest: completed, refused: { tag: "ValidationError", paths: ["request"] } })
  })

  it.each(NODES)("ESM output (ws inlined, it cannot load): %s uses its global WebSocket with a warning, or fails at the first connect naming ws and the fix", async (id) => {
    const output = await start(runtimeBinary(id), join(esm.directory, "server.mjs"))
    if (id === "node20") {
      expect(lastJsonLine(output)).toEqual({
        platform: "node (ws)",
        error: {
          tag: "TransportError",
          code: "CONNECT_FAILED",
          retryable: false,
          message: expect.stringContaining('the ws package could not be loaded (Dynamic require of "events" is not supported): keep ws external to the bundle (esbuild --external:ws), emit CommonJS'),
          cause: expect.stringContaining("or use the runtime's WebSocket")
        }
      })
    } else {
      expect(lastJsonLine(output)).toEqual({ platform: "node (global WebSocket, ws could not load)", overSocket: completed, overRest: completed, refused: { tag: "ValidationError", paths: ["request"] } })
      expect(output.stderr).toContain("[OPTAVE_WS_UNAVAILABLE]")
    }
  })
})
