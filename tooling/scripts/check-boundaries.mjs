// Checks the one-way data flow ARCHITECTURE.md draws: every import of a workspace
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
  "packages/msw": { value: ["@org/optave-mock", "@org/optave-core/validate"], type: ["@org/optave-schema", "@org/optave-core"] },
  "packages/mock-server": { value: ["@org/optave-mock"], type: [] }
}
const guarded = /^(@org\/|typebox)/

const filesUnder = (folder) =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : []
  })
/** The `.ts` files of a package's `src/`; none when it has no `src/`. */
const sourceFilesOf = (source) => {
  try {
    return filesUnder(source)
  } catch {
    return []
  }
}

const importPattern = /^\s*(import|export)\s+(type\s+)?(?:[^"']*?\s+from\s+)?["']([^"']+)["']/gm
const violations = []
for (const [folder, allowed] of Object.entries(rules)) {
  const source = join(root, folder, "src")
  const files = sourceFilesOf(source)
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
// An adapter is a platform module and its entries; past 150 lines of platform, protocol logic
// has leaked into it. The entries (the Promise one and the Effect one, the same file in every
// adapter) are wiring only: each at most 25 lines.
const ADAPTER_LINE_BUDGET = 150
const ADAPTER_ENTRY_LINE_BUDGET = 25
const ADAPTER_ENTRIES = ["index.ts", "effect.ts"]
for (const adapter of ["packages/node", "packages/edge", "packages/deno"]) {
  const files = filesUnder(join(root, adapter, "src"))
  const linesOf = (file) => readFileSync(file, "utf8").split("\n").length
  const isEntry = (file) => ADAPTER_ENTRIES.includes(relative(join(root, adapter, "src"), file))
  const lines = files.filter((file) => !isEntry(file)).reduce((sum, file) => sum + linesOf(file), 0)
  if (lines > ADAPTER_LINE_BUDGET) violations.push(`${adapter}/src: ${lines} lines besides its entries, over the adapter budget of ${ADAPTER_LINE_BUDGET}`)
  else console.log(`check:boundaries: ${adapter}/src is ${lines} lines besides its entries (budget ${ADAPTER_LINE_BUDGET})`)
  for (const entry of files.filter(isEntry)) {
    if (linesOf(entry) > ADAPTER_ENTRY_LINE_BUDGET) violations.push(`${relative(root, entry)}: ${linesOf(entry)} lines, over the entry budget of ${ADAPTER_ENTRY_LINE_BUDGET} (an entry only wires)`)
  }
}

// Releases: a published package must not depend on an unpublished one (npm could not install
// it), and every published package is in the one changesets `fixed` group (one shared version).
const violationsBeforeRelease = violations.length
const manifests = ["packages", "apps", "apps/examples", "tooling"].flatMap((group) =>
  readdirSync(join(root, group)).flatMap((name) => {
    try {
      return [{ folder: `${group}/${name}`, ...JSON.parse(readFileSync(join(root, group, name, "package.json"), "utf8")) }]
    } catch {
      return []
    }
  })
)
const workspaceNames = new Set(manifests.map((manifest) => manifest.name))
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const published = new Set(manifests.filter((manifest) => manifest.private !== true).map((manifest) => manifest.name))
const fixedGroup = new Set(JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8")).fixed.flat())
for (const manifest of manifests.filter((candidate) => published.has(candidate.name))) {
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (workspaceNames.has(dependency) && !published.has(dependency)) {
      violations.push(`${manifest.folder}/package.json: the published ${manifest.name} depends on ${dependency}, which is private`)
    }
  }
  if (!fixedGroup.has(manifest.name)) violations.push(`.changeset/config.json: the published ${manifest.name} is not in the fixed group`)
  // The registry resolves a README's relative links against `repository` (its `directory` included).
  const repository = manifest.repository
  if (repository?.url !== rootManifest.repository?.url || repository?.directory !== manifest.folder) {
    violations.push(`${manifest.folder}/package.json: "repository" must be the root's url with "directory": "${manifest.folder}"`)
  }
}
for (const name of fixedGroup) if (!published.has(name)) violations.push(`.changeset/config.json: the fixed group names ${name}, which is not a published workspace package`)
if (violations.length === violationsBeforeRelease) {
  console.log(`check:boundaries: ${published.size} published packages, all in the fixed group, each with its repository directory, none depending on a private one`)
}

// Package kinds by folder (as ARCHITECTURE.md lists them): published libraries in packages/, runnable apps and
// examples in apps/ (private, or published only as a command: a `bin`), private tooling in
// tooling/. Arrows only downward: nothing depends on an app, and a library depends on no app and
// on tooling only for its own development (shared tsconfig, vitest preset, test runtimes).
const violationsBeforeKinds = violations.length
const kindOf = (folder) => (folder.startsWith("packages/") ? "library" : folder.startsWith("apps/") ? "app" : "tooling")
const kindByName = new Map(manifests.map((manifest) => [manifest.name, kindOf(manifest.folder)]))
for (const manifest of manifests) {
  const kind = kindOf(manifest.folder)
  const isPublished = manifest.private !== true
  if (kind === "library" && !isPublished) violations.push(`${manifest.folder}: a private package in packages/ (private tooling goes in tooling/, apps in apps/)`)
  if (kind === "tooling" && isPublished) violations.push(`${manifest.folder}: a published package in tooling/ (published libraries go in packages/)`)
  if (kind === "app" && isPublished && manifest.bin === undefined) violations.push(`${manifest.folder}: a published library in apps/ (it goes in packages/)`)
  const runtime = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
  for (const dependency of [...runtime, ...Object.keys(manifest.devDependencies ?? {})]) {
    const target = kindByName.get(dependency)
    if (target === "app") violations.push(`${manifest.folder}/package.json: depends on the app ${dependency}; apps are leaves (move a shared library to packages/)`)
    if (kind === "library" && target === "tooling" && runtime.includes(dependency)) {
      violations.push(`${manifest.folder}/package.json: the library ${manifest.name} needs the private tooling ${dependency} at run time`)
    }
  }
}
if (violations.length === violationsBeforeKinds) {
  console.log(`check:boundaries: ${manifests.length} workspace packages, each in the folder of its kind, no arrow running up`)
}

// Generated code has one place in the direction of data: a generated file at the top
// of `src/generated/` is a leaf that imports nothing hand-written but the validator issue type;
// generated surfaces that wrap hand-written code sit in a subfolder of `src/generated/` and are
// imported only by the package's entry files (the targets of its exports map).
const ISSUE_TYPE_MODULE = "validation-issue.ts"
// A relative import or re-export (group 2: `type`-only, group 3: the path).
const relativeImportPattern = /^\s*(import|export)\s+(type\s+)?(?:[^"']*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/gm
const violationsBeforeGenerated = violations.length
for (const folder of readdirSync(join(root, "packages")).map((name) => `packages/${name}`)) {
  const source = join(root, folder, "src")
  const files = sourceFilesOf(source)
  const generated = join(source, "generated")
  const entryFiles = new Set(
    JSON.stringify(JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")).exports ?? {})
      .match(/\.\/dist\/[^"]+\.js/g)
      ?.map((target) => join(root, folder, target.replace("./dist/", "src/").replace(/\.js$/, ".ts"))) ?? []
  )
  for (const file of files) {
    const text = readFileSync(file, "utf8")
    const isGenerated = file.startsWith(`${generated}/`)
    const isLeaf = isGenerated && !relative(generated, file).includes("/")
    for (const match of text.matchAll(relativeImportPattern)) {
      const target = join(file, "..", match[3])
      const line = text.slice(0, match.index).split("\n").length
      const where = `${relative(root, file)}:${line}`
      const targetIsGenerated = target.startsWith(`${generated}/`)
      const targetIsSurface = targetIsGenerated && relative(generated, target).includes("/")
      if (isLeaf && !targetIsGenerated) {
        if (target !== join(source, ISSUE_TYPE_MODULE)) violations.push(`${where}: generated ${match[3]} is hand-written; a generated leaf imports only the validator issue type`)
      }
      if (!isGenerated && targetIsSurface && !entryFiles.has(file)) {
        violations.push(`${where}: ${match[3]} is a generated surface; only the package's entry files import it`)
      }
    }
  }
}
if (violations.length === violationsBeforeGenerated) console.log("check:boundaries: generated code is a leaf, its surfaces imported only by entry files")

// Every adapter's entries export the same names, so changing runtime is changing one import
// path (their types are compared by apps/consumer-tests/types/consumer.ts).
const exportedNames = (file) => {
  const text = readFileSync(file, "utf8")
  const names = new Set()
  for (const match of text.matchAll(/^export\s+(?:declare\s+)?(?:const|function|class|interface|type)\s+([A-Za-z_$][\w$]*)/gm)) names.add(match[1])
  for (const match of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of match[1].split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()
      if (name) names.add(name)
    }
  }
  for (const match of text.matchAll(/^export\s+\*\s+from\s+["']([^"']+)["']/gm)) names.add(`* from ${match[1]}`)
  return [...names].sort()
}
// Each entry (the Promise one, `src/index.ts`, and the Effect one, `src/effect.ts`) is compared across adapters.
for (const entry of ADAPTER_ENTRIES) {
  const adapterSurfaces = ["packages/node", "packages/edge", "packages/deno"].map((adapter) => ({ adapter, names: exportedNames(join(root, adapter, "src", entry)) }))
  const [reference, ...others] = adapterSurfaces
  for (const other of others) {
    const missing = reference.names.filter((name) => !other.names.includes(name))
    const extra = other.names.filter((name) => !reference.names.includes(name))
    if (missing.length + extra.length > 0) {
      violations.push(`${other.adapter}/src/${entry}: exports differ from ${reference.adapter}'s (missing: ${missing.join(", ") || "none"}; extra: ${extra.join(", ") || "none"})`)
    }
  }
  if (adapterSurfaces.every(({ names }) => names.join() === reference.names.join())) {
    console.log(`check:boundaries: the three adapters' src/${entry} export the same ${reference.names.length} names (${reference.names.join(", ")})`)
  }
}

if (violations.length > 0) {
  console.error(`check:boundaries: ${violations.length} violation(s)\n${violations.join("\n")}`)
  process.exit(1)
}
console.log(`check:boundaries: ${Object.keys(rules).length} packages follow the one-way data flow`)
