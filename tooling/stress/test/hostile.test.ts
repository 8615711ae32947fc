// The quick sizes of `pnpm hostile`, one test per scenario and socket path: each path is one run of
// the built `dist/hostile.js` in a child process of its own runtime (Node 20 with the `ws` package;
// the pinned Node 24 with its global WebSocket, the socket Workers, Deno and browsers have too; and
// Node 24 with `ws`). The run holds the whole client under a process-level
// `uncaughtException`/`unhandledRejection` trap, so a test per path fails on anything it trapped.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { runtimeBinary } from "@org/test-runtimes"
import { beforeAll, describe, expect, it } from "vitest"
import { scenarios } from "../src/hostile-scenarios.ts"

interface RunResult {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}
interface RunSummary {
  readonly socket: string
  readonly runtime: string
  readonly trapped: number
  readonly results: ReadonlyArray<RunResult>
}

const hostileScript = fileURLToPath(new URL("../dist/hostile.js", import.meta.url))

/** One quick run on `binary` with `socket`; resolves with its summary and its TRAPPED lines. */
const runHostile = (binary: string, socket: "ws" | "global"): Promise<{ summary: RunSummary; trappedLines: Array<string>; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(binary, [hostileScript, "--quick", "--socket", socket], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    // The client's own log lines (warn and error) go to stderr: kept only for a failure's message.
    let errors = ""
    child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4_000)))
    child.on("error", reject)
    child.on("close", () => {
      const line = output.split("\n").find((candidate) => candidate.startsWith("HOSTILE "))
      if (line === undefined) return reject(new Error(`no HOSTILE summary from ${binary} --socket ${socket}:\n${output.slice(-3_000)}\n${errors}`))
      const trappedLines = output.split("\n").filter((candidate) => candidate.startsWith("TRAPPED "))
      resolve({ summary: JSON.parse(line.slice("HOSTILE ".length)) as RunSummary, trappedLines, output })
    })
  })

const paths = [
  { title: "Node 20, ws", runtime: "node20", socket: "ws" },
  { title: "Node 24, global WebSocket", runtime: "node24", socket: "global" },
  { title: "Node 24, ws", runtime: "node24", socket: "ws" }
] as const

for (const path of paths) {
  describe(`hostile servers and networks (quick sizes), ${path.title}`, () => {
    let run: Awaited<ReturnType<typeof runHostile>>
    beforeAll(async () => {
      run = await runHostile(runtimeBinary(path.runtime), path.socket)
    }, 300_000)

    it("ran on the runtime and socket asked for", () => {
      expect(run.summary.socket).toBe(path.socket)
      expect(run.summary.runtime.split(".")[0]).toBe(`v${path.runtime.slice("node".length)}`)
    })

    it("nothing escaped to the process: no uncaughtException, no unhandledRejection", () => {
      expect(run.trappedLines).toEqual([])
      expect(run.summary.trapped).toBe(0)
    })

    for (const scenario of scenarios) {
      it(`${scenario.issue ?? 14}.${scenario.item}: ${scenario.name}`, () => {
        const result = run.summary.results.find((candidate) => candidate.name === scenario.name)
        expect(result, `${scenario.name} did not run`).toBeDefined()
        expect(result!.detail).toBeTypeOf("string")
        expect(result!.ok, result!.detail).toBe(true)
      })
    }
  })
}
