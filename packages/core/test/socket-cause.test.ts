// A socket the platform could not create never reads as a refused connection: what the platform
// could not do (its close's `cause`, or what `openSocket` threw) travels as the error's `cause`.
// A close with a cause ends the requests at the first attempt: retrying cannot help.
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/testing/TestClock"
import { itEffect } from "@org/vitest-config/effect"
import { elevateExample } from "@org/optave-schema"
import { describe, expect } from "vitest"
import { layer as clientLayer, request } from "../src/optave-client.ts"
import { Platform } from "../src/platform.ts"
import type { ClientConfig } from "../src/config/client-config.ts"
import { makeFakePlatform } from "./support/fake-platform.ts"

const tick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
const config: ClientConfig = { urls: { ws: "ws://127.0.0.1:1" }, token: "secret-token", timeouts: { settleMs: 5_000, requestMs: 30_000 } }

/** One elevate over the WebSocket on `platform`, run until it ends; its error. */
const failureOn = (platform: ReturnType<typeof makeFakePlatform>["platform"]) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(Effect.exit(request("elevate", elevateExample)))
    for (let i = 0; i < 80 && fiber.pollUnsafe() === undefined; i++) {
      yield* TestClock.adjust(500)
      yield* Effect.repeat(tick, { times: 2 })
    }
    const exit = yield* Fiber.join(fiber)
    return Exit.isFailure(exit) ? (exit.cause.reasons[0] as any).error : undefined
  }).pipe(Effect.provide(clientLayer(config).pipe(Layer.provide(Layer.succeed(Platform)(platform)))))

describe("a socket the platform could not create", () => {
  itEffect("a close with a cause: one attempt, a non-retryable CONNECT_FAILED with the platform's message and cause", () =>
    Effect.gen(function* () {
      const loadError = new Error("the ws package could not be loaded (boom): keep ws external")
      const fake = makeFakePlatform({ onOpen: (socket) => queueMicrotask(() => socket.onclose?.({ code: 1006, reason: "", cause: loadError })) })
      const error = yield* failureOn(fake.platform)
      expect(error).toMatchObject({ _tag: "TransportError", code: "CONNECT_FAILED", retryable: false, cause: loadError })
      expect(error.message).toBe("Transport error (CONNECT_FAILED): the platform could not open a WebSocket: the ws package could not be loaded (boom): keep ws external")
      expect(fake.sockets).toHaveLength(1)
    })
  )

  itEffect("openSocket throws: the thrown error is the cause, its message stays out of the reason (it may quote the URL)", () =>
    Effect.gen(function* () {
      const thrown = new SyntaxError("bad url ws://127.0.0.1:1/?Authorization=secret-token")
      const fake = makeFakePlatform()
      const error = yield* failureOn({ ...fake.platform, openSocket: () => { throw thrown } })
      expect(error).toMatchObject({ _tag: "TransportError", code: "CONNECT_FAILED", cause: thrown })
      expect(error.message).not.toContain("secret-token")
    })
  )
})
