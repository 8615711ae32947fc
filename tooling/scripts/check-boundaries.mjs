// Checks the one-way data flow of DESIGN.md / HOUSE-RULES R2: every import of a workspace
// package (and of typebox) from a library's src/ must be an allowed edge. Exits 1 listing
// each violation as file:line.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"

const root = new URL("../..", import.meta.url).pathname
// For each package folder: imports allowed at run time, and imports allowed as `import type` only.
const rules = {
  "packages/schema": { value: ["typebox"], type: [] },
  codegen: { value: ["@org/optave-schema", "typebox", "ts-morph"], type: [] },
  "packages/core": { value: [], type: ["@org/optave-schema"] },
  "packages/node": { value: ["@org/optave-core", "@org/optave-core/effect", "@org/optave-core/platform"], type: [] },
  "packages/edge": { value: ["@org/optave-core", "@org/optave-core/effect", "@org/optave-core/platform"], type: [] },
  "packages/deno": { value: ["@org/optave-core", "@org/optave-core/effect", "@org/optave-core/platform"], type: [] },
  "packages/mock": { value: ["@org/optave-core/validate"], type: ["@org/optave-schema"] },
  "packages/msw": { value: ["@org/optave-mock", "@org/optave-core/validate"], type: ["@org/optave-schema", "@org/optave-core"] }
}
const guarded = /^(@org\/|typebox)/

const filesUnder = (folder) =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : []
  })

const importPattern = /^\s*(import|export)\s+(type\s+)?(?:[^"']*?\s+from\s+)?["']([^"']+)["']/gm
const violations = []
for (const [folder, allowed] of Object.entries(rules)) {
  const source = join(root, folder, "src")
  let files
  try {
    files = filesUnder(source)
  } catch {
    continue
  }
  for (const file of files) {
    const text = readFileSync(file, "utf8")
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[3]
      if (!guarded.test(specifier)) continue
      const typeOnly = match[2] !== undefined
      const ok = allowed.value.some((name) => specifier === name || specifier.startsWith(`${name}/`)) ||
        (typeOnly && allowed.type.some((name) => specifier === name || specifier.startsWith(`${name}/`)))
      if (!ok) {
        const line = text.slice(0, match.index).split("\n").length
        violations.push(`${relative(root, file)}:${line}: ${typeOnly ? "type " : ""}import of ${specifier} is not an allowed edge for ${folder}`)
      }
    }
  }
}
// R10: an adapter is a few small files; past 150 lines, protocol logic has leaked into it.
const ADAPTER_LINE_BUDGET = 150
for (const adapter of ["packages/node", "packages/edge", "packages/deno"]) {
  const lines = filesUnder(join(root, adapter, "src")).reduce((sum, file) => sum + readFileSync(file, "utf8").split("\n").length, 0)
  if (lines > ADAPTER_LINE_BUDGET) violations.push(`${adapter}/src: ${lines} lines, over the adapter budget of ${ADAPTER_LINE_BUDGET}`)
  else console.log(`check:boundaries: ${adapter}/src is ${lines} lines (budget ${ADAPTER_LINE_BUDGET})`)
}

// Releases: a published package must not depend on an unpublished one (npm could not install
// it), and every published package is in the one changesets `fixed` group (one shared version).
const violationsBeforeRelease = violations.length
const manifests = ["packages", "apps", "tooling"].flatMap((group) =>
  readdirSync(join(root, group)).flatMap((name) => {
    try {
      return [{ folder: `${group}/${name}`, ...JSON.parse(readFileSync(join(root, group, name, "package.json"), "utf8")) }]
    } catch {
      return []
    }
  })
)
const workspaceNames = new Set(manifests.map((manifest) => manifest.name))
const published = new Set(manifests.filter((manifest) => manifest.private !== true).map((manifest) => manifest.name))
const fixedGroup = new Set(JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8")).fixed.flat())
for (const manifest of manifests.filter((candidate) => published.has(candidate.name))) {
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (workspaceNames.has(dependency) && !published.has(dependency)) {
      violations.push(`${manifest.folder}/package.json: the published ${manifest.name} depends on ${dependency}, which is private`)
    }
  }
  if (!fixedGroup.has(manifest.name)) violations.push(`.changeset/config.json: the published ${manifest.name} is not in the fixed group`)
}
for (const name of fixedGroup) if (!published.has(name)) violations.push(`.changeset/config.json: the fixed group names ${name}, which is not a published workspace package`)
if (violations.length === violationsBeforeRelease) {
  console.log(`check:boundaries: ${published.size} published packages, all in the fixed group, none depending on a private one`)
}

if (violations.length > 0) {
  console.error(`check:boundaries: ${violations.length} violation(s)\n${violations.join("\n")}`)
  process.exit(1)
}
console.log(`check:boundaries: ${Object.keys(rules).length} packages follow the one-way data flow`)
