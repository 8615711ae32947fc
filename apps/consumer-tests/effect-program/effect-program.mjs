// An Effect app that installed the packed tarballs: the README's Effect shape (an action over the
// `layer` of `@org/optave-node/effect`), each transport, a Stream, and a typed error caught by its
// tag; beside it, a Promise client from `@org/optave-node` (which carries its own Effect inside):
// an error from either entry is recognised by the other's `isOptaveError` and by its `_tag`.
// Prints one JSON report; the process must exit by itself (the layer closes the socket).
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { createClient, isOptaveError as isOptaveErrorOfPromiseEntry } from "@org/optave-node"
import { elevate, insights, insightsStream, isOptaveError as isOptaveErrorOfEffectEntry, layer } from "@org/optave-node/effect"
import { elevateExample, insightsExample } from "@org/optave-schema"

const statesOf = (result) => Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
const invalid = { session: insightsExample.session }
const urls = { ws: process.env.OPTAVE_WS_URL, rest: process.env.OPTAVE_REST_URL }

const program = Effect.gen(function* () {
  const overSocket = yield* insights(insightsExample)
  const overRest = yield* elevate(elevateExample, { transport: "rest" })
  const events = yield* Stream.runCollect(insightsStream({ request: { ...insightsExample.request, requestId: "effect-stream" } }))
  const validation = yield* insights(invalid).pipe(
    Effect.as("accepted"),
    Effect.catchTag("ValidationError", (error) => Effect.succeed({ tag: error._tag, paths: error.issues.map((issue) => issue.path) }))
  )
  const effectError = yield* Effect.flip(insights(invalid))
  const finalStates = Object.fromEntries(Array.from(events, (event) => [event.actionType, event.state]))
  return { report: { insights: statesOf(overSocket), elevate: statesOf(overRest), stream: finalStates, validation }, effectError }
})

const { report, effectError } = await Effect.runPromise(program.pipe(Effect.provide(layer({ urls, token: "effect-token" }))))

const promiseClient = createClient({ urls, token: "promise-token" })
const promiseError = await promiseClient.insights(invalid).then(() => undefined, (error) => error)
await promiseClient.close()
const recognised = (error) => ({
  tag: error?._tag,
  byPromiseEntry: isOptaveErrorOfPromiseEntry(error),
  byEffectEntry: isOptaveErrorOfEffectEntry(error)
})
console.log(JSON.stringify({ ...report, bothEntries: { fromEffectEntry: recognised(effectError), fromPromiseEntry: recognised(promiseError) } }))
