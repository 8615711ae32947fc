// @org/optave-node/effect: `layer(config)` is the OptaveClient service over Node's platform, so an
// Effect program needs that one layer; `platformLayer()` under core's own `layer` does the same.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { insightsExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { insights, layer as coreClientLayer } from "@org/optave-core/effect"
import { insights as insightsOfEntry, layer, platformLayer } from "../src/effect.ts"
import { serve } from "./support/loopback.ts"

const states = (result: { readonly superpowers: Record<string, { readonly state: string }> }) =>
  Object.fromEntries(Object.entries(result.superpowers).map(([name, outcome]) => [name, outcome.state]))

describe("@org/optave-node/effect", () => {
  it("layer(config) runs an action over the socket and over REST, with the runtime's platform inside", async () => {
    const server = await serve({ seed: 3 })
    const config = { urls: { ws: server.wsUrl, rest: server.restUrl }, token: "t", platform: { webSocket: "ws" as const } }
    const program = Effect.all([insightsOfEntry(insightsExample), insightsOfEntry(insightsExample, { transport: "rest" })])
    const [overSocket, overRest] = await Effect.runPromise(program.pipe(Effect.provide(layer(config))))
    expect(states(overSocket)).toEqual({ performance_criteria: "completed", sentiment_analysis: "completed" })
    expect(states(overRest)).toEqual({ performance_criteria: "completed", sentiment_analysis: "completed" })
    expect(server.engine.requests()).toHaveLength(2)
  })

  it("platformLayer() is the Platform core's own layer(config) needs, and a ValidationError fails with its tag", async () => {
    const server = await serve({ seed: 4 })
    const client = coreClientLayer({ urls: { ws: server.wsUrl, rest: server.restUrl }, token: "t" }).pipe(Layer.provide(platformLayer({ webSocket: "ws" })))
    const refused = await Effect.runPromise(
      insights({ session: insightsExample.session } as unknown as typeof insightsExample).pipe(
        Effect.flip,
        Effect.map((error) => error._tag),
        Effect.provide(client)
      )
    )
    expect(refused).toBe("ValidationError")
    expect(server.engine.requests()).toHaveLength(0)
  })
})
