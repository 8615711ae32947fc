// Runs the calling package's vitest under another runtime of the matrix (tooling/test-runtimes),
// e.g. the pinned Node 24, whose global WebSocket is the socket Workers, Deno and browsers have:
//   node ../../tooling/scripts/vitest-on-runtime.mjs node24 run test/socket-session.test.ts
//   node ../../tooling/scripts/vitest-on-runtime.mjs node24 --socket global run test/node-client.test.ts
// The package's own vitest (its node_modules/vitest) runs unchanged on that binary; the exit code is
// vitest's. `--socket` sets OPTAVE_TEST_WEBSOCKET, which the Node tests' client helper passes on as
// the adapter's `webSocket` option (so the socket is the one asked for, whatever the default).
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { runtimeBinary } from "../test-runtimes/index.js"

const [runtime, ...rest] = process.argv.slice(2)
if (runtime === undefined) {
  console.error("usage: vitest-on-runtime.mjs <node22|node24|node26> [--socket ws|global] [vitest arguments]")
  process.exit(2)
}
const socket = rest[0] === "--socket" ? rest[1] : undefined
const args = socket === undefined ? rest : rest.slice(2)
const vitest = join(process.cwd(), "node_modules", "vitest", "vitest.mjs")
if (!existsSync(vitest)) {
  console.error(`no vitest in ${process.cwd()}/node_modules: run it from a package that has vitest`)
  process.exit(2)
}
const binary = runtimeBinary(runtime)
const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim()
console.log(`vitest on ${runtime} (${version})${socket === undefined ? "" : `, socket ${socket}`}: ${args.join(" ")}`)
const env = { ...process.env, OPTAVE_TEST_RUNTIME: runtime, ...(socket === undefined ? {} : { OPTAVE_TEST_WEBSOCKET: socket }) }
const result = spawnSync(binary, [vitest, ...args], { stdio: "inherit", env })
process.exit(result.status ?? 1)
