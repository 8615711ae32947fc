// node.import_ms: how long `await import("@org/optave-node")` takes in a fresh Node process
// (module resolution, loading and evaluation; Node's own start-up is not counted).
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median } from "./statistics.ts"

const PROBE = `const started = performance.now(); await import("@org/optave-node"); process.stdout.write(String(performance.now() - started))`

export const measureImportTime = (options: { readonly runs: number; readonly log: (message: string) => void }) => {
  // Resolve the package from this package's folder, as an app depending on it would.
  const cwd = fileURLToPath(new URL("..", import.meta.url))
  const once = (): number => {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", PROBE], { cwd, encoding: "utf8" })
    if (result.status !== 0) throw new Error(`import probe failed: ${result.stderr}`)
    return Number(result.stdout)
  }
  once() // warm the file system cache
  const samples = Array.from({ length: options.runs }, once)
  options.log(`node.import_ms samples: ${samples.map((sample) => sample.toFixed(1)).join(", ")}`)
  return { samples, median: median(samples) }
}
