// The quick sizes of `pnpm hostile`, one test per scenario (each written to fail against the client
// before the fix it holds): real loopback servers, the built client.
import { describe, expect, it } from "vitest"
import { scenarios } from "../src/hostile-scenarios.ts"

describe("hostile servers and networks (quick sizes)", () => {
  for (const scenario of scenarios) {
    it(`item ${scenario.item}: ${scenario.name}`, async () => {
      const outcome = await scenario.run("quick")
      expect(outcome.detail).toBeTypeOf("string")
    })
  }
})
