// node.import_ms: how long `await import("@org/optave-node")` takes in a fresh Node process
// (module resolution, loading and evaluation; Node's own start-up is not counted), side by side
// with `await import("ws")` (and, given `--official-client <file>`, the official client's entry) in
// the same kind of process: they take turns, run after run, so a busy machine slows all alike and
// `node.import_ratio_vs_ws` (the target, <= 1.1) stays comparable between runs where the absolute
// figures do not.
import { spawnSync } from "node:child_process"
import { fileURLToPath, pathToFileURL } from "node:url"
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
  /** When asked for: importing the official client (`@optave/client-sdk`), in the same alternation. */
  readonly official?: { readonly samples: ReadonlyArray<number>; readonly median: number; readonly nodeRatio: number }
}

/**
 * `officialClient`: where the official client's entry is (a file path; it is not on the npm
 * registry, so it cannot be a dependency here), to time importing it beside ours and `ws`.
 */
export const measureImportTime = (options: { readonly runs: number; readonly log: (message: string) => void; readonly officialClient?: string | undefined }): ImportTimes => {
  // Resolve the packages from this package's folder, as an app depending on them would.
  const cwd = fileURLToPath(new URL("..", import.meta.url))
  const once = (specifier: string): number => {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe(specifier)], { cwd, encoding: "utf8" })
    if (result.status !== 0) throw new Error(`import probe of ${specifier} failed: ${result.stderr}`)
    return Number(result.stdout)
  }
  const contenders = [
    { name: "node", specifier: "@org/optave-node", samples: [] as Array<number> },
    { name: "ws", specifier: "ws", samples: [] as Array<number> },
    ...(options.officialClient === undefined ? [] : [{ name: "official", specifier: pathToFileURL(options.officialClient).href, samples: [] as Array<number> }])
  ]
  // Warm the file system cache for each.
  for (const contender of contenders) once(contender.specifier)
  for (let run = 0; run < options.runs; run++) {
    // Which goes first rotates too, so none always follows another's page-cache work.
    for (let turn = 0; turn < contenders.length; turn++) {
      const contender = contenders[(run + turn) % contenders.length]!
      contender.samples.push(once(contender.specifier))
    }
  }
  for (const { name, samples } of contenders) options.log(`${name}.import_ms samples: ${samples.map((sample) => sample.toFixed(1)).join(", ")}`)
  const [node, ws, official] = contenders
  const nodeMedian = median(node!.samples)
  const wsMedian = median(ws!.samples)
  return {
    node: node!.samples,
    ws: ws!.samples,
    nodeMedian,
    wsMedian,
    ratioVsWs: nodeMedian / wsMedian,
    ...(official === undefined ? {} : { official: { samples: official.samples, median: median(official.samples), nodeRatio: nodeMedian / median(official.samples) } })
  }
}
