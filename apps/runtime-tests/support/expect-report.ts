import type { MockServer } from "@org/optave-mock-server"
import { expect } from "vitest"
import { SERVER_DROP_REQUEST_ID, type ScenarioReport } from "../scenario/run-scenario.ts"

export interface RuntimeTraits {
  /** `platform` as the client prints it, e.g. "workerd (fetch upgrade)". */
  readonly platform: string | RegExp
  /** The adapter sees the HTTP status of a refused upgrade (fetch upgrade, `ws`); browsers and Deno do not. */
  readonly seesUpgradeStatus: boolean
  readonly isBrowserLike: boolean
  /** `new Function` is refused (workerd, a page with a strict CSP). */
  readonly codeFromStringsBlocked: boolean
}

const bothCompleted = { performance_criteria: "completed", sentiment_analysis: "completed" }

/** The same assertions for every runtime: on the report it sent, and on what the mock server received. */
export const expectScenario = (report: ScenarioReport, server: MockServer, traits: RuntimeTraits): void => {
  expect(report.platform).toMatch(traits.platform)
  expect(report.insights).toEqual({ ok: true, value: { superpowers: bothCompleted, results: expect.any(Number) } })
  expect(report.elevate).toEqual({ ok: true, value: { superpowers: { improve_answer: "completed" }, results: expect.any(Number) } })
  expect(report.serverDrop).toMatchObject({ ok: true, value: { superpowers: bothCompleted } })
  expect(report.clientDrop).toMatchObject({ ok: true, value: { superpowers: bothCompleted } })
  for (const drop of [report.serverDrop, report.clientDrop]) {
    if (!drop.ok) continue
    expect(drop.value.reconnects).toBeGreaterThanOrEqual(1)
    expect(drop.value.resends).toBeGreaterThanOrEqual(1)
  }
  expect(report.validation).toEqual({ ok: true, value: { tag: "ValidationError", paths: ["session.sessionId"] } })
  if (traits.seesUpgradeStatus) {
    expect(report.refusedUpgrade).toEqual({ ok: true, value: { tag: "AuthError", code: "TOKEN_REJECTED", status: 401 } })
  } else {
    expect(report.refusedUpgrade).toMatchObject({ ok: true, value: { tag: expect.stringMatching(/^(AuthError|TransportError)$/) } })
  }
  expect(report.secretInBrowser).toEqual(
    traits.isBrowserLike ? { ok: true, value: { tag: "ConfigError", field: "clientSecret" } } : { ok: true, value: "accepted" }
  )
  expect(report.codeFromStrings.blocked).toBe(traits.codeFromStringsBlocked)

  // What reached the server: WS for insights, REST for elevate (503 once, then retried with the same
  // idempotency key), the drop request twice with one idempotency key (the resend), and nothing of
  // the invalid payload (validated before sending).
  const received = server.engine.requests()
  const elevates = received.filter((request) => request.action === "elevate")
  expect(elevates.map((request) => request.via)).toEqual(["rest", "rest"])
  expect(new Set(elevates.map((request) => request.idempotencyKey)).size).toBe(1)
  expect(new Set(received.filter((request) => request.action === "insights").map((request) => request.via))).toEqual(new Set(["socket"]))
  const requestIdOf = (payload: unknown) => (payload as { request?: { requestId?: string } }).request?.requestId
  const dropped = received.filter((request) => request.action === "insights" && requestIdOf(request.payload) === SERVER_DROP_REQUEST_ID)
  expect(dropped.length).toBeGreaterThanOrEqual(2)
  expect(new Set(dropped.map((request) => request.idempotencyKey)).size).toBe(1)
  expect(received.filter((request) => !request.valid)).toEqual([])
}
