import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { cp, mkdir, readdir, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export const workspaceRoot = fileURLToPath(new URL("../../../", import.meta.url))
const consumersRoot = fileURLToPath(new URL("../", import.meta.url))
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

/**
 * A fresh consumer project: the files of `apps/consumer-tests/<project>/`, a package.json naming
 * every tarball (they are unpublished, so they must resolve each other in one install),
 * effect and any `extraDependencies` from the registry, then `npm install`.
 */
export const createConsumer = async (
  project: string,
  tarballs: ReadonlyArray<Tarball>,
  root: string,
  /** Registry packages the project needs besides effect (exact versions). */
  extraDependencies: Readonly<Record<string, string>> = {}
): Promise<string> => {
  const directory = join(root, project)
  await mkdir(directory, { recursive: true })
  // A project's own files, when it has any (the CLI project has none: it runs the installed bin).
  if (existsSync(join(consumersRoot, project))) await cp(join(consumersRoot, project), directory, { recursive: true })
  const dependencies = Object.fromEntries([...tarballs.map((tarball) => [tarball.name, `file:${tarball.path}`]), ["effect", "4.1.0"], ...Object.entries(extraDependencies)])
  await writeFile(join(directory, "package.json"), `${JSON.stringify({ name: `consumer-${project}`, private: true, type: "module", dependencies }, null, 2)}\n`)
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: directory, timeoutMs: 180_000 })
  return directory
}
