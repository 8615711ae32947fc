// Type test, checked by `tsc -p test/types/tsconfig.json` (the `typecheck:test` step of this
// package's `test` script) under the base config: strict, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess. Every `@ts-expect-error` line must be an error, so removing the guard
// it proves (e.g. widening `superpowers` back to a Record) fails the check.
import type { ActionResult, ClientConfig, OptaveClientPromise, PromiseRequestOptions, SuperpowerOutcome } from "../../src/index.ts"
import { improvedAnswer, isOptaveError } from "../../src/index.ts"
import type { OptaveClientShape } from "../../src/effect.ts"

declare const insights: ActionResult<"insights">
declare const elevate: ActionResult<"elevate">
declare const client: OptaveClientPromise
declare const maybe: string | undefined

// Expected superpowers are keys: no `undefined` to check, no typo possible.
const criteria: SuperpowerOutcome<"performance_criteria"> = insights.superpowers.performance_criteria
void criteria
void insights.superpowers.sentiment_analysis.state
// @ts-expect-error a typo'd superpower does not compile
void insights.superpowers.sentiment
// @ts-expect-error elevate has no sentiment_analysis
void elevate.superpowers.sentiment_analysis
// Superpowers the catalog does not list stay reachable.
const other: SuperpowerOutcome | undefined = insights.otherSuperpowers["risk_assessment"]
void other

// Documented content is typed: improve_answer's content is a string; others stay unknown.
const text: string | undefined = elevate.superpowers.improve_answer.results[0]?.response?.[0]?.content
void text
const open: unknown = insights.superpowers.sentiment_analysis.results[0]?.response?.[0]?.content
// @ts-expect-error undocumented content is unknown, not string
const notText: string | undefined = insights.superpowers.sentiment_analysis.results[0]?.response?.[0]?.content
void open
void notText
const improved: string | undefined = improvedAnswer(elevate)
void improved
const message: string | undefined = elevate.superpowers.improve_answer.error?.message
void message

// Optional config and options take `undefined` under exactOptionalPropertyTypes.
const config: ClientConfig = {
  clientId: maybe,
  clientSecret: maybe,
  authenticationUrl: maybe,
  tenant: maybe,
  tld: maybe,
  urls: { ws: maybe, rest: maybe },
  timeouts: { requestMs: undefined },
  retry: { maxRetries: undefined },
  expectedSuperpowers: { insights: undefined }
}
void config
const options: PromiseRequestOptions = { correlationId: maybe, timeoutMs: undefined, signal: undefined, retry: { baseDelayMs: undefined } }
void options

// The guard narrows `unknown` from a catch.
export const describeFailure = async (): Promise<string> => {
  try {
    await client.insights({} as never)
    return "ok"
  } catch (error) {
    // @ts-expect-error `error` is unknown before the guard
    void error._tag
    if (isOptaveError(error)) return `${error._tag} ${error.category} ${error.message}`
    throw error
  }
}

// The Effect service exposes what users call, nothing of the engine behind it: adding a member
// (or leaving the callback `collectWith` or the resolved `config` on it) fails this check.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const serviceSurface: Exactly<keyof OptaveClientShape, "collect" | "stream" | "unrouted" | "protocolErrors" | "stats" | "dropConnection" | "close"> = true
void serviceSurface
