import { describe, expect, it } from "vitest"
import { authorizeUpgrade, createScenarioEngine, SUBPROTOCOL } from "../src/index.ts"

const engine = createScenarioEngine({ tokens: ["good"] })
const at = (path = "/") => new URL(path, "ws://127.0.0.1")

// The service's WebSocket auth as the API pages describe it (token as the second subprotocol,
// `?Authorization=` as the discouraged fallback), decided once for both front doors.
describe("authorizeUpgrade", () => {
  it("accepts the token offered after optave-v1, as a header string or a list", () => {
    expect(SUBPROTOCOL).toBe("optave-v1")
    expect(authorizeUpgrade({ protocols: "optave-v1, good", url: at() }, engine)).toEqual({ ok: true })
    expect(authorizeUpgrade({ protocols: ["optave-v1", "good"], url: at() }, engine)).toEqual({ ok: true })
  })

  it("accepts the query fallback, with or without Bearer", () => {
    expect(authorizeUpgrade({ protocols: undefined, url: at("/?Authorization=good") }, engine)).toEqual({ ok: true })
    expect(authorizeUpgrade({ protocols: undefined, url: at("/?Authorization=Bearer%20good") }, engine)).toEqual({ ok: true })
  })

  it("refuses a missing optave-v1 as a bad request, a missing or wrong token as unauthorized", () => {
    expect(authorizeUpgrade({ protocols: "good", url: at() }, engine)).toMatchObject({ ok: false, refusal: "bad-request", message: expect.stringContaining("optave-v1") })
    expect(authorizeUpgrade({ protocols: "optave-v1", url: at() }, engine)).toMatchObject({ ok: false, refusal: "unauthorized" })
    expect(authorizeUpgrade({ protocols: "optave-v1, bad", url: at() }, engine)).toMatchObject({ ok: false, refusal: "unauthorized" })
  })
})
