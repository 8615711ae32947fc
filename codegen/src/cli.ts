#!/usr/bin/env node
// `pnpm codegen` writes packages/core/src/generated/ and the action reference in
// packages/core/docs/reference/; `pnpm codegen --check` fails on drift in either.
// `--out-dir <dir>` points the generated folder elsewhere (tests); the reference is then left alone.
import * as schema from "@org/optave-schema"
import { relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { checkFiles, formatCheck, writeFiles } from "./check-files.ts"
import { ACTION_REFERENCE_DIR } from "./emit-action-reference.ts"
import { CORE_OPTIONS, generate, generateActionReference } from "./generate.ts"

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url))
const args = process.argv.slice(2)
const check = args.includes("--check")
const outDirIndex = args.indexOf("--out-dir")
const outDir = outDirIndex === -1 ? undefined : args[outDirIndex + 1]
const unexpected = args.filter((arg, index) => arg !== "--check" && (outDirIndex === -1 || (index !== outDirIndex && index !== outDirIndex + 1)))
if (unexpected.length > 0 || (outDirIndex !== -1 && outDir === undefined)) {
  console.error(`usage: optave-codegen [--check] [--out-dir <dir>] (unexpected: ${unexpected.join(" ") || "an option without a folder"})`)
  process.exit(2)
}

const displayOf = (dir: string): string => (relative(repositoryRoot, dir).startsWith("..") ? dir : relative(repositoryRoot, dir))
const targets: Array<{ readonly outDir: string; readonly files: Map<string, string> }> = [
  { outDir: outDir === undefined ? resolve(repositoryRoot, "packages/core/src/generated") : resolve(outDir), files: generate(schema, schema.actionCatalog, CORE_OPTIONS) }
]
if (outDir === undefined) {
  targets.push({ outDir: resolve(repositoryRoot, ACTION_REFERENCE_DIR), files: generateActionReference(schema, schema.actionCatalog) })
}

if (check) {
  let upToDate = true
  for (const target of targets) {
    const result = checkFiles(target.outDir, target.files)
    upToDate &&= result.upToDate
    for (const line of formatCheck(result, target.files.size, displayOf(target.outDir), targets.length > 1)) (result.upToDate ? console.log : console.error)(line)
  }
  process.exit(upToDate ? 0 : 1)
}
for (const target of targets) {
  const result = writeFiles(target.outDir, target.files)
  const changed = result.drifted.length + result.missing.length
  console.log(
    `codegen: ${target.files.size} files in ${displayOf(target.outDir)} (${changed} written, ${target.files.size - changed} unchanged, ${result.stray.length} stray removed)`
  )
}
