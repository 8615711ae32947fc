// Each bundled entry (dist/, what users import) exports at run time exactly the names its source
// module exports. Bundling can lose names silently: an `export *` of an external module one
// module below the entry became a namespace copy, and `validateRequestEnvelope` vanished from
// `@org/optave-core/validate` while its .d.ts still declared it (found only because the CLI's
// own build failed). The source is the reference; the packages are read from the workspace.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { PUBLIC_PACKAGES, workspaceRoot } from "./support/consumer-projects.ts"

/** Every `./dist/*.js` target of a package's `exports` map, with the source `tsc` and the bundler build it from. */
const entriesOf = (packageDir: string): Array<{ readonly name: string; readonly dist: string; readonly source: string }> => {
  const manifest = JSON.parse(readFileSync(join(workspaceRoot, packageDir, "package.json"), "utf8")) as { name: string; exports?: Record<string, unknown> }
  const entries: Array<{ name: string; dist: string; source: string }> = []
  for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
    const target = typeof conditions === "string" ? conditions : (conditions as Record<string, unknown>)["default"]
    // A `*.global.js` target is a script build (one IIFE defining a global, no exports): its names
    // are checked in a browser by apps/runtime-tests/crm/global-script.test.ts.
    if (typeof target !== "string" || !target.startsWith("./dist/") || !target.endsWith(".js") || target.endsWith(".global.js")) continue
    entries.push({
      name: subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      dist: join(workspaceRoot, packageDir, target),
      source: join(workspaceRoot, packageDir, target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"))
    })
  }
  return entries
}

const entries = PUBLIC_PACKAGES.flatMap(entriesOf)

describe("bundled entries", () => {
  it("cover every public package's entries", () => {
    expect(entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(["@org/optave-core", "@org/optave-core/validate", "@org/optave-node", "@org/optave-msw"]))
  })

  it.each(entries.map((entry) => [entry.name, entry] as const))("%s exports what its source exports", async (_name, entry) => {
    const built = Object.keys(await import(pathToFileURL(entry.dist).href)).sort()
    const source = Object.keys(await import(pathToFileURL(entry.source).href)).sort()
    expect(built).toEqual(source)
  })
})

/** The specifiers a built file imports: static imports and re-exports, bare imports, dynamic `import("...")`. */
const importsOf = (file: string): ReadonlyArray<string> => {
  const code = readFileSync(file, "utf8")
  const found = new Set<string>()
  for (const match of code.matchAll(/^\s*(?:import|export)\b[^;"'`]*?(?:from\s*)?["']([^"']+)["']/gm)) found.add(match[1]!)
  for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(match[1]!)
  return [...found].sort()
}

/** The modules a built entry was bundled from, as its source map names them. */
const sourcesOf = (file: string): ReadonlyArray<string> => (JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: Array<string> }).sources

describe("the adapters' two entries", () => {
  const adapters = [
    ["@org/optave-node", "packages/node", ["node:crypto", "node:diagnostics_channel", "node:util", "ws"]],
    ["@org/optave-edge", "packages/edge", []],
    ["@org/optave-deno", "packages/deno", []]
  ] as const

  it.each(adapters)("%s (Promise) carries the core and Effect: it imports neither, only its runtime's own", (_name, folder, runtimeImports) => {
    const entry = join(workspaceRoot, folder, "dist/index.js")
    expect(importsOf(entry)).toEqual([...runtimeImports])
    expect(sourcesOf(entry).some((source) => source.endsWith("core/src/promise-client.ts"))).toBe(true)
    expect(sourcesOf(entry).some((source) => source.endsWith("effect/src/Effect.ts"))).toBe(true)
  })

  it.each(adapters)("%s/effect runs on the application's Effect and the installed core: it carries neither", (_name, folder) => {
    const entry = join(workspaceRoot, folder, "dist/effect.js")
    expect(importsOf(entry)).toEqual(expect.arrayContaining(["@org/optave-core/effect", "effect/Layer"]))
    expect(sourcesOf(entry).filter((source) => source.includes("core/src/") || source.includes("/effect/src/"))).toEqual([])
  })
})
