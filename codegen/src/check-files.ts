import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, sep } from "node:path"

/** How a folder differs from what the generator produces; each list holds file names, sorted. */
export interface CheckResult {
  /** Present with other content. */
  readonly drifted: ReadonlyArray<string>
  /** Generated but absent. */
  readonly missing: ReadonlyArray<string>
  /** Present but not generated. */
  readonly stray: ReadonlyArray<string>
  readonly upToDate: boolean
}

// File names are paths under the folder with "/" (`surface/actions.ts`): the files of every
// subfolder count, so a stray file in a subfolder is found too.
const entriesOf = (outDir: string): ReadonlyArray<string> =>
  existsSync(outDir)
    ? readdirSync(outDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(outDir, join(entry.parentPath, entry.name)).split(sep).join("/"))
        .sort()
    : []

/** Compares `outDir` with `files` byte for byte (the drift gate of `pnpm codegen --check`). */
export const checkFiles = (outDir: string, files: ReadonlyMap<string, string>): CheckResult => {
  const drifted: Array<string> = []
  const missing: Array<string> = []
  for (const [name, text] of [...files].sort(([left], [right]) => (left < right ? -1 : 1))) {
    const path = join(outDir, name)
    if (!existsSync(path)) missing.push(name)
    else if (!readFileSync(path).equals(Buffer.from(text, "utf8"))) drifted.push(name)
  }
  const stray = entriesOf(outDir).filter((name) => !files.has(name))
  return { drifted, missing, stray, upToDate: drifted.length === 0 && missing.length === 0 && stray.length === 0 }
}

/** Writes `files` into `outDir` (created if needed), leaves identical files alone, removes strays. */
export const writeFiles = (outDir: string, files: ReadonlyMap<string, string>): CheckResult => {
  const before = checkFiles(outDir, files)
  mkdirSync(outDir, { recursive: true })
  for (const name of [...before.drifted, ...before.missing]) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true })
    writeFileSync(join(outDir, name), files.get(name) ?? "")
  }
  for (const name of before.stray) rmSync(join(outDir, name), { force: true })
  removeEmptyFolders(outDir)
  return before
}

/** Removes the subfolders of `folder` that hold no file any more (after strays are removed). */
const removeEmptyFolders = (folder: string): void => {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const path = join(folder, entry.name)
    removeEmptyFolders(path)
    if (readdirSync(path).length === 0) rmSync(path, { recursive: true })
  }
}

/**
 * The lines `--check` prints: one per differing file, or the count of files up to date (naming
 * the folder when `nameFolder`, as when several folders are checked).
 */
export const formatCheck = (result: CheckResult, fileCount: number, displayDir: string, nameFolder = false): ReadonlyArray<string> =>
  result.upToDate
    ? [`codegen --check: ${fileCount} files up to date${nameFolder ? ` in ${displayDir}` : ""}`]
    : [
        ...result.drifted.map((name) => `codegen --check: drifted: ${displayDir}/${name}`),
        ...result.missing.map((name) => `codegen --check: missing: ${displayDir}/${name}`),
        ...result.stray.map((name) => `codegen --check: stray: ${displayDir}/${name}`),
        "codegen --check: run `pnpm codegen` and commit the result (fix the schema or the emitter, never the output)"
      ]
