import type { MockServer } from "@org/optave-mock-server"
import type { SilencingProxy } from "@org/optave-test-fixtures/silencing-proxy"
import { expect } from "vitest"
import { LIVENESS_WINDOW_MS, SILENCED_REQUESTS, type LivenessReport } from "../scenario/run-liveness.ts"

const bothCompleted = { performance_criteria: "completed", sentiment_analysis: "completed" }

/**
 * The same assertions for every runtime: the silence was found within twice the liveness window
 * (plus a reconnect and the mock's answers), every request answered, each result once, and every
 * resend carried the idempotency key of its first send.
 */
export const expectLiveness = (report: LivenessReport, server: MockServer, proxy: SilencingProxy): void => {
  expect(report.error).toBeUndefined()
  expect(report.warm).toBe(true)
  expect(report.silenced).toBe(1)
  expect(report.outcomes).toEqual(Array.from({ length: SILENCED_REQUESTS }, () => bothCompleted))
  expect(report.streamed).toEqual({ performance_criteria: 1, sentiment_analysis: 1 })
  expect(report.reconnects).toBeGreaterThanOrEqual(1)
  expect(report.resends).toBeGreaterThanOrEqual(SILENCED_REQUESTS + 1)
  // Twice the window to find the silence, then one reconnect and answers 100 ms apart on loopback.
  expect(report.recoveredMs).toBeLessThanOrEqual(2 * LIVENESS_WINDOW_MS + 1_500)
  expect(proxy.connections()).toBeGreaterThanOrEqual(2)

  const requestIdOf = (payload: unknown) => (payload as { request?: { requestId?: string } }).request?.requestId ?? ""
  const silenced = server.engine.requests("insights").filter((request) => requestIdOf(request.payload).startsWith("liveness-") && requestIdOf(request.payload) !== "liveness-warm")
  const keysByRequest = new Map<string, Set<string>>()
  for (const request of silenced) {
    const keys = keysByRequest.get(requestIdOf(request.payload)) ?? new Set<string>()
    keys.add(String(request.idempotencyKey))
    keysByRequest.set(requestIdOf(request.payload), keys)
  }
  // Each silenced request reached the server (first send, and the resend once the proxy let it through), always under one key.
  expect(keysByRequest.size).toBe(SILENCED_REQUESTS + 1)
  for (const keys of keysByRequest.values()) expect(keys.size).toBe(1)
}
