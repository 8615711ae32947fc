// @org/optave-mock: the scenario engine behind the local mock server and the MSW handlers.
// Plain TypeScript with no I/O: it runs in Node, browsers and workerd.
export { createScenarioEngine } from "./scenario-engine.ts"
export type { EngineStats, PlannedFrame, RestAnswer, RestErrorBody, RestRequest, ScenarioEngine, ScenarioEngineOptions, SocketPlan } from "./front-door.ts"
export type { Scenario, ScenarioDrop, ScenarioError, ScenarioHttpFault, ScenarioResults, SuperpowerOf } from "./scenario.ts"
export type { ActionName, RecordedRequest, RecordedRestRequest, RecordedSocketRequest, RecordedTokenRequest, RequestIssue } from "./request-record.ts"
export type { Correlation, ResponseEnvelope, ResponseStyle } from "./response-style.ts"
export type { KnownSuperpower, SuperpowerContent, SuperpowerContents } from "./superpower-content.ts"
// The inferred result contents are schema types (written once in @org/optave-schema).
export type { OfferRecommendation, ReceptionTriage, RiskAssessment, Translation } from "@org/optave-core/validate"
export {
  DEFAULT_CLIENT,
  type AcceptedTokens,
  type Authorization,
  type ClientCredentials,
  type TokenIssue,
  type TokenUse
} from "./token-authority.ts"
export { createPlanRunner, type PlanRunner, type PlanTarget } from "./plan-runner.ts"
export { answerTokenRequest, DOCUMENTED_TOKEN_PATH, type TokenAnswer, type TokenRequest } from "./token-request.ts"
export { authorizeUpgrade, SUBPROTOCOL, type UpgradeOffer, type UpgradeVerdict } from "./upgrade-authorization.ts"
export { frameText } from "./frame-text.ts"
export { hashSeed, seededRandom, type SeededRandom } from "./seeded-random.ts"
