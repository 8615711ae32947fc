// node.import_ms: how long `await import("@org/optave-node")` takes in a fresh Node process
// (module resolution, loading and evaluation; Node's own start-up is not counted), side by side
// with `await import("ws")` in the same kind of process: the two alternate, run after run, so a
// busy machine slows both alike and `node.import_ratio_vs_ws` (the target, <= 1.5) stays
// comparable between runs where the absolute figures do not.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median } from "./statistics.ts"

const probe = (specifier: string) =>
  `const started = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - started))`

export interface ImportTimes {
  readonly node: ReadonlyArray<number>
  readonly ws: ReadonlyArray<number>
  readonly nodeMedian: number
  readonly wsMedian: number
  /** median(node) / median(ws). */
  readonly ratioVsWs: number
}

export const measureImportTime = (options: { readonly runs: number; readonly log: (message: string) => void }): ImportTimes => {
  // Resolve both packages from this package's folder, as an app depending on them would.
  const cwd = fileURLToPath(new URL("..", import.meta.url))
  const once = (specifier: string): number => {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe(specifier)], { cwd, encoding: "utf8" })
    if (result.status !== 0) throw new Error(`import probe of ${specifier} failed: ${result.stderr}`)
    return Number(result.stdout)
  }
  // Warm the file system cache for both.
  once("@org/optave-node")
  once("ws")
  const node: Array<number> = []
  const ws: Array<number> = []
  for (let run = 0; run < options.runs; run++) {
    // Which goes first alternates too, so neither always follows the other's page-cache work.
    if (run % 2 === 0) {
      node.push(once("@org/optave-node"))
      ws.push(once("ws"))
    } else {
      ws.push(once("ws"))
      node.push(once("@org/optave-node"))
    }
  }
  options.log(`node.import_ms samples: ${node.map((sample) => sample.toFixed(1)).join(", ")}`)
  options.log(`ws.import_ms samples: ${ws.map((sample) => sample.toFixed(1)).join(", ")}`)
  const nodeMedian = median(node)
  const wsMedian = median(ws)
  return { node, ws, nodeMedian, wsMedian, ratioVsWs: nodeMedian / wsMedian }
}
