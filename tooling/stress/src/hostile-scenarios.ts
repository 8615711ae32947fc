// The scenarios of `pnpm hostile`: each starts hostile or broken servers on loopback,
// drives the BUILT client (`@org/optave-node`) against them and asserts the outcome a careful user
// expects: the error's `_tag` and `code`, the heap after `gc()`, how many connections and token
// requests were made, what reached a server it should not have. A scenario throws on failure.
// `quick` sizes run inside the test pipeline (tooling/stress/test/hostile.test.ts); full sizes in
// `pnpm hostile`. The comments in each scenario say what the core did before the fix.
import { shortLivedToken, restRedirect, stuckEndpoint, stuckProvider, tokenRedirect, tokenWithCrlf } from "./hostile-credential-scenarios.ts"
import type { Scenario } from "./hostile-harness.ts"
import { progressFlood, sharedSignal, unroutedMegabytes, validationFlood } from "./hostile-memory-scenarios.ts"
import { closeEndsRest, hugeErrorBody, longRetryAfter, rateLimitedDefaults, stalledBody, uncheckedOptions } from "./hostile-rest-scenarios.ts"
import { closeStorms, crossedAnswers, hugeFrame } from "./hostile-socket-scenarios.ts"
import { escapedProtoKey, frameOf32MiB, malformedFrameFlood } from "./hostile-frame-scenarios.ts"
import { closeWithSilentPeer, exactDeadlines, outageLongerThanSettle, refusedUpgrade, silentDrop } from "./hostile-liveness-scenarios.ts"
import { hungTokenFetch, providerRejectsOnce, rfc6749TokenAnswers, tokenEndpoint503, unsafeSocketTokens } from "./hostile-token-scenarios.ts"

export { useClientFactory, type Scenario, type ScenarioOutcome, type Size } from "./hostile-harness.ts"

export const scenarios: ReadonlyArray<Scenario> = [
  validationFlood,
  tokenRedirect,
  restRedirect,
  stuckProvider,
  stuckEndpoint,
  ...closeStorms,
  tokenWithCrlf,
  crossedAnswers("reused-request-id-after-timeout", () => ({})),
  crossedAnswers("reused-correlation-id-after-timeout", (id) => ({ correlationId: id })),
  progressFlood,
  hugeErrorBody,
  stalledBody,
  hugeFrame,
  closeEndsRest,
  longRetryAfter,
  rateLimitedDefaults,
  uncheckedOptions,
  shortLivedToken,
  unroutedMegabytes,
  sharedSignal,
  // What fails in production, on both socket kinds: silent drops, tokens, outages, deadlines.
  silentDrop,
  unsafeSocketTokens,
  tokenEndpoint503,
  providerRejectsOnce,
  hungTokenFetch,
  outageLongerThanSettle,
  exactDeadlines,
  closeWithSilentPeer,
  refusedUpgrade,
  frameOf32MiB,
  malformedFrameFlood,
  escapedProtoKey,
  rfc6749TokenAnswers
]
