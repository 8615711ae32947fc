// Type-checked by a consumer's tsc (moduleResolution nodenext, then bundler) against the installed
// tarballs: every public entry point resolves to its .d.ts and the types say what they should.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OptaveClient, layer as clientLayer, request, type ClientStats } from "@org/optave-core/effect"
import { Platform, type PlatformShape } from "@org/optave-core/platform"
import { createClient as createDenoClient, denoPlatform, layer as denoLayer } from "@org/optave-deno"
import { createClient as createEdgeClient, edgePlatform, layer as edgeLayer, type EdgePlatformOptions } from "@org/optave-edge"
import { createClient, layer as nodeLayer, type ActionResult, type ClientConfig, type OptaveClientPromise, type OptaveError } from "@org/optave-node"
import { elevateExample, insightsExample } from "@org/optave-schema"

// Every adapter exports the same names with the same shapes.
const config: ClientConfig = { tenant: "acme", tld: "tech", token: "t" }
const factories: ReadonlyArray<(config: ClientConfig) => OptaveClientPromise> = [createClient, createEdgeClient, createDenoClient]
const layers: ReadonlyArray<Layer.Layer<Platform>> = [nodeLayer(), edgeLayer(), denoLayer()]
const platforms: ReadonlyArray<PlatformShape> = [edgePlatform(), denoPlatform()]
const options: EdgePlatformOptions = { webSocket: "fetch-upgrade" }

// The Promise API: typed payloads and results.
export const promiseApi = async (client: OptaveClientPromise): Promise<string> => {
  const result: ActionResult<"insights"> = await client.insights(insightsExample, { timeoutMs: 5_000 })
  await client.elevate(elevateExample, { transport: "rest" })
  // @ts-expect-error a payload without `request` is not an InsightsPayload
  await client.insights({ session: insightsExample.session })
  const stats: ClientStats = client.stats()
  return `${result.correlationId} ${stats.reconnects}`
}

// The Effect API: the error channel names what can go wrong, matched on `_tag`.
const program: Effect.Effect<ActionResult<"insights">, OptaveError, OptaveClient> = request("insights", insightsExample)
const handled = program.pipe(
  Effect.catchTag("ValidationError", (error) => Effect.succeed(error.issues.map((issue) => issue.path).join())),
  Effect.provide(clientLayer(config).pipe(Layer.provide(nodeLayer())))
)
export const runnable: Effect.Effect<ActionResult<"insights"> | string, Exclude<OptaveError, { _tag: "ValidationError" }>> = handled

export const exported = { factories, layers, platforms, options }
