// A server that floods the socket with malformed frames: every frame is refused and published on
// `protocolErrors`, but the log stays bounded: a sample of lines, then one line with the count.
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample } from "@org/optave-schema"
import { describe, expect } from "vitest"
import { OptaveClient, layer as clientLayer, request } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import { event, makeFakePlatform, type FakeSocket } from "./support/fake-platform.ts"
import { recordingLogger } from "./support/log-recorder.ts"

const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

describe("a flood of refused frames", () => {
  itEffect("20,000 malformed frames write 5 sample lines and one count per minute, never a line per frame", () => {
    let server: FakeSocket | undefined
    let correlationId = ""
    const fake = makeFakePlatform({
      onSend: (socket, frame) => {
        server = socket
        correlationId = frame.headers.correlationId as string
      }
    })
    const recorder = recordingLogger()
    const refusals = () => recorder.lines.filter(({ fields }) => String(fields.event).startsWith("frame"))
    return Effect.gen(function* () {
      const client = yield* OptaveClient
      const pending = yield* Effect.forkChild(request("elevate", elevateExample))
      yield* tick
      for (let index = 0; index < 20_000; index++) server!.receive(index % 4 === 0 ? { action: "superpower", state: 3 } : "{not json")
      expect(client.stats().protocolErrors).toBe(20_000)
      expect(refusals()).toHaveLength(5)
      yield* TestClock.adjust(60_000)
      yield* tick
      expect(refusals().map(({ level, line }) => `${level} ${line}`).slice(5)).toEqual([
        "warn optave frames-refused refused=20000 unlogged=19995 windowMs=60000 codes=INVALID_JSON:14997,INVALID_FRAME:4998"
      ])
      // A second flood a minute later: a new window, bounded the same way; close() writes its count.
      for (let index = 0; index < 7; index++) server!.receive("{not json")
      server!.receive(event(correlationId, "improve_answer", "completed", "ok"))
      yield* tick
      expect(refusals()).toHaveLength(11)
      yield* client.close
      expect(refusals().map(({ line }) => line).at(-1)).toBe("optave frames-refused refused=7 unlogged=2 windowMs=60000 codes=INVALID_JSON:2")
      expect(refusals()).toHaveLength(12)
      yield* Fiber.await(pending)
    }).pipe(
      Effect.provide(
        clientLayer({ urls: { ws: "ws://127.0.0.1:1" }, token: "t", logger: recorder.logger, logLevel: "warn", timeouts: { heartbeatMs: 0 } }).pipe(
          Layer.provide(Layer.succeed(Platform)(fake.platform))
        )
      )
    )
  })
})
