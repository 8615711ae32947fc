import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { cp, mkdir, readdir, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { basename, dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

export const workspaceRoot = fileURLToPath(new URL("../../../../", import.meta.url))
const consumersRoot = fileURLToPath(new URL("../../", import.meta.url))
const require = createRequire(import.meta.url)

export interface Output {
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command; rejects with its output (so a failure shows why) on a non-zero exit. */
export const run = (command: string, args: ReadonlyArray<string>, options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Output> =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${basename(command)} ${args.join(" ")} (in ${options.cwd}) failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr })
    )
  })

/** The last line of a consumer's stdout, which is its JSON report. */
export const lastJsonLine = (output: Output): unknown => JSON.parse(output.stdout.trim().split("\n").at(-1) ?? "null")

/** A tool's entry script from this package's node_modules, run with this Node (no reliance on PATH or .bin shims). */
export const toolScript = (packageName: string, bin: string): string => {
  // Read the manifest by path: some tools (publint) do not export ./package.json.
  const manifest = join(consumersRoot, "node_modules", packageName, "package.json")
  const { bin: bins } = require(manifest) as { bin: string | Record<string, string> }
  return join(dirname(manifest), typeof bins === "string" ? bins : bins[bin]!)
}

export interface Tarball {
  readonly name: string
  readonly path: string
}

/** `pnpm pack` of one workspace package (which rewrites `workspace:*` to real versions). */
export const pack = async (packageDir: string, destination: string): Promise<Tarball> => {
  const before = new Set(await readdir(destination))
  await run("pnpm", ["pack", "--pack-destination", destination], { cwd: join(workspaceRoot, packageDir) })
  const created = (await readdir(destination)).filter((file) => file.endsWith(".tgz") && !before.has(file))
  if (created.length !== 1) throw new Error(`pnpm pack in ${packageDir} made ${created.length} tarballs`)
  const { name } = require(join(workspaceRoot, packageDir, "package.json")) as { name: string }
  return { name, path: join(destination, created[0]!) }
}

/** Every published package, by folder: what users install. */
export const PUBLIC_PACKAGES = [
  "packages/schema",
  "packages/core",
  "packages/node",
  "packages/edge",
  "packages/deno",
  "packages/mock",
  "packages/msw",
  "packages/mock-server",
  "apps/cli"
] as const

/** `pnpm pack` of every public package into `destination`, in PUBLIC_PACKAGES order (one at a time: each runs its lifecycle and writes next to it). */
export const packPublicPackages = async (destination: string): Promise<Array<Tarball>> => {
  const tarballs: Array<Tarball> = []
  for (const packageDir of PUBLIC_PACKAGES) tarballs.push(await pack(packageDir, destination))
  return tarballs
}

/** What a consumer project is made of besides the tarballs: where its files come from, and registry packages it adds. */
export interface ConsumerOptions {
  /** Folders copied into the project, in order: `[from, to]`, from relative to the workspace root, to relative to the project; by default `apps/consumer-tests/<project>/` to the project root, when it exists. */
  readonly sources?: ReadonlyArray<readonly [from: string, to: string]>
  /** Registry packages beside the tarballs and effect, pinned (e.g. msw and vitest for an app suite). */
  readonly dependencies?: Readonly<Record<string, string>>
  /** False for a Promise-only app: no `effect` in its package.json (the adapters carry their own). Default true. */
  readonly effect?: boolean
}

/** Both insights superpowers completed, as the apps report a result. */
export const BOTH_INSIGHTS_COMPLETED = { performance_criteria: "completed", sentiment_analysis: "completed" }

/**
 * What effect-program.mjs reports against the mock server, on every runtime: actions over both
 * transports, a Stream, a ValidationError caught by tag, and the errors of both entries each
 * recognised by both `isOptaveError`s, by its tag.
 */
export const EFFECT_PROGRAM_REPORT = {
  insights: BOTH_INSIGHTS_COMPLETED,
  elevate: { improve_answer: "completed" },
  stream: BOTH_INSIGHTS_COMPLETED,
  validation: { tag: "ValidationError", paths: ["request"] },
  bothEntries: {
    fromEffectEntry: { tag: "ValidationError", byPromiseEntry: true, byEffectEntry: true },
    fromPromiseEntry: { tag: "ValidationError", byPromiseEntry: true, byEffectEntry: true }
  }
}

/**
 * A fresh consumer project: its files, a package.json naming every tarball (they are unpublished,
 * so they must resolve each other in one install) and effect from the registry (unless
 * `effect: false`), then one
 * `npm install` that prefers the local cache.
 */
export const createConsumer = async (project: string, tarballs: ReadonlyArray<Tarball>, root: string, options: ConsumerOptions = {}): Promise<string> => {
  const directory = join(root, project)
  await mkdir(directory, { recursive: true })
  // A project's own files, when it has any (the CLI project has none: it runs the installed bin).
  const sources = options.sources ?? (existsSync(join(consumersRoot, project)) ? [[relative(workspaceRoot, join(consumersRoot, project)), "."] as const] : [])
  for (const [from, to] of sources) await cp(join(workspaceRoot, from), join(directory, to), { recursive: true })
  const effect = options.effect === false ? [] : [["effect", "4.1.0"]]
  const dependencies = Object.fromEntries([...tarballs.map((tarball) => [tarball.name, `file:${tarball.path}`]), ...effect, ...Object.entries(options.dependencies ?? {})])
  await writeFile(join(directory, "package.json"), `${JSON.stringify({ name: `consumer-${project}`, private: true, type: "module", dependencies }, null, 2)}\n`)
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: directory, timeoutMs: 180_000 })
  return directory
}
