// Bundles a package's public entries (the targets of its `exports` map, its `bin`, its `imports`)
// from `src/` into `dist/`, one file per entry plus shared chunks, with source maps. Why: Node
// loads an ES module per file, and a cold start that resolves, reads and links 40 small files of
// our own pays for each (BENCHMARKS.md has the cold-start figures). `tsc -b` still writes the `.d.ts` files (emitDeclarationOnly).
//
// Every bare import stays external: dependencies and peer dependencies are the user's to install
// and dedupe (effect is a peer so that Effect API users share one Effect with their own code), and
// `#`-subpath imports stay unresolved so that the consumer's runtime or bundler picks the target by
// its own conditions (the core's `imports` field chooses validators for `browser`/`workerd`).
//
// An adapter's Promise entry is the exception (`--self-contained`): it carries the core and the
// parts of Effect it uses, so a Promise user installs one package and no `effect`; its Effect entry
// stays external, so Effect users run it on their own Effect.
//
// Usage (from a package folder):
//   node ../../tooling/scripts/bundle-entries.mjs [--platform node|neutral] [--self-contained-bin ws,...]
//     [--self-contained .,./sub [--external ws,...] [--conditions workerd,...]]
// `--self-contained-bin` (an application's command, the CLI) bundles the `bin` entries with their
// dependencies inlined, except the packages listed: a command shares no Effect with anyone, and
// its start-up then reads a few files instead of a hundred.
import { build } from "esbuild"
import { readFileSync, readdirSync, rmSync } from "node:fs"
import { join, relative } from "node:path"

const folder = process.cwd()
const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"))
const option = (name) => {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : undefined
}
const platform = option("--platform") ?? "neutral"
const selfContainedBin = option("--self-contained-bin")
const listOption = (name) => (option(name) ?? "").split(",").filter((item) => item !== "")
// Export subpaths bundled with their dependencies inlined (but `--external`), resolved under
// `--conditions` (the core's `#validators` form: the compact one for Workers and pages).
const selfContainedSubpaths = new Set(listOption("--self-contained"))

/** `./dist/a/b.js` -> `src/a/b.ts`: the layout `tsc` uses, so the `.d.ts` files sit beside their bundles. */
const sourceOf = (target) => {
  if (!/^\.\/dist\/.+\.js$/.test(target)) throw new Error(`${manifest.name}: entry ${target} is not a ./dist/*.js file`)
  return target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")
}

/** The `./dist/*.js` targets found in a package.json field (conditions nested at any depth; `types` skipped). */
const targetsOf = (field) => {
  const targets = new Set()
  const collect = (value) => {
    if (typeof value === "string") {
      // `*.global.js` is a script build (one IIFE defining a global), made by the package's own build step.
      if (value.startsWith("./dist/") && value.endsWith(".js") && !value.endsWith(".global.js")) targets.add(value)
    } else if (value !== null && typeof value === "object") {
      for (const [condition, nested] of Object.entries(value)) if (condition !== "types") collect(nested)
    }
  }
  collect(field)
  return targets
}

const entryPointsOf = (targets) => Object.fromEntries([...targets].map((target) => [target.slice("./dist/".length, -".js".length), sourceOf(target)]))

const binTargets = targetsOf(typeof manifest.bin === "string" ? { [manifest.name]: manifest.bin } : manifest.bin)
// `#`-subpath targets (e.g. the core's validator forms per condition) are entries of their own:
// the bundles import them by their `#` name and the runtime resolves them here.
const selfContainedTargets = new Set([...selfContainedSubpaths].flatMap((subpath) => {
  if (manifest.exports?.[subpath] === undefined) throw new Error(`${manifest.name}: --self-contained ${subpath} is not in its exports map`)
  return [...targetsOf(manifest.exports[subpath])]
}))
const libraryTargets = new Set([...targetsOf(manifest.exports), ...targetsOf(manifest.imports)].filter((target) => !selfContainedTargets.has(target)))
if (selfContainedBin === undefined) for (const target of binTargets) libraryTargets.add(target)

const common = {
  absWorkingDir: folder,
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform,
  target: "es2022",
  // Chunks sit beside the entries, so `import.meta.url` means the same folder in every output file.
  chunkNames: "[name]-[hash]",
  sourcemap: true,
  sourcesContent: false,
  // Keep the code readable in a stack trace; only the module count matters for start-up.
  minify: false,
  treeShaking: true,
  logLevel: "warning",
  // A `bin` keeps its shebang (esbuild preserves it from the source); nothing else is added.
  legalComments: "none",
  metafile: true
}

const results = []
if (libraryTargets.size > 0) {
  results.push(await build({ ...common, entryPoints: entryPointsOf(libraryTargets), packages: "external", external: ["#*"] }))
}
if (selfContainedTargets.size > 0) {
  const conditions = listOption("--conditions")
  results.push(
    await build({
      ...common,
      entryPoints: entryPointsOf(selfContainedTargets),
      external: listOption("--external"),
      ...(conditions.length > 0 ? { conditions } : {}),
      // The core's own bundles import their shared chunks bare (`import "./chunk-X.js"`) for
      // order; the core declares no side effects, so dropping those imports is what it asks for.
      logOverride: { "ignored-bare-import": "silent" }
    })
  )
}
if (selfContainedBin !== undefined && binTargets.size > 0) {
  const external = selfContainedBin.split(",").filter((name) => name !== "")
  results.push(await build({ ...common, entryPoints: entryPointsOf(binTargets), external }))
}

// A `.js` left in dist/ by an older build would ship unused: keep only what esbuild wrote now.
const written = new Set(results.flatMap((result) => Object.keys(result.metafile.outputs).map((output) => join(folder, output))))
for (const entry of readdirSync(join(folder, "dist"), { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name)
  if (entry.isFile() && /\.js(\.map)?$/.test(entry.name) && !written.has(path)) rmSync(path)
}
if (process.env.BUNDLE_ENTRIES_VERBOSE) console.log([...written].map((path) => relative(folder, path)).join("\n"))
