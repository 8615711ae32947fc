import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample, insightsExample } from "@org/optave-schema"
import { describe, expect } from "vitest"
import { customerinteraction, elevateStream, insights, layer, Platform, type OptaveClient } from "../src/effect.ts"
import { event, makeFakePlatform } from "./support/fake-platform.ts"

const fake = makeFakePlatform({
  onSend: (socket, frame) =>
    queueMicrotask(() => {
      const superpowers: Record<string, Array<string>> = {
        insights: ["performance_criteria", "sentiment_analysis"],
        elevate: ["improve_answer"],
        customerinteraction: ["sentiment_analysis", "risk_assessment"]
      }
      for (const superpower of superpowers[frame.headers.action] ?? []) {
        socket.receive(event(frame.headers.correlationId, superpower, "started"))
        socket.receive(event(frame.headers.correlationId, superpower, "completed", `${frame.headers.action}/${superpower}`))
      }
    })
})
const provided = <A, E>(effect: Effect.Effect<A, E, OptaveClient>) =>
  effect.pipe(Effect.provide(layer({ urls: { ws: "ws://127.0.0.1:1" }, token: "t" }).pipe(Layer.provide(Layer.succeed(Platform)(fake.platform)))))

describe("the generated Effect API", () => {
  itEffect("insights is an Effect of the collected result", () =>
    provided(
      Effect.gen(function* () {
        const result = yield* insights(insightsExample)
        expect(result.action).toBe("insights")
        expect(result.superpowers.sentiment_analysis?.results[0]?.response?.[0]?.content).toBe("insights/sentiment_analysis")
      })
    )
  )

  itEffect("elevateStream is a Stream of events in arrival order", () =>
    provided(
      Effect.gen(function* () {
        const events = yield* Stream.runCollect(elevateStream(elevateExample))
        expect(events.map((e) => e.state)).toEqual(["started", "completed"])
      })
    )
  )

  itEffect("the deprecated alias travels lowercase on the wire", () =>
    provided(
      Effect.gen(function* () {
        yield* customerinteraction({ ...insightsExample, request: { ...insightsExample.request, requestId: "alias-1" } })
        const sent = fake.sockets.flatMap((socket) => socket.sent).find((frame) => frame.payload.request.requestId === "alias-1")
        expect(sent?.headers.action).toBe("customerinteraction")
      })
    )
  )
})
