// `ws` is a caret range in @org/optave-node so that an app can take a `ws` release without us: the
// Node client is proven at the range's floor and at the latest 8.x when this was written (pinned),
// each installed beside the packed tarballs as the app's own `ws` (npm then gives the client that
// one copy), on Node 20 and Node 24: insights over the WebSocket, elevate over REST, a refused payload.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { runtimeBinary } from "@org/test-runtimes"
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import semver from "semver"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createConsumer, lastJsonLine, pack, run, workspaceRoot, type Tarball } from "../test/support/consumer-projects.ts"

const { dependencies } = JSON.parse(await readFile(join(workspaceRoot, "packages/node/package.json"), "utf8")) as { dependencies: Record<string, string> }
const RANGE = dependencies.ws!
/** The newest ws 8 when this test was written; raise it with each ws release worth taking. */
const LATEST_WS_8 = "8.23.1"
const VERSIONS = { floor: semver.minVersion(RANGE)!.version, latest: LATEST_WS_8 }

let root: string
let server: MockServer
const projects = new Map<string, string>()

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "optave-ws-range-"))
  const tarballDir = join(root, "tarballs")
  await mkdir(tarballDir)
  const tarballs: Array<Tarball> = []
  for (const library of ["packages/schema", "packages/core", "packages/node"]) tarballs.push(await pack(library, tarballDir))
  for (const [label, version] of Object.entries(VERSIONS)) {
    projects.set(label, await createConsumer(`ws-${label}`, tarballs, root, { sources: [["apps/consumer-tests/node-esm", "."]], dependencies: { ws: version } }))
  }
  server = await startMockServer({ port: 0, latencyMs: 5 })
}, 300_000)

afterAll(async () => {
  await server?.close()
  if (root !== undefined && process.env.KEEP_CONSUMERS === undefined) await rm(root, { recursive: true, force: true })
})

describe.each(Object.entries(VERSIONS))("ws at the %s of the range (%s)", (label, version) => {
  it("is within the range, and the one copy the client gets", async () => {
    expect(semver.satisfies(version, RANGE)).toBe(true)
    const directory = projects.get(label)!
    expect(JSON.parse(await readFile(join(directory, "node_modules/ws/package.json"), "utf8")).version).toBe(version)
    expect(existsSync(join(directory, "node_modules/@org/optave-node/node_modules/ws"))).toBe(false)
  })

  it.each(["node20", "node24"] as const)("serves the Node client on %s", async (id) => {
    const output = await run(runtimeBinary(id), ["main.mjs"], { cwd: projects.get(label)!, env: { ...process.env, NODE_OPTIONS: "", OPTAVE_WS_URL: server.wsUrl, OPTAVE_REST_URL: server.restUrl } })
    expect(lastJsonLine(output)).toMatchObject({
      platform: "node (ws)",
      insights: { performance_criteria: "completed", sentiment_analysis: "completed" },
      elevate: expect.any(Object),
      validation: { tag: "ValidationError" }
    })
  })
})
