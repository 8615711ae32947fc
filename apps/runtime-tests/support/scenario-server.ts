import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { REFUSED_TOKEN, SERVER_DROP_REQUEST_ID } from "../scenario/run-scenario.ts"

/**
 * The loopback mock server every runtime test talks to: frames 10 ms apart (so a drop lands
 * mid-stream), the refused token, one socket drop after the first frame of the drop request,
 * and one 503 (retry after 20 ms) for the first elevate over REST.
 */
export const startScenarioServer = async (): Promise<MockServer> => {
  const server = await startMockServer({ port: 0, latencyMs: 10, tokens: (token) => token.length > 0 && token !== REFUSED_TOKEN })
  server.engine.use({
    action: "insights",
    match: (request) => request.payload.request?.requestId === SERVER_DROP_REQUEST_ID,
    drop: { afterFrames: 1, times: 1 }
  })
  server.engine.use({ action: "elevate", http: { status: 503, retryAfterMs: 20, times: 1 } })
  return server
}
