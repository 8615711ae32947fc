// The packed tarballs, as users get them: publint and attw on each, then fresh consumer projects
// (npm install of the tarballs) for Node ESM, Node require(esm), a Worker in workerd, Deno, and tsc.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { build, type BuildOptions } from "esbuild"
import { Miniflare } from "miniflare"
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createConsumer, BOTH_INSIGHTS_COMPLETED, EFFECT_PROGRAM_REPORT, lastJsonLine, packPublicPackages, PUBLIC_PACKAGES, run, toolScript, type ConsumerOptions, type Tarball } from "./support/consumer-projects.ts"

/** Tarballs installed in their own project only: the command line and the server it embeds. */
const CLI_TARBALLS = new Set(["@org/optave-cli", "@org/optave-mock-server"])
const PROJECTS = ["node-esm", "node-cjs", "worker", "deno", "types", "effect", "promise-types"] as const
/** How a project differs from the default (its own folder's files, effect installed): Promise-only apps install no effect. */
const PROJECT_OPTIONS: Partial<Record<(typeof PROJECTS)[number], ConsumerOptions>> = {
  "node-esm": { effect: false },
  "node-cjs": { effect: false },
  "promise-types": { effect: false },
  effect: { sources: [["apps/consumer-tests/effect-program", "."]] }
}

let root: string
let server: MockServer
let tarballs: Array<Tarball> = []
const projects = new Map<(typeof PROJECTS)[number] | "cli", string>()
const env = () => ({ ...process.env, OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl })

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "optave-consumers-"))
  const tarballDir = join(root, "tarballs")
  await mkdir(tarballDir)
  tarballs = await packPublicPackages(tarballDir)
  // @org/optave-msw's tarball is linted, not installed: its msw peer would download all of MSW.
  const libraries = tarballs.filter((tarball) => tarball.name !== "@org/optave-msw" && !CLI_TARBALLS.has(tarball.name))
  const created = await Promise.all([
    ...PROJECTS.map(async (project) => [project, await createConsumer(project, libraries, root, PROJECT_OPTIONS[project])] as const),
    (async () => ["cli", await createConsumer("cli", [...libraries, ...tarballs.filter((tarball) => CLI_TARBALLS.has(tarball.name))], root)] as const)()
  ])
  for (const [project, directory] of created) projects.set(project, directory)
  server = await startMockServer({ port: 0, latencyMs: 5 })
}, 300_000)

afterAll(async () => {
  await server?.close()
  if (root !== undefined && process.env.KEEP_CONSUMERS === undefined) await rm(root, { recursive: true, force: true })
})

describe("every tarball", () => {
  it("packs every public package", () => {
    expect(tarballs.map((tarball) => tarball.name).sort()).toEqual(
      [
        "@org/optave-cli",
        "@org/optave-core",
        "@org/optave-deno",
        "@org/optave-edge",
        "@org/optave-mock",
        "@org/optave-mock-server",
        "@org/optave-msw",
        "@org/optave-node",
        "@org/optave-schema"
      ].sort()
    )
  })

  it.concurrent.each(PUBLIC_PACKAGES)("%s passes publint --strict", async (packageDir) => {
    const tarball = tarballs[PUBLIC_PACKAGES.indexOf(packageDir)]!
    const { stdout } = await run(process.execPath, [toolScript("publint", "publint"), "run", tarball.path, "--strict"], { cwd: root })
    expect(stdout).toContain("All good!")
  })

  it.concurrent.each(PUBLIC_PACKAGES)("%s passes attw --profile esm-only", async (packageDir) => {
    const tarball = tarballs[PUBLIC_PACKAGES.indexOf(packageDir)]!
    // attw exits non-zero on any problem; ESM-only packages are judged without CJS resolution.
    await run(process.execPath, [toolScript("@arethetypeswrong/cli", "attw"), tarball.path, "--profile", "esm-only", "--format", "ascii", "--no-emoji", "--no-color"], {
      cwd: root
    })
  })
})

describe("consumer projects", () => {
  it("Node ESM, no effect installed: insights over WS, elevate over REST, a ValidationError, closed internals; only the Effect entry needs effect", async () => {
    const directory = projects.get("node-esm")!
    expect(existsSync(join(directory, "node_modules", "effect")), "npm installed effect for a Promise-only app").toBe(false)
    const report = lastJsonLine(await run(process.execPath, ["main.mjs"], { cwd: directory, env: env() }))
    expect(report).toEqual({
      platform: "node (ws)",
      insights: BOTH_INSIGHTS_COMPLETED,
      elevate: { improve_answer: "completed" },
      validation: { tag: "ValidationError", paths: ["request"] },
      effectLayer: "ERR_MODULE_NOT_FOUND",
      internal: "ERR_PACKAGE_PATH_NOT_EXPORTED"
    })
  })

  it("Effect app: the /effect entry on the app's effect, over both transports, a Stream, a tagged error; errors of both entries recognised by both", async () => {
    const report = lastJsonLine(await run(process.execPath, ["effect-program.mjs"], { cwd: projects.get("effect")!, env: env(), timeoutMs: 60_000 }))
    expect(report).toEqual(EFFECT_PROGRAM_REPORT)
  })

  it("Node CommonJS: require() of the ESM-only packages (require(esm), unflagged since Node 20.19)", async () => {
    const requireModule = (process.features as { require_module?: boolean }).require_module
    expect(requireModule, `Node ${process.version} cannot require(esm) unflagged: the packages are ESM-only; CommonJS apps must use import()`).toBe(true)
    const report = lastJsonLine(await run(process.execPath, ["main.cjs"], { cwd: projects.get("node-cjs")!, env: env() }))
    expect(report).toEqual({ platform: "node (ws)", insights: BOTH_INSIGHTS_COMPLETED })
  })

  it("Worker: an esbuild bundle (workerd conditions) of @org/optave-edge runs in workerd; @org/optave-node refuses to bundle", async () => {
    const directory = projects.get("worker")!
    const options: BuildOptions & { write: false } = {
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      absWorkingDir: directory,
      logLevel: "silent"
    }
    const bundled = await build({ ...options, entryPoints: ["worker.ts"] })
    // @org/optave-node's "workerd" condition turns a wrong import into a build error that names the fix, not a crash on `ws` at run time.
    await expect(build({ ...options, stdin: { contents: 'export { createClient } from "@org/optave-node"', resolveDir: directory } })).rejects.toThrow(
      /Could not resolve "@org\/optave-node is for Node.js: in browser code or a Worker, import @org\/optave-edge"/
    )

    const miniflare = new Miniflare({
      modules: true,
      script: bundled.outputFiles[0]!.text,
      compatibilityDate: "2026-04-01",
      bindings: { OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl },
      outboundService: { network: { allow: ["local"], deny: [] } }
    })
    try {
      const response = await miniflare.dispatchFetch("http://consumer.invalid/")
      expect(await response.json()).toEqual({ platform: "workerd (fetch upgrade)", insights: BOTH_INSIGHTS_COMPLETED, elevate: { improve_answer: "completed" } })
    } finally {
      await miniflare.dispose()
    }
  })

  it("Deno: a script importing @org/optave-deno from the installed node_modules, offline", async () => {
    const output = await run(
      denoBinary(),
      ["run", "--no-remote", "--cached-only", "--allow-net=127.0.0.1", "--allow-env=OPTAVE_WS_URL,OPTAVE_REST_URL,OPTAVE_TOKEN", "main.ts"],
      {
        cwd: projects.get("deno")!,
        env: { PATH: process.env.PATH, HOME: root, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1", OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl, OPTAVE_TOKEN: "deno-token" }
      }
    )
    expect(lastJsonLine(output)).toEqual({ platform: "deno", insights: BOTH_INSIGHTS_COMPLETED })
  })

  it("CLI: the installed optave bin prints an example, validates it, and runs the demo against its embedded mock server", async () => {
    const directory = projects.get("cli")!
    const optave = join(directory, "node_modules", ".bin", "optave")
    expect(existsSync(optave), "npm linked no optave bin").toBe(true)
    const example = await run(optave, ["example", "insights"], { cwd: directory })
    await writeFile(join(directory, "payload.json"), example.stdout)
    const validated = await run(optave, ["validate", "payload.json", "--action", "insights"], { cwd: directory })
    expect(`${validated.stdout}${validated.stderr}`).toMatch(/valid/i)
    const demo = await run(optave, ["demo"], { cwd: directory, env: { ...process.env, NO_COLOR: "1" } })
    expect(demo.stdout).toContain("3/3 superpowers completed")
    expect(demo.stdout).toContain("0 errors")
  })

  // nodenext also checks every .d.ts (ours and effect's: ~40 s), so a declaration that needs types
  // the consumer lacks (e.g. @types/node) fails here; bundler checks the consumer file only.
  it.each(["nodenext", "bundler"])("TypeScript: a consumer file type-checks with moduleResolution %s", async (resolution) => {
    const tsc = toolScript("typescript", "tsc")
    await run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], { cwd: projects.get("types")! })
  })

  // With skipLibCheck, as `tsc --init` and most templates set it: the core's declarations of its
  // internals still name `effect` modules, which then go unchecked; what a Promise user touches does not.
  it("TypeScript, no effect installed: a Promise-only file type-checks, errors narrowed by isOptaveError to their tags", async () => {
    const directory = projects.get("promise-types")!
    expect(existsSync(join(directory, "node_modules", "effect"))).toBe(false)
    await run(process.execPath, [toolScript("typescript", "tsc"), "-p", "tsconfig.json"], { cwd: directory })
  })
})

/** Deno's binary from the `deno` npm package; fails loudly when missing. */
const denoBinary = (): string => {
  const fromDeno = createRequire(createRequire(import.meta.url).resolve("deno/package.json"))
  const target = `@deno/${process.platform}-${process.arch === "arm64" ? "arm64" : "x64"}${process.platform === "linux" ? "-glibc" : ""}`
  const binary = join(dirname(fromDeno.resolve(`${target}/package.json`)), "deno")
  if (!existsSync(binary)) throw new Error(`Deno is not installed: no binary at ${binary} (pnpm install the "deno" package)`)
  return binary
}

