// The connection's rules, driven directly: events and times in, decisions out (no clock, no socket).
import { describe, expect, it } from "vitest"
import { decide, initialState, STABLE_CONNECTION_MS, UNSEEN_REFUSAL_LIMIT, type Decision, type PolicyConfig, type PolicyEvent, type PolicyState } from "../src/socket/connection-policy.ts"
import { AuthError, TimeoutError, TransportError } from "../src/errors.ts"

const config: PolicyConfig = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, staticToken: false, seesUpgradeStatus: true }
/** Half of each ceiling: the full-jitter draw made visible. */
const half = () => 0.5

/** Feeds the events in order; returns every decision and the last state. */
const run = (events: ReadonlyArray<PolicyEvent>, options: PolicyConfig = config, from: PolicyState = initialState) => {
  let state = from
  const decisions: Array<Decision> = []
  for (const event of events) {
    const step = decide(options, state, event, half)
    state = step.state
    decisions.push(step.decision)
  }
  return { state, decisions, last: decisions[decisions.length - 1]! }
}

const connectFailed: PolicyEvent = { _tag: "OpenFailed", error: new TransportError({ code: "CONNECT_FAILED", reason: "refused", retryable: true }), closed: { code: 1006, reason: "" } }
const refused = (status: number): PolicyEvent => ({
  _tag: "OpenFailed",
  error: new AuthError({ code: "TOKEN_REJECTED", reason: "refused", status }),
  closed: { code: 1006, reason: "", httpStatus: status }
})
const tokenFailed = (error: AuthError): PolicyEvent => ({ _tag: "TokenFailed", error })
const delays = (decisions: ReadonlyArray<Decision>) => decisions.map((decision) => (decision._tag === "Connect" ? decision.delayMs : decision._tag))

describe("connection policy", () => {
  it("failed attempts back off with full jitter under a capped exponential ceiling, then give up past maxAttempts with the last failure", () => {
    const { decisions, last } = run([connectFailed, connectFailed, connectFailed, connectFailed])
    expect(delays(decisions)).toEqual([50, 100, 200, "GiveUp"])
    expect(last).toMatchObject({ _tag: "GiveUp", error: { _tag: "TransportError", code: "CONNECT_FAILED" } })
  })

  it("a connect timeout counts like a refusal", () => {
    const timeout: PolicyEvent = { _tag: "OpenFailed", error: new TimeoutError({ code: "CONNECT_TIMEOUT", timeoutMs: 10 }) }
    expect(run([timeout, timeout, timeout, timeout]).last._tag).toBe("GiveUp")
  })

  it("only a stable connection resets the count: one that delivered progress and completed a request, or lasted STABLE_CONNECTION_MS", () => {
    const completed = run([connectFailed, connectFailed, { _tag: "Opened", now: 0 }, { _tag: "Progress", answered: true }, { _tag: "Closed", info: { code: 1006, reason: "" }, now: 10 }])
    expect(completed.state.failures).toBe(0)
    expect(completed.last).toMatchObject({ _tag: "Connect", delayMs: 50, cause: "closed" })
    const lasted = run([connectFailed, { _tag: "Opened", now: 0 }, { _tag: "Progress", answered: false }, { _tag: "Closed", info: { code: 1006, reason: "" }, now: STABLE_CONNECTION_MS }])
    expect(lasted.state.failures).toBe(0)
    const quiet = run([connectFailed, { _tag: "Opened", now: 0 }, { _tag: "Closed", info: { code: 1006, reason: "" }, now: 60_000 }])
    expect(quiet.state.failures).toBe(2)
    expect(quiet.last).toMatchObject({ _tag: "Connect", cause: "closed-unstable" })
  })

  it("connections that close before they are stable end in CONNECTION_LOST past maxAttempts", () => {
    const flap: Array<PolicyEvent> = [{ _tag: "Opened", now: 0 }, { _tag: "Closed", info: { code: 1011, reason: "" }, now: 5 }]
    const { last } = run([...flap, ...flap, ...flap, ...flap])
    expect(last).toMatchObject({ _tag: "GiveUp", error: { code: "CONNECTION_LOST" } })
    expect((last as { error: Error }).error.message).toContain("last close code 1011")
  })

  it("a silent connection is ended like a close: a stable one reconnects at once with the count reset, an unstable one counts as a failure", () => {
    const stable = run([{ _tag: "Opened", now: 0 }, { _tag: "Progress", answered: true }, { _tag: "Silent", now: 40_000 }])
    expect(stable.last).toMatchObject({ _tag: "Connect", delayMs: 50, cause: "silent" })
    const silent: Array<PolicyEvent> = [{ _tag: "Opened", now: 0 }, { _tag: "Silent", now: 40_000 }]
    const unstable = run([...silent, ...silent, ...silent, ...silent])
    expect(delays(unstable.decisions.filter((decision) => decision._tag !== "Wait"))).toEqual([50, 100, 200, "GiveUp"])
    expect(unstable.last).toMatchObject({ _tag: "GiveUp", error: { code: "CONNECTION_LOST" } })
    expect((unstable.last as { error: Error }).error.message).toContain("silent")
  })

  it("a refused token gets one retry with a fresh one, then AuthError", () => {
    const { decisions, last } = run([refused(401), refused(401)])
    expect(decisions[0]).toMatchObject({ _tag: "Connect", cause: "auth-refused" })
    expect(last).toMatchObject({ _tag: "GiveUp", error: { _tag: "AuthError", code: "TOKEN_REJECTED", status: 401 } })
  })

  it("an auth close code on an open connection gets one retry, then AuthError", () => {
    const authClose: Array<PolicyEvent> = [{ _tag: "Opened", now: 0 }, { _tag: "Closed", info: { code: 4401, reason: "" }, now: 5 }]
    const { decisions, last } = run([...authClose, ...authClose])
    expect(decisions[1]).toMatchObject({ _tag: "Connect", cause: "auth-refused" })
    expect(last).toMatchObject({ _tag: "GiveUp", error: { _tag: "AuthError", code: "TOKEN_REJECTED" } })
  })

  it("a static token refused after its first connection ends at once, saying what to pass instead", () => {
    const { last } = run([{ _tag: "Opened", now: 0 }, { _tag: "Closed", info: { code: 1006, reason: "" }, now: 5 }, refused(401)], { ...config, staticToken: true })
    expect(last).toMatchObject({ _tag: "GiveUp", error: { code: "TOKEN_REJECTED", status: 401 } })
    expect((last as { error: Error }).error.message).toContain("tokenProvider")
  })

  it("a token failure that may pass (provider threw, timed out, endpoint 503 or unreachable) backs off like a failed connect; the rest end at once", () => {
    for (const error of [
      new AuthError({ code: "TOKEN_PROVIDER_FAILED", reason: "threw" }),
      new AuthError({ code: "TOKEN_TIMEOUT", reason: "hung" }),
      new AuthError({ code: "TOKEN_ENDPOINT_FAILED", reason: "503", status: 503 }),
      new AuthError({ code: "TOKEN_ENDPOINT_FAILED", reason: "unreachable" })
    ]) {
      const { decisions, last } = run([tokenFailed(error), tokenFailed(error), tokenFailed(error), tokenFailed(error)])
      expect(delays(decisions)).toEqual([50, 100, 200, "GiveUp"])
      expect(last).toMatchObject({ _tag: "GiveUp", error: { code: error.code } })
    }
    for (const error of [
      new AuthError({ code: "TOKEN_ENDPOINT_FAILED", reason: "bad credentials", status: 401 }),
      new AuthError({ code: "TOKEN_UNFIT_SUBPROTOCOL", reason: "/" }),
      new AuthError({ code: "TOKEN_MISSING", reason: "empty" }),
      new AuthError({ code: "TOKEN_INVALID", reason: "control character" })
    ]) {
      expect(run([tokenFailed(error)]).last).toMatchObject({ _tag: "GiveUp", error: { code: error.code } })
    }
  })

  it("a platform that threw while creating the socket (not retryable) ends at once", () => {
    const thrown: PolicyEvent = { _tag: "OpenFailed", error: new TransportError({ code: "CONNECT_FAILED", reason: "SyntaxError", retryable: false }) }
    expect(run([thrown]).last).toMatchObject({ _tag: "GiveUp", error: { code: "CONNECT_FAILED" } })
  })

  it("where the upgrade's status is hidden, closes before open (before any connection, or with a static token) end in AuthError after UNSEEN_REFUSAL_LIMIT, saying the status could not be seen", () => {
    const hidden = { ...config, maxAttempts: 100, seesUpgradeStatus: false }
    const events = Array.from({ length: UNSEEN_REFUSAL_LIMIT }, () => connectFailed)
    const { decisions, last } = run(events, hidden)
    expect(decisions.slice(0, -1).every((decision) => decision._tag === "Connect")).toBe(true)
    expect(last).toMatchObject({ _tag: "GiveUp", error: { _tag: "AuthError", code: "TOKEN_REJECTED" } })
    expect((last as { error: Error }).error.message).toContain("does not show the HTTP status")
    // Where the status shows, the same closes are network failures bounded by maxAttempts.
    expect(run(events, { ...hidden, seesUpgradeStatus: true }).last._tag).toBe("Connect")
    // A static token that already served a connection is named as the likely cause.
    const spent = run([{ _tag: "Opened", now: 0 }, { _tag: "Closed", info: { code: 1006, reason: "" }, now: 1 }, ...events], { ...hidden, staticToken: true })
    expect((spent.last as { error: Error }).error.message).toContain("static token")
    // Once tokens from a provider opened a connection, the same closes read as an outage: bounded by maxAttempts only.
    const afterOpen = run([{ _tag: "Opened", now: 0 }, { _tag: "Closed", info: { code: 1006, reason: "" }, now: 1 }, ...events, ...events], hidden)
    expect(afterOpen.last._tag).toBe("Connect")
    expect(afterOpen.state.unseenRefusals).toBe(0)
  })
})
