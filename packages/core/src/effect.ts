// @org/optave-core/effect: the Effect API. Every action is an Effect (collected results) and a
// Stream (events as they arrive) that need the `OptaveClient` service, provided by `layer`.
export { OptaveClient, layer, make, request, requestStream, type OptaveClientShape, type ClientStats } from "./optave-client.ts"
export * from "./generated/surface/actions.ts"
export { Platform, type PlatformShape, type SocketLike, type SocketCloseInfo, type SocketOptions } from "./platform.ts"
export { retrySchedule, withRetries, backoffDelayMs, isRetryableStatus, parseRetryAfter, type RetryOptions } from "./retry-policy.ts"
export { makeEnvelope, SCHEMA_REF } from "./envelope.ts"
export * from "./errors.ts"
export type { ActionResult, ExpectedSuperpower, SuperpowerOutcome, SuperpowerOutcomes, SuperpowerResultOf } from "./action-result.ts"
export { improvedAnswer } from "./result-accessors.ts"
export type { RequestOptions } from "./request-options.ts"
export type { ClientConfig } from "./client-config.ts"
export type { ClientLogger, LogEvent, LogFields, LogLevel } from "./client-log.ts"
