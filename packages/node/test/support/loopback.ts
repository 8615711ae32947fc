// The Node tests' one helper style: whatever a test starts (a mock server, a client, a proxy) is
// registered here and closed after the test, newest first, so a client closes before its server.
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { afterEach } from "vitest"
import { createClient, type OptaveClientPromise } from "../../src/index.ts"

const closers: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** Closes `close` after the current test. */
export const afterTest = (close: () => Promise<unknown>): void => void closers.push(close)

/** A real mock server on a loopback port, closed after the test. */
export const serve = async (options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> => {
  const server = await startMockServer({ port: 0, latencyMs: 1, ...options })
  afterTest(() => server.close())
  return server
}

/**
 * The socket the tests' clients use: the adapter's choice, or the one OPTAVE_TEST_WEBSOCKET names
 * (`global` or `ws`; set by tooling/scripts/vitest-on-runtime.mjs --socket, so the same tests run
 * on Node 24's global WebSocket whatever the adapter's default).
 */
const testSocket = (): { readonly platform?: { readonly webSocket: "ws" | "global" } } => {
  const socket = process.env.OPTAVE_TEST_WEBSOCKET
  if (socket === undefined || socket === "") return {}
  if (socket !== "ws" && socket !== "global") throw new Error(`OPTAVE_TEST_WEBSOCKET must be ws or global, got ${socket}`)
  return { platform: { webSocket: socket } }
}

/** A Node client of `server` with its client credentials, closed after the test. */
export const connect = (server: MockServer, config: Partial<Parameters<typeof createClient>[0]> = {}): OptaveClientPromise => {
  const client = createClient({
    ...testSocket(),
    urls: { ws: server.wsUrl, rest: server.restUrl },
    clientId: "demo-client",
    clientSecret: "demo-secret",
    authenticationUrl: server.authUrl,
    ...config
  } as Parameters<typeof createClient>[0])
  afterTest(() => client.close())
  return client
}
