#!/usr/bin/env node
// `pnpm codegen` writes packages/core/src/generated/; `pnpm codegen --check` fails on drift.
// `--out-dir <dir>` points either at another folder (tests).
import * as schema from "@org/optave-schema"
import { relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { checkFiles, formatCheck, writeFiles } from "./check-files.ts"
import { generate } from "./generate.ts"

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url))
const args = process.argv.slice(2)
const check = args.includes("--check")
const outDirIndex = args.indexOf("--out-dir")
const outDirArgument = outDirIndex === -1 ? undefined : args[outDirIndex + 1]
const unexpected = args.filter((arg, index) => arg !== "--check" && (outDirIndex === -1 || (index !== outDirIndex && index !== outDirIndex + 1)))
if (unexpected.length > 0 || (outDirIndex !== -1 && outDirArgument === undefined)) {
  console.error(`usage: optave-codegen [--check] [--out-dir <dir>] (unexpected: ${unexpected.join(" ") || "--out-dir without a folder"})`)
  process.exit(2)
}
const outDir = outDirArgument === undefined ? resolve(repositoryRoot, "packages/core/src/generated") : resolve(outDirArgument)
const displayDir = relative(repositoryRoot, outDir).startsWith("..") ? outDir : relative(repositoryRoot, outDir)

const files = generate(schema, schema.actionCatalog)
if (check) {
  const result = checkFiles(outDir, files)
  for (const line of formatCheck(result, files.size, displayDir)) (result.upToDate ? console.log : console.error)(line)
  process.exit(result.upToDate ? 0 : 1)
}
const result = writeFiles(outDir, files)
const changed = result.drifted.length + result.missing.length
console.log(
  `codegen: ${files.size} files in ${displayDir} (${changed} written, ${files.size - changed} unchanged, ${result.stray.length} stray removed)`
)
