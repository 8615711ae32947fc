// The script-tag build: dist/optave.global.js, one minified IIFE (with its source map) that
// defines exactly one global, `Optave`, holding src/optave-global.ts's exports. For pages that
// load a file without a bundler: a Salesforce static resource (`loadScript`), a Zendesk app's
// iframe, a `<script src>`. Built from the same sources as the ESM entry (the core's built
// dist), with the `browser` condition, so it carries the core's compact validators.
//
// Runs after `tsc -b` (which writes dist/optave-global.d.ts) and after bundle-entries.mjs (which
// leaves `*.global.js` targets of the exports map to this step).
import { build } from "esbuild"
import { readFileSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const folder = fileURLToPath(new URL("..", import.meta.url))
const manifest = JSON.parse(readFileSync(`${folder}package.json`, "utf8"))

/**
 * Effect keeps the fiber that is running in `globalThis["~effect/Fiber/currentFiber"]`, so that
 * copies of Effect in one app see each other's fiber. The script's Effect is private to it, so the
 * slot is too: a module-local object instead of a property written on the page's window. Fails the
 * build if Effect stops using that slot the way this expects (then look again).
 */
const privateFiberSlot = {
  name: "private-fiber-slot",
  setup(builder) {
    builder.onResolve({ filter: /^optave-global:fiber-slot$/ }, () => ({ path: "fiber-slot", namespace: "optave-global" }))
    builder.onLoad({ filter: /.*/, namespace: "optave-global" }, () => ({ contents: "export const fiberSlot = {}", loader: "js" }))
    // Every Effect module that names the slot (a bundle holds some of them); the two that hold it must.
    builder.onLoad({ filter: /[\\/]effect[\\/]dist[\\/].+\.js$/ }, ({ path }) => {
      const source = readFileSync(path, "utf8")
      const rewritten = source.replace(/globalThis\[((?:Redactable\.)?currentFiberTypeId)\]/g, "fiberSlot[$1]")
      if (rewritten === source) {
        if (/[\\/](internal[\\/]effect|Redactable)\.js$/.test(path)) throw new Error(`${path}: no globalThis[currentFiberTypeId] found; check how this Effect version keeps its current fiber`)
        return undefined
      }
      return { contents: `import { fiberSlot } from "optave-global:fiber-slot"\n${rewritten}`, loader: "js", resolveDir: dirname(path) }
    })
  }
}

/**
 * Builds the script. `write: false` returns it instead of writing dist/ (the bench measures it, and
 * with `plugins` it measures it with parts replaced).
 */
export const buildGlobalScript = async ({ write = true, plugins = [] } = {}) => {
  const result = await build({
    absWorkingDir: folder,
    // An assignment to `globalThis`, not esbuild's `globalName` (a top-level `var`): Lightning Web
    // Security evaluates a static resource inside a function of its sandbox, where a `var` stays
    // local; `globalThis` there is the namespace's sandboxed window, on a plain page the window.
    stdin: {
      contents: 'import * as Optave from "./src/optave-global.ts"\nglobalThis.Optave = Optave\n',
      resolveDir: folder,
      sourcefile: "optave-global-entry.js",
      loader: "js"
    },
    outfile: "dist/optave.global.js",
    bundle: true,
    format: "iife",
    platform: "browser",
    conditions: ["browser"],
    target: "es2022",
    minify: true,
    treeShaking: true,
    sourcemap: true,
    // The map travels alone (a static resource, a CDN): it carries the sources it points to.
    sourcesContent: true,
    legalComments: "none",
    define: { OPTAVE_EDGE_VERSION: JSON.stringify(manifest.version) },
    plugins: [...plugins, privateFiberSlot],
    // The core's bundled entries import their shared chunks bare ("ignored-bare-import" warnings, harmless).
    logLevel: "error",
    write
  })
  return write ? readFileSync(`${folder}dist/optave.global.js`, "utf8") : result.outputFiles.find((file) => file.path.endsWith(".js")).text
}

// What the file must never hold: code from strings (refused by a strict CSP and by Lightning Web
// Security) and a timer given a string.
const forbidden = [/\beval\(/, /new Function\b/, /\bFunction\(/, /set(?:Timeout|Interval)\(\s*["'`]/]
const checkNoCodeFromStrings = (code) => {
  for (const pattern of forbidden) if (pattern.test(code)) throw new Error(`dist/optave.global.js contains ${pattern}`)
}

// The declaration that `@org/optave-edge/global`'s `types` points to: the global, typed as the entry.
const declaration =
  `// The global that dist/optave.global.js defines (a script, not a module: load it with <script src>).\nimport type * as OptaveGlobal from "./optave-global.js"\ndeclare global {\n  var Optave: typeof OptaveGlobal\n}\nexport {}\n`

// Run as the package's build step (not when the bench imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  checkNoCodeFromStrings(await buildGlobalScript())
  writeFileSync(`${folder}dist/optave.global.d.ts`, declaration)
}
