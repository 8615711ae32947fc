import { authorizeUpgrade, createPlanRunner, frameText, type PlanRunner, type ScenarioEngine } from "@org/optave-mock"
import { ws, type WebSocketHandler } from "msw"

/** The subprotocol the service selects (the one fact lives in `@org/optave-mock`). */
export { SUBPROTOCOL } from "@org/optave-mock"

/**
 * Close codes the handlers use instead of an HTTP refusal (a mocked socket has no handshake
 * status). 4401 is one of the codes `@org/optave-core` reads as an authentication failure.
 */
export const CLOSE_CODES = { unauthorized: 4401, badRequest: 4400, abnormalClosure: 1006 } as const

/** Live intercepted connections, so the handle can count and drop them. */
export interface ConnectionRegistry {
  readonly add: (runner: PlanRunner) => () => void
  readonly size: () => number
  readonly dropAll: () => void
}

export const createConnectionRegistry = (): ConnectionRegistry => {
  const runners = new Set<PlanRunner>()
  return {
    add: (runner) => {
      runners.add(runner)
      return () => void runners.delete(runner)
    },
    size: () => runners.size,
    dropAll: () => {
      for (const runner of runners) runner.drop()
    }
  }
}

/**
 * `ws.link` for the tenant's WebSocket host, answering as the local mock server does: the
 * token is the second offered subprotocol (`optave-v1, <token>`; MSW selects the first), or the
 * discouraged `?Authorization=` query fallback; a refused token closes with 4401 before the
 * socket opens, so the client reads an authentication failure. Each request envelope is handed to
 * the engine and its plan played back on that connection.
 */
export const socketLink = (engine: ScenarioEngine, wsUrl: string, connections: ConnectionRegistry): WebSocketHandler => {
  let connectionCount = 0
  return ws.link(wsUrl).addEventListener("connection", ({ client, info }) => {
    const verdict = authorizeUpgrade({ protocols: info.protocols, url: client.url }, engine)
    if (!verdict.ok) {
      client.close(verdict.refusal === "bad-request" ? CLOSE_CODES.badRequest : CLOSE_CODES.unauthorized, verdict.message)
      return
    }
    const connectionId = `connection-${++connectionCount}`
    let open = true
    const runner = createPlanRunner({
      send: (text, written) => {
        client.send(text)
        // MSW delivers a sent frame in a microtask and discards it once the socket is closing:
        // report it written on the next macrotask, so a drop after it cannot swallow it.
        if (written !== undefined) setTimeout(written, 0)
      },
      drop: () => {
        open = false
        client.close(CLOSE_CODES.abnormalClosure, "connection dropped")
      },
      isOpen: () => open
    })
    const forget = connections.add(runner)
    // Frames are handled in arrival order even when one needs an asynchronous read (a Blob).
    let queue: Promise<void> = Promise.resolve()
    client.addEventListener("message", (event) => {
      queue = queue
        .then(async () => runner.run(engine.handleSocketFrame(await frameText(event.data), connectionId)))
        .catch((error: unknown) => {
          // A bug here must show, as a server crash would: close with "internal error".
          runner.cancel()
          client.close(1011, error instanceof Error ? error.message : String(error))
        })
    })
    client.addEventListener("close", () => {
      open = false
      runner.cancel()
      forget()
    })
  })
}
