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
