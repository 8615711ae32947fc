import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { startSilencingProxy, type SilencingProxy } from "@org/optave-test-fixtures/silencing-proxy"

/**
 * The mock server of the liveness scenario (answers 100 ms apart, so requests are still waiting
 * when the network goes silent) behind a silencing proxy; closed together.
 */
export const startLivenessServers = async (): Promise<{ server: MockServer; proxy: SilencingProxy; close: () => Promise<void> }> => {
  const server = await startMockServer({ port: 0, latencyMs: 100 })
  const proxy = await startSilencingProxy(server.port)
  return {
    server,
    proxy,
    close: async () => {
      await proxy.close()
      await server.close()
    }
  }
}
