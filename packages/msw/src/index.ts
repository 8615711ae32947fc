// @org/optave-msw: MSW handlers (REST, ws.link, OAuth2) that answer like the Optave service,
// driven by the scenario engine of @org/optave-mock, for your app's test suites.
export {
  createOptaveMock,
  optaveHandlers,
  type OptaveHandler,
  type OptaveMock,
  type OptaveMockOptions,
  type OptaveScenario
} from "./optave-mock.ts"
export type { ServiceUrlOptions, ServiceUrls } from "./service-urls.ts"
export { CLOSE_CODES, SUBPROTOCOL } from "./socket-link.ts"
export { restRoutes, routeActions, type RestRoute, type RouteAction, type RoutePayloads, type RouteResults, type RouteSuperpowers } from "./rest-routes.ts"
export type {
  EngineStats,
  RecordedRequest,
  RecordedRestRequest,
  RecordedSocketRequest,
  RecordedTokenRequest,
  RequestIssue,
  Scenario,
  ScenarioDrop,
  ScenarioEngine,
  ScenarioEngineOptions,
  ScenarioError,
  ScenarioHttpFault,
  ScenarioResults,
  SuperpowerContent,
  SuperpowerContents
} from "@org/optave-mock"
