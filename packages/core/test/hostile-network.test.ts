// What `pnpm hostile` (tooling/stress) proves against real loopback servers, here for the pieces
// that are pure functions or need no network (deadlines under a hostile server: request-deadlines.test.ts).
import { elevateExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { EventOutlet } from "../src/request/event-outlet.ts"
import { createClientWith } from "../src/promise-client.ts"
import { checkRequestLimits } from "../src/request-options.ts"
import { waitFits } from "../src/request/retry-policy.ts"
import { cacheLifetimeMs } from "../src/auth/token-source.ts"
import { keepFirstIssues } from "../src/validation-issue.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

describe("redirects in a browser", () => {
  it("an opaque redirect (what a browser gives for redirect: manual) is refused, never followed", async () => {
    // Browsers hide a redirect's status from script (Fetch standard: type "opaqueredirect", status 0).
    const opaque = { type: "opaqueredirect", status: 0, ok: false, headers: new Headers(), body: null } as unknown as Response
    const fake = makeFakePlatform({ fetch: async () => opaque })
    const client = createClientWith(fake.platform, { urls: { rest: "http://127.0.0.1:1" }, token: "t", transport: "rest", timeouts: { heartbeatMs: 0 } })
    const error = await client.elevate(elevateExample).then(
      () => undefined,
      (failure: any) => failure
    )
    expect(`${error?._tag} ${error?.code} ${error?.status}`).toBe("TransportError REDIRECT_REFUSED 0")
    expect(fake.fetches).toHaveLength(1)
    expect(fake.fetches[0]!.init.redirect).toBe("manual")
    await client.close()
  })
})

describe("bounds (pure)", () => {
  it("an error keeps the first 20 issues of a frame, each clipped, and the count of all", () => {
    const issues = Array.from({ length: 500_000 }, (_, index) => ({ path: `payload.results[${index}]${"x".repeat(index === 0 ? 10_000 : 0)}`, message: "must be an object" }))
    const kept = keepFirstIssues(issues)
    expect(kept.issues).toHaveLength(20)
    expect(kept.issueCount).toBe(500_000)
    expect(kept.issues[0]!.path.length).toBeLessThanOrEqual(203)
    expect(keepFirstIssues(issues.slice(0, 3))).toEqual({ issues: issues.slice(0, 3).map((issue) => ({ ...issue, path: issue.path.slice(0, 200) + (issue.path.length > 200 ? "..." : "") })) })
  })

  it("the replay of an outlet is bounded in characters as well as in count", () => {
    const outlet = new EventOutlet<number>(1_000, 3_000_000)
    for (let index = 0; index < 1_000; index++) outlet.publish(index, 1_000_000)
    const replayed: Array<number> = []
    outlet.subscribe((item) => replayed.push(item))
    expect(replayed).toEqual([997, 998, 999])
  })

  it("a server's wait is honoured only within maxDelayMs and the time left", () => {
    expect(waitFits(undefined, { maxDelayMs: 100 }, 1_000)).toBe(true)
    expect(waitFits(100, { maxDelayMs: 100 }, 1_000)).toBe(true)
    expect(waitFits(3_600_000, { maxDelayMs: 100 }, 1_000_000_000)).toBe(false)
    expect(waitFits(5_000, { maxDelayMs: 8_000 }, 4_000)).toBe(false)
  })

  it("a short-lived token is used for half its life, a long one until 30 s before it expires", () => {
    expect(cacheLifetimeMs(30_000)).toBe(15_000)
    expect(cacheLifetimeMs(10_000)).toBe(5_000)
    expect(cacheLifetimeMs(3_600_000)).toBe(3_570_000)
    expect(cacheLifetimeMs(0)).toBe(0)
  })

  it("per-call limits follow the client's rules", () => {
    expect(checkRequestLimits({ timeoutMs: 1_000, settleTimeoutMs: 10, retry: { maxRetries: 0 } })).toEqual([])
    const paths = checkRequestLimits({
      timeoutMs: Number.NaN,
      settleTimeoutMs: -1,
      retry: { maxRetries: Number.POSITIVE_INFINITY, baseDelayMs: 0, maxDelayMs: Number.NaN },
      transport: "carrier-pigeon" as never,
      expectedSuperpowers: [] as never
    }).map((issue) => issue.path)
    expect(paths).toEqual([
      "options.timeoutMs",
      "options.settleTimeoutMs",
      "options.retry.maxRetries",
      "options.retry.baseDelayMs",
      "options.retry.maxDelayMs",
      "options.transport",
      "options.expectedSuperpowers"
    ])
  })
})
