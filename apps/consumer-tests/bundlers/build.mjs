// Builds the app with one bundler, as its documentation's defaults do (production mode, no
// configuration beyond where to write), into out/<name>/. Run by bundlers.test.ts in the consumer
// project: `node build.mjs <name>`; `node build.mjs <name> node-in-browser` builds the mistake
// bundlers must refuse instead (src/node-in-browser.js, for Vite node-in-browser/index.html).
import { build as esbuild } from "esbuild"
import { spawn } from "node:child_process"
import { copyFile, mkdir, rm } from "node:fs/promises"
import { dirname, resolve } from "node:path"

const name = process.argv[2]
const mistake = process.argv[3] === "node-in-browser"
const entry = mistake ? "src/node-in-browser.js" : "src/index.js"
const outDir = resolve("out", mistake ? `${name}-node-in-browser` : name)
await rm(outDir, { recursive: true, force: true })

const builds = {
  // `vite build`: index.html at the root is the entry.
  vite: async () => (await import("vite")).build({ logLevel: "warn", ...(mistake ? { root: resolve("node-in-browser") } : {}), build: { outDir } }),
  // `webpack --mode production`: the default entry is ./src/index.js.
  webpack: async () => {
    const webpack = (await import("webpack")).default
    await new Promise((done, fail) =>
      webpack({ mode: "production", context: process.cwd(), ...(mistake ? { entry: `./${entry}` } : {}), output: { path: outDir } }, (error, stats) =>
        error || stats.hasErrors() ? fail(error ?? new Error(stats.toString("errors-only"))) : done()
      )
    )
  },
  // Rollup has no default resolver: @rollup/plugin-node-resolve with its defaults, then with `browser: true`.
  rollup: () => rollupWith({}),
  "rollup-browser": () => rollupWith({ browser: true }),
  // `esbuild --bundle --minify` (an IIFE for the browser).
  "esbuild-browser": () => esbuild({ entryPoints: [entry], bundle: true, minify: true, outdir: outDir, logLevel: "warning" }),
  // What serverless kits run for a Node function: `--bundle --platform=node`, ESM and CommonJS output.
  "esbuild-node-esm": () => esbuild({ entryPoints: ["src/server.js"], bundle: true, platform: "node", format: "esm", outfile: resolve(outDir, "server.mjs"), logLevel: "warning" }),
  "esbuild-node-esm-external": () => esbuild({ entryPoints: ["src/server.js"], bundle: true, platform: "node", format: "esm", external: ["ws"], outfile: resolve(outDir, "server.mjs"), logLevel: "warning" }),
  // `next build` (Turbopack): app/ holds a client page and a route handler; the output stays in .next/.
  next: async () => {
    // The mistake as a client page of its own, there for this build only.
    const page = resolve("app", "node-in-browser", "page.js")
    if (mistake) await mkdir(dirname(page), { recursive: true }).then(() => copyFile(resolve(entry), page))
    try {
      await run(process.execPath, ["node_modules/next/dist/bin/next", "build"])
    } finally {
      await rm(dirname(page), { recursive: true, force: true })
    }
  },
  "esbuild-node-cjs": () => esbuild({ entryPoints: ["src/server.js"], bundle: true, platform: "node", format: "cjs", outfile: resolve(outDir, "server.cjs"), logLevel: "warning" })
}

// Next.js warns about, and builds differently under, a NODE_ENV it did not set (vitest sets "test").
const { NODE_ENV: _testRunnerEnv, ...withoutNodeEnv } = process.env
const run = (command, args) =>
  new Promise((done, fail) =>
    spawn(command, args, { stdio: "inherit", env: { ...withoutNodeEnv, NEXT_TELEMETRY_DISABLED: "1" } }).on("exit", (code) => (code === 0 ? done() : fail(new Error(`${args.join(" ")} exited with ${code}`))))
  )

const rollupWith = async (resolveOptions) => {
  const { rollup } = await import("rollup")
  const { nodeResolve } = await import("@rollup/plugin-node-resolve")
  const bundle = await rollup({ input: entry, plugins: [nodeResolve(resolveOptions)], onwarn: (warning) => warning.code === "CIRCULAR_DEPENDENCY" || console.warn(`(!) ${warning.message}`) })
  await bundle.write({ dir: outDir, format: "es" })
  await bundle.close()
}

if (!(name in builds)) throw new Error(`unknown bundler ${name}; one of ${Object.keys(builds).join(", ")}`)
await builds[name]()
