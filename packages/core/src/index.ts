// @org/optave-core: the Promise API, errors and types. Runtime packages (@org/optave-node,
// @org/optave-edge, @org/optave-deno) wrap `createClientWith` in a `createClient` with their platform.
export { createClientWith, type ActionMethods, type OptaveClientPromise, type StreamMethods } from "./promise-client.ts"
export type { ClientConfig, ClientFetch, TokenProvider, Timeouts, ReconnectOptions, Overrides } from "./config/client-config.ts"
export type { RequestOptions, PromiseRequestOptions } from "./request-options.ts"
export type { ClientLogger, LogEvent, LogFields, LogLevel } from "./observability/client-log.ts"
export type { ActionResult, ExpectedSuperpower, SuperpowerOutcome, SuperpowerOutcomes, SuperpowerResultOf } from "./action-result.ts"
export { improvedAnswer } from "./results/result-accessors.ts"
export type { RetryOptions } from "./request/retry-policy.ts"
export type { ClientStats } from "./request/client-engine.ts"
export type { OpenTelemetryTracer, OpenTelemetrySpan, OpenTelemetryAttributeValue } from "./observability/otel-tracer.ts"
export {
  AuthError,
  ConfigError,
  ProtocolError,
  RemoteError,
  TimeoutError,
  TransportError,
  ValidationError,
  isOptaveError,
  type ErrorCategory,
  type OptaveError
} from "./errors.ts"
export { actionCatalog, actionNames, type ActionName } from "./generated/catalog.ts"
export type * from "./generated/types.ts"
export type { ValidationIssue, ValidationOptions } from "./validation-issue.ts"
export { SCHEMA_REF } from "./request/envelope.ts"
export { busyErrorCodes, isBusyError, isTerminalState, superpowerError } from "./request/superpower-state.ts"
