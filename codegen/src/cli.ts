#!/usr/bin/env node
// `pnpm codegen` writes packages/core/src/generated/, packages/msw/src/generated/ and the action
// reference in packages/core/docs/reference/;
// `pnpm codegen --check` fails on drift in any of them. `--out-dir <dir>` and `--msw-out-dir <dir>`
// point the two outputs at other folders (tests); with only `--out-dir`, only the core output runs.
import * as schema from "@org/optave-schema"
import { relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { checkFiles, formatCheck, writeFiles } from "./check-files.ts"
import { MSW_GENERATED_DIR } from "./emit-msw-handlers.ts"
import { ACTION_REFERENCE_DIR } from "./emit-action-reference.ts"
import { generate, generateActionReference, generateMswHandlers } from "./generate.ts"

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url))
const args = process.argv.slice(2)
const check = args.includes("--check")
const valueOptions = ["--out-dir", "--msw-out-dir"] as const
const valueOf = (name: (typeof valueOptions)[number]): { readonly index: number; readonly value: string | undefined } => {
  const index = args.indexOf(name)
  return { index, value: index === -1 ? undefined : args[index + 1] }
}
const outDirOption = valueOf("--out-dir")
const mswOutDirOption = valueOf("--msw-out-dir")
const consumed = new Set<number>()
for (const option of [outDirOption, mswOutDirOption]) if (option.index !== -1) consumed.add(option.index).add(option.index + 1)
const unexpected = args.filter((arg, index) => arg !== "--check" && !consumed.has(index))
const missingValue = [outDirOption, mswOutDirOption].some((option) => option.index !== -1 && option.value === undefined)
if (unexpected.length > 0 || missingValue) {
  console.error(
    `usage: optave-codegen [--check] [--out-dir <dir>] [--msw-out-dir <dir>] (unexpected: ${unexpected.join(" ") || "an option without a folder"})`
  )
  process.exit(2)
}

const displayOf = (outDir: string): string => (relative(repositoryRoot, outDir).startsWith("..") ? outDir : relative(repositoryRoot, outDir))
const targets: Array<{ readonly outDir: string; readonly files: Map<string, string> }> = [
  {
    outDir: outDirOption.value === undefined ? resolve(repositoryRoot, "packages/core/src/generated") : resolve(outDirOption.value),
    files: generate(schema, schema.actionCatalog)
  }
]
if (mswOutDirOption.value !== undefined || outDirOption.value === undefined) {
  targets.push({
    outDir: mswOutDirOption.value === undefined ? resolve(repositoryRoot, MSW_GENERATED_DIR) : resolve(mswOutDirOption.value),
    files: generateMswHandlers(schema, schema.actionCatalog)
  })
}

if (outDirOption.value === undefined && mswOutDirOption.value === undefined) {
  targets.push({ outDir: resolve(repositoryRoot, ACTION_REFERENCE_DIR), files: generateActionReference(schema, schema.actionCatalog) })
}

if (check) {
  let upToDate = true
  for (const { outDir, files } of targets) {
    const result = checkFiles(outDir, files)
    upToDate &&= result.upToDate
    for (const line of formatCheck(result, files.size, displayOf(outDir), targets.length > 1)) (result.upToDate ? console.log : console.error)(line)
  }
  process.exit(upToDate ? 0 : 1)
}
for (const { outDir, files } of targets) {
  const result = writeFiles(outDir, files)
  const changed = result.drifted.length + result.missing.length
  console.log(
    `codegen: ${files.size} files in ${displayOf(outDir)} (${changed} written, ${files.size - changed} unchanged, ${result.stray.length} stray removed)`
  )
}
