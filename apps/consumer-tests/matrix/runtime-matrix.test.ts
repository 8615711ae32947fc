// The runtimes users run today: the packed packages, installed once per consumer project, run on
// every runtime of @org/test-runtimes (Node 20, 22, 24, 26 and Bun; each binary but the test
// runner's Node pinned from the registry). Per runtime, each a test that can fail: the binary is
// the pinned one, the Promise API over the WebSocket and REST, an Effect program, the CLI's demo,
// and the msw-app example's suite with @org/optave-msw (WebSocket interception with no flag on
// 22+). Only the README's test command runs this file (`pnpm test:all`, turbo task test:runtimes).
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { runtimeBinary, runtimes, type Runtime } from "@org/test-runtimes"
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import semver from "semver"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createConsumer, BOTH_INSIGHTS_COMPLETED, EFFECT_PROGRAM_REPORT, lastJsonLine, packPublicPackages, run, workspaceRoot, type Tarball } from "../test/support/consumer-projects.ts"

const require = createRequire(import.meta.url)
const MSW_APP = "apps/examples/msw-app"
const MSW_README = join(workspaceRoot, "packages/msw/README.md")
const APP_LIBRARIES = new Set(["@org/optave-schema", "@org/optave-core", "@org/optave-node", "@org/optave-mock", "@org/optave-msw"])

/** Each MSW major in @org/optave-msw's peer range with the vitest its users pair it with; msw 3 and vitest 5 need Node >= 22.12. */
const APP_PROJECTS = {
  "msw2-vitest4": { msw: "2.15.0", vitest: "4.1.12" },
  "msw3-vitest5": { msw: "3.0.5", vitest: "5.1.2" }
} as const
type AppProject = keyof typeof APP_PROJECTS

/**
 * Where each runtime runs the app's suite. Node 20 needs msw 2 and vitest 4 (with the README's
 * --experimental-websocket); Node 22+ runs msw 3 and vitest 5 with no flag. Bun runs the same
 * files with its own runner (`bun test` maps vitest's API): with msw 3 MSW does not intercept
 * Bun's fetch (MSW does not support Bun, mswjs/msw#1718), so Bun's users are proven on msw 2.
 */
const APP_SUITE: Record<Runtime["id"], AppProject> = {
  node20: "msw2-vitest4",
  node22: "msw3-vitest5",
  node24: "msw3-vitest5",
  node26: "msw3-vitest5",
  bun: "msw2-vitest4"
}

/** Packages Bun runs here (the rest are the Workers/browser and Deno adapters, proven in workerd, Chromium and Deno). */
const RUN_ON_BUN = new Set(["@org/optave-schema", "@org/optave-core", "@org/optave-node", "@org/optave-mock", "@org/optave-msw", "@org/optave-mock-server", "@org/optave-cli"])
/** Node versions nothing here runs: engines must leave them out (20.19 and 22.12 are where require(esm) is unflagged). */
const UNTESTED_NODE = ["18.20.8", "20.18.3", "21.7.3", "22.11.0", "23.11.1", "25.9.0"]


let root: string
let server: MockServer
let tarballs: Array<Tarball> = []
const projects = new Map<"runtime" | AppProject, string>()

/** The child's environment: no variables of the vitest running this file (a nested vitest would read them) and no NODE_OPTIONS (no hidden flag). */
const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "NODE_OPTIONS" && key !== "TEST" && key !== "NODE_ENV"))
  return { ...clean, NO_COLOR: "1", FORCE_COLOR: "0", ...extra }
}
const serverEnv = () => childEnv({ OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl })

/** A fenced code block of the MSW README, found by its first line (the file name it stands for), unchanged. */
const readmeSnippet = async (firstLine: string): Promise<string> => {
  const readme = await readFile(MSW_README, "utf8")
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => code.startsWith(`${firstLine}\n`))
  if (block === undefined) throw new Error(`packages/msw/README.md has no \`\`\`ts block starting with "${firstLine}"`)
  return block
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "optave-runtimes-"))
  const tarballDir = join(root, "tarballs")
  await mkdir(tarballDir)
  tarballs = await packPublicPackages(tarballDir)
  const appLibraries = tarballs.filter((tarball) => APP_LIBRARIES.has(tarball.name))
  // The runtime project holds everything a runtime runs but the app suite: the Promise and Effect
  // scripts and the CLI (one install). The msw tarball stays out: its peer would pull all of MSW.
  const runtimeTarballs: Array<Tarball> = tarballs.filter((tarball) => tarball.name !== "@org/optave-msw")
  const created = await Promise.all([
    createConsumer("runtime", runtimeTarballs, root, {
      sources: [
        ["apps/consumer-tests/node-esm", "."],
        ["apps/consumer-tests/effect-program", "."]
      ]
    }).then((directory) => ["runtime", directory] as const),
    ...Object.entries(APP_PROJECTS).map(async ([project, versions]) => {
      const own = join("apps/consumer-tests", project)
      const directory = await createConsumer(project, appLibraries, root, {
        sources: [[`${MSW_APP}/src`, "src"], [`${MSW_APP}/test`, "test"], ...(existsSync(join(workspaceRoot, own)) ? [[own, "."] as const] : [])],
        dependencies: versions
      })
      return [project as AppProject, directory] as const
    })
  ])
  for (const [project, directory] of created) projects.set(project, directory)
  // The MSW README's snippets, unchanged, beside the example's suite in both app projects: its
  // test file, and (msw 2 + vitest 4, Node 20) its vitest.config.ts as the project's config.
  const readmeTest = await readmeSnippet("// test/assistant.test.ts")
  const readmeConfig = await readmeSnippet("// vitest.config.ts")
  for (const project of Object.keys(APP_PROJECTS) as Array<AppProject>) {
    await writeFile(join(projects.get(project)!, "test", "assistant.test.ts"), readmeTest)
    await writeFile(join(projects.get(project)!, project === "msw2-vitest4" ? "vitest.config.ts" : "vitest.readme.config.ts"), readmeConfig)
  }
  server = await startMockServer({ port: 0, latencyMs: 5 })
}, 300_000)

afterAll(async () => {
  await server?.close()
  if (root !== undefined && process.env.KEEP_CONSUMERS === undefined) await rm(root, { recursive: true, force: true })
})

/** A vitest run of an app project on a runtime; resolves to vitest's JSON report (counts). */
const vitestSuite = async (binary: string, project: AppProject, args: ReadonlyArray<string> = []) => {
  const directory = projects.get(project)!
  const report = join(directory, `vitest-report-${Date.now()}.json`)
  const vitest = join(directory, "node_modules", "vitest", "vitest.mjs")
  await run(binary, [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args], { cwd: directory, env: childEnv(), timeoutMs: 120_000 })
  const { numTotalTests, numPassedTests, numFailedTests } = JSON.parse(await readFile(report, "utf8")) as Record<string, number>
  return { total: numTotalTests, passed: numPassedTests, failed: numFailedTests }
}

/** `bun test` of an app project (Bun's runner maps vitest's API); resolves to its counts. */
const bunSuite = async (binary: string, project: AppProject) => {
  const output = await run(binary, ["test"], { cwd: projects.get(project)!, env: childEnv(), timeoutMs: 120_000 })
  const text = `${output.stdout}\n${output.stderr}`
  const count = (label: string) => Number(new RegExp(`^\\s*(\\d+) ${label}$`, "m").exec(text)?.[1] ?? Number.NaN)
  const passed = count("pass")
  const failed = count("fail")
  return { total: passed + failed, passed, failed }
}

/** The example's suite has 8 tests and the README snippet 1: fewer passing means a file was not run. */
const MINIMUM_APP_TESTS = 9

describe.each(runtimes.map((runtime) => [runtime.name, runtime] as const))("%s", (_name, runtime) => {
  // Resolved inside each test, so a missing runtime fails every one of its cells with the reason.
  const binary = () => runtimeBinary(runtime.id)

  it("is the pinned binary", async () => {
    const { stdout } = await run(binary(), ["--version"], { cwd: root, env: childEnv() })
    const version = stdout.trim().replace(/^v/, "")
    if (runtime.package === undefined) expect(version.split(".")[0]).toBe(runtime.version)
    else expect(version).toBe(runtime.version)
  })

  it("Promise API: insights over the WebSocket, elevate over REST, a ValidationError, closed internals", async () => {
    const report = lastJsonLine(await run(binary(), ["main.mjs"], { cwd: projects.get("runtime")!, env: serverEnv() }))
    expect(report).toEqual({
      // @org/optave-node opens `ws` by default on every Node; Bun keeps its own WebSocket.
      platform: runtime.id === "bun" ? "node (global WebSocket)" : "node (ws)",
      insights: BOTH_INSIGHTS_COMPLETED,
      elevate: { improve_answer: "completed" },
      validation: { tag: "ValidationError", paths: ["request"] },
      effectLayer: "function",
      // Bun refuses a path outside the exports map with its own code.
      internal: runtime.kind === "bun" ? "ERR_MODULE_NOT_FOUND" : "ERR_PACKAGE_PATH_NOT_EXPORTED"
    })
  })

  it("Effect program: actions over both transports, a Stream, a ValidationError caught by tag, errors of both entries recognised; exits by itself", async () => {
    const report = lastJsonLine(await run(binary(), ["effect-program.mjs"], { cwd: projects.get("runtime")!, env: serverEnv(), timeoutMs: 60_000 }))
    expect(report).toEqual(EFFECT_PROGRAM_REPORT)
  })

  it("CLI: optave demo against its embedded mock server", async () => {
    const directory = projects.get("runtime")!
    const manifest = join(directory, "node_modules", "@org", "optave-cli", "package.json")
    const { bin } = require(manifest) as { bin: Record<string, string> }
    const demo = await run(binary(), [join(directory, "node_modules", "@org", "optave-cli", bin["optave"]!), "demo"], { cwd: directory, env: childEnv() })
    expect(demo.stdout).toContain("3/3 superpowers completed")
    expect(demo.stdout).toContain("0 errors")
  })

  const appProject = APP_SUITE[runtime.id]
  const { msw, vitest } = APP_PROJECTS[appProject]
  const runner = runtime.kind === "bun" ? "bun test" : `vitest ${vitest}`
  it(`app suite with @org/optave-msw: the msw-app example and the MSW README's test, msw ${msw}, ${runner}`, async () => {
    const counts = runtime.kind === "bun" ? await bunSuite(binary(), appProject) : await vitestSuite(binary(), appProject)
    expect(counts.failed).toBe(0)
    expect(counts.passed).toBe(counts.total)
    expect(counts.passed).toBeGreaterThanOrEqual(MINIMUM_APP_TESTS)
  })
})

describe("Bun with msw 3", () => {
  // Why Bun's row uses msw 2: msw 3 leaves Bun's fetch unpatched, so REST goes to the real host.
  // When this starts to pass, Bun can move to msw 3: update APP_SUITE and the README's table.
  it("does not intercept Bun's fetch: the app suite's REST calls reach the real (unresolvable) host", async () => {
    const outcome = await bunSuite(runtimeBinary("bun"), "msw3-vitest5").then(
      (counts) => `passed: ${JSON.stringify(counts)}`,
      (error: Error) => error.message
    )
    // The client names the host it tried, never the platform's message (which may quote headers).
    expect(outcome).toMatch(/NETWORK\): https:\/\/acme\.oco\.optave\.tech\/message\/\w+ could not be reached/)
  })
})

describe("the MSW README's vitest.config.ts", () => {
  it("works unchanged with msw 3 + vitest 5 on Node 24 (the flag it passes is harmless there)", async () => {
    const counts = await vitestSuite(runtimeBinary("node24"), "msw3-vitest5", ["--config", "vitest.readme.config.ts", "test/assistant.test.ts"])
    expect(counts).toEqual({ total: 1, passed: 1, failed: 0 })
  })
})

describe("engines", () => {
  it("every published package states the Node versions this matrix runs, and Bun where Bun runs it", async () => {
    const testedNode = runtimes.filter((runtime) => runtime.kind === "node").map((runtime) => (runtime.package === undefined ? process.versions.node : runtime.version))
    const bun = runtimes.find((runtime) => runtime.kind === "bun")!
    expect(tarballs).toHaveLength(9)
    for (const tarball of tarballs) {
      const { stdout } = await run("tar", ["-xzOf", tarball.path, "package/package.json"], { cwd: root })
      const engines = (JSON.parse(stdout) as { engines?: Record<string, string> }).engines ?? {}
      expect(engines.node, `${tarball.name} has no engines.node`).toBeTypeOf("string")
      for (const version of testedNode) expect(semver.satisfies(version, engines.node!), `${tarball.name}: Node ${version} is tested but outside engines.node "${engines.node}"`).toBe(true)
      for (const version of UNTESTED_NODE) expect(semver.satisfies(version, engines.node!), `${tarball.name}: Node ${version} is not tested but inside engines.node "${engines.node}"`).toBe(false)
      if (RUN_ON_BUN.has(tarball.name)) expect(semver.satisfies(bun.version, engines.bun ?? "<0.0.0"), `${tarball.name}: Bun ${bun.version} runs it but engines.bun is "${engines.bun}"`).toBe(true)
      else expect(engines.bun, `${tarball.name} is not run on Bun here`).toBeUndefined()
    }
  })
})
