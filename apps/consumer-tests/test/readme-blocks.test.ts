// The READMEs' code, as a user copies it: every ```ts block of every README (root, packages and
// published apps) is type-checked against the PACKED packages, installed from their tarballs
// into a fresh project, under `tsc --init`'s defaults (strict, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess, verbatimModuleSyntax). A block may declare what it assumes (a
// payload, a variable of the surrounding app) in comment lines `// assume: <declaration>`:
// the test turns them into code, the reader sees them as comments.
// The `sh` commands of the root README's command-line section run against the built CLI (the
// workspace's own setup commands of the Quick start are what the full test run itself does).
import { startMockServer } from "@org/optave-mock-server"
import { spawn } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createConsumer, pack, run, toolScript, workspaceRoot, type Tarball } from "./support/consumer-projects.ts"

const LIBRARY_PACKAGES = ["packages/schema", "packages/core", "packages/node", "packages/edge", "packages/deno", "packages/mock", "packages/msw", "packages/mock-server"]
/** The versions this repository tests with (MSW 2 is the one Node 20 runs; the proxy packages of the Node README; the OpenTelemetry API of core's traces). */
const REGISTRY_DEPENDENCIES = { msw: "2.15.0", vitest: "4.1.12", "@types/node": "20.19.43", undici: "7.24.8", "https-proxy-agent": "7.0.6", "@opentelemetry/api": "1.9.1" }

/** The README files users read: the root, every package, every published app. */
const readmes = (): ReadonlyArray<string> => {
  const found = ["README.md"]
  for (const folder of ["packages", "apps"]) {
    for (const entry of readdirSync(join(workspaceRoot, folder)).sort()) {
      const path = join(folder, entry, "README.md")
      const manifest = join(workspaceRoot, folder, entry, "package.json")
      const published = existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { private?: boolean }).private !== true
      if (published && existsSync(join(workspaceRoot, path))) found.push(path)
    }
  }
  return found
}

interface Block {
  readonly readme: string
  readonly line: number
  readonly file: string
  readonly source: string
}

/** Every ```ts block, with `// assume:` lines made code; each block is its own module. */
export const tsBlocks = (readme: string, text: string): ReadonlyArray<Block> => {
  const blocks: Array<Block> = []
  const fence = /^```ts\n([\s\S]*?)^```$/gm
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    const line = text.slice(0, match.index).split("\n").length
    const body = match[1]!.replace(/^(\s*)\/\/ assume: (.*)$/gm, "$1$2")
    const file = `${readme.replace(/[/.]/g, "_")}_line${line}.ts`
    blocks.push({ readme, line, file, source: `${body}\nexport {}\n` })
  }
  return blocks
}

const tsconfig = {
  // `tsc --init` of TypeScript 6, minus emit; `types: ["node"]` as a Node app with @types/node has.
  compilerOptions: {
    module: "nodenext",
    target: "esnext",
    types: ["node"],
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    strict: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noUncheckedSideEffectImports: true,
    moduleDetection: "force",
    skipLibCheck: true,
    noEmit: true
  },
  include: ["blocks/*.ts"]
}

const allBlocks = readmes().flatMap((readme) => tsBlocks(readme, readFileSync(join(workspaceRoot, readme), "utf8")))

let root: string
let project: string
let diagnostics = ""

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "optave-readmes-"))
  const tarballDir = join(root, "tarballs")
  await mkdir(tarballDir)
  const tarballs: Array<Tarball> = []
  for (const packageDir of LIBRARY_PACKAGES) tarballs.push(await pack(packageDir, tarballDir))
  project = await createConsumer("readme-blocks", tarballs, root, { dependencies: REGISTRY_DEPENDENCIES })
  await mkdir(join(project, "blocks"))
  for (const block of allBlocks) await writeFile(join(project, "blocks", block.file), block.source)
  await writeFile(join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2))
  // One tsc run for every block; each test reads the diagnostics of its own file.
  diagnostics = await run(process.execPath, [toolScript("typescript", "tsc"), "-p", "tsconfig.json", "--pretty", "false"], { cwd: project, timeoutMs: 300_000 })
    .then((output) => output.stdout)
    .catch((error: Error) => error.message)
}, 600_000)

afterAll(async () => {
  if (root !== undefined && process.env.KEEP_CONSUMERS === undefined) await rm(root, { recursive: true, force: true })
})

describe("the READMEs' TypeScript blocks compile against the packed packages", () => {
  it("finds the blocks of every README (root and packages)", () => {
    const withBlocks = new Set(allBlocks.map((block) => block.readme))
    for (const readme of ["README.md", "packages/core/README.md", "packages/node/README.md", "packages/edge/README.md", "packages/msw/README.md"]) {
      expect(withBlocks).toContain(readme)
    }
    expect(allBlocks.length).toBeGreaterThan(15)
  })

  it.each(allBlocks.map((block) => [`${block.readme}:${block.line}`, block] as const))("%s", (_name, block) => {
    const own = diagnostics
      .split("\n")
      .filter((line) => line.startsWith(`blocks/${block.file}(`))
      .map((line) => line.replace(`blocks/${block.file}`, `${block.readme} block at line ${block.line}`))
    expect(own).toEqual([])
  })

  it("the check can fail: a block that breaks a type is reported", async () => {
    const broken = join(project, "broken")
    await mkdir(broken, { recursive: true })
    await writeFile(join(broken, "broken.ts"), 'import { createClient } from "@org/optave-node"\ncreateClient({ tenant: 42 })\nexport {}\n')
    await writeFile(join(broken, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["broken.ts"] }))
    const failed = await run(process.execPath, [toolScript("typescript", "tsc"), "-p", relative(project, join(broken, "tsconfig.json"))], { cwd: project }).then(
      () => "",
      (error: Error) => error.message
    )
    expect(failed).toContain("broken.ts")
  })
})

describe("the root README's command-line section runs", () => {
  const readme = readFileSync(join(workspaceRoot, "README.md"), "utf8")
  const section = readme.slice(readme.indexOf("### The command line"), readme.indexOf("## Test your app without the service"))
  const commands = [...section.matchAll(/^node apps\/cli\/dist\/bin\.js ([^#\n]+?)\s*(?:#.*)?$/gm)].map((match) => match[1]!.split(/\s+/))

  it("finds its commands", () => {
    expect(commands.length).toBeGreaterThanOrEqual(2)
  })

  const cli = join(workspaceRoot, "apps/cli/dist/bin.js")
  const withPayload = async (action: string): Promise<string> => {
    const payloadPath = join(root, `${action}-payload.json`)
    await writeFile(payloadPath, (await run(process.execPath, [cli, "example", action], { cwd: root })).stdout)
    return payloadPath
  }

  it("optave insights --json streams NDJSON from a mock server named by the environment", async () => {
    const args = commands.find((each) => each[0] === "insights")!
    const server = await startMockServer({ port: 0, latencyMs: 1 })
    try {
      const payloadPath = await withPayload("insights")
      const env = { ...process.env, OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl, OPTAVE_TOKEN: "any-token" }
      const { stdout } = await run(process.execPath, [cli, ...args.map((arg) => (arg === "payload.json" ? payloadPath : arg))], { cwd: root, env })
      const events = stdout.trim().split("\n").map((line) => JSON.parse(line) as { actionType: string; state: string })
      expect(events.filter((event) => event.state === "completed").map((event) => event.actionType).sort()).toEqual(["performance_criteria", "sentiment_analysis"])
    } finally {
      await server.close()
    }
  })

  it("optave mock-server starts and prints where it listens (on port 0 here)", async () => {
    const args = commands.find((each) => each[0] === "mock-server")!.map((arg, index, all) => (all[index - 1] === "--port" ? "0" : arg))
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let output = ""
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8")
          if (/ws:\/\/127\.0\.0\.1:\d+/u.test(output)) resolve(output)
        })
        child.on("exit", (code) => reject(new Error(`mock-server exited with ${code}: ${output}`)))
      })
      expect(printed).toMatch(/ws:\/\/127\.0\.0\.1:\d+/u)
    } finally {
      child.kill("SIGTERM")
    }
  })

  it("optave validate on the example it prints (and refuses a broken payload)", async () => {
    const validate = commands.find((args) => args[0] === "validate")!
    const example = await run(process.execPath, [cli, "example", validate[validate.indexOf("--action") + 1]!], { cwd: root })
    const payloadPath = join(root, "payload.json")
    await writeFile(payloadPath, example.stdout)
    const args = validate.map((arg) => (arg === "payload.json" ? payloadPath : arg))
    await expect(run(process.execPath, [cli, ...args], { cwd: root })).resolves.toBeDefined()
    await writeFile(payloadPath, JSON.stringify({ request: {} }))
    await expect(run(process.execPath, [cli, ...args], { cwd: root })).rejects.toThrow(/request\.context\s+is required/)
  })
})
