// @org/optave-mock-server: the local Optave mock server (WebSocket, REST and OAuth2 on one
// loopback port) over the scenario engine of @org/optave-mock.
export { startMockServer, type MockServer, type MockServerOptions } from "./mock-server.ts"
export type { Scenario, ScenarioEngine, ScenarioEngineOptions } from "@org/optave-mock"
