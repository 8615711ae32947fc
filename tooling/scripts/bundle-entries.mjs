// Bundles a package's public entries (the targets of its `exports` map, its `bin`, its `imports`)
// from `src/` into `dist/`, one file per entry plus shared chunks, with source maps. Why: Node
// loads an ES module per file, and a cold start that resolves, reads and links 40 small files of
// our own pays for each (issue 17). `tsc -b` still writes the `.d.ts` files (emitDeclarationOnly).
//
// Every bare import stays external: dependencies and peer dependencies are the user's to install
// and dedupe (effect is a peer so that Effect API users share one Effect with their own code), and
// `#`-subpath imports stay unresolved so that the consumer's runtime or bundler picks the target by
// its own conditions (the core's `imports` field chooses validators for `browser`/`workerd`).
// Usage (from a package folder): node ../../tooling/scripts/bundle-entries.mjs [--platform node|neutral]
import { build } from "esbuild"
import { readFileSync, readdirSync, rmSync } from "node:fs"
import { join, relative } from "node:path"

const folder = process.cwd()
const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"))
const platformFlag = process.argv.indexOf("--platform")
const platform = platformFlag >= 0 ? process.argv[platformFlag + 1] : "neutral"

/** `./dist/a/b.js` -> `src/a/b.ts`: the layout `tsc` uses, so the `.d.ts` files sit beside their bundles. */
const sourceOf = (target) => {
  if (!/^\.\/dist\/.+\.js$/.test(target)) throw new Error(`${manifest.name}: entry ${target} is not a ./dist/*.js file`)
  return target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")
}

const targets = new Set()
const collect = (value) => {
  if (typeof value === "string") {
    if (value.startsWith("./dist/") && value.endsWith(".js")) targets.add(value)
  } else if (value !== null && typeof value === "object") {
    for (const [condition, nested] of Object.entries(value)) if (condition !== "types") collect(nested)
  }
}
collect(manifest.exports)
collect(manifest.bin)
// `#`-subpath targets (e.g. the core's validator forms per condition) are entries of their own:
// the bundles above import them by their `#` name and the runtime resolves them here.
collect(manifest.imports)

const entryPoints = Object.fromEntries([...targets].map((target) => [target.slice("./dist/".length, -".js".length), sourceOf(target)]))

// Stale bundles and chunks from an earlier build must not ship; the `.d.ts` files are tsc's.
rmSync(join(folder, "dist", "chunks"), { recursive: true, force: true })

const result = await build({
  absWorkingDir: folder,
  entryPoints,
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform,
  target: "es2022",
  packages: "external",
  external: ["#*"],
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  sourcesContent: false,
  // Keep the code readable in a stack trace; only the module count matters for start-up.
  minify: false,
  treeShaking: true,
  logLevel: "warning",
  // A `bin` keeps its shebang (esbuild preserves it from the source); nothing else is added.
  legalComments: "none",
  metafile: true
})

// A `.js` left in dist/ by an older per-file build would ship unused: keep only what esbuild wrote.
const written = new Set(Object.keys(result.metafile.outputs).map((output) => join(folder, output)))
for (const entry of readdirSync(join(folder, "dist"), { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name)
  if (entry.isFile() && /\.js(\.map)?$/.test(entry.name) && !written.has(path)) rmSync(path)
}
if (process.env.BUNDLE_ENTRIES_VERBOSE) console.log([...written].map((path) => relative(folder, path)).join("\n"))
