// An Effect app that installed the packed tarballs: the README's Effect shape (an action, the
// client layer over the Node platform layer), each transport, a Stream, and a typed error caught
// by its tag. Prints one JSON report; the process must exit by itself (the layer closes the socket).
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { elevate, insights, insightsStream, layer as clientLayer } from "@org/optave-core/effect"
import { layer as nodePlatform } from "@org/optave-node"
import { elevateExample, insightsExample } from "@org/optave-schema"

const statesOf = (result) => Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))

const program = Effect.gen(function* () {
  const overSocket = yield* insights(insightsExample)
  const overRest = yield* elevate(elevateExample, { transport: "rest" })
  const events = yield* Stream.runCollect(insightsStream({ request: { ...insightsExample.request, requestId: "effect-stream" } }))
  const validation = yield* insights({ session: insightsExample.session }).pipe(
    Effect.as("accepted"),
    Effect.catchTag("ValidationError", (error) => Effect.succeed({ tag: error._tag, paths: error.issues.map((issue) => issue.path) }))
  )
  const finalStates = Object.fromEntries(Array.from(events, (event) => [event.actionType, event.state]))
  return { insights: statesOf(overSocket), elevate: statesOf(overRest), stream: finalStates, validation }
})

const client = clientLayer({ urls: { ws: process.env.OPTAVE_WS_URL, rest: process.env.OPTAVE_REST_URL }, token: "effect-token" })
const report = await Effect.runPromise(program.pipe(Effect.provide(client.pipe(Layer.provide(nodePlatform())))))
console.log(JSON.stringify(report))
