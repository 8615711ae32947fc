// Type-checked by a consumer's tsc (moduleResolution nodenext, then bundler) against the installed
// tarballs: every public entry point resolves to its .d.ts and the types say what they should.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OptaveClient, layer as clientLayer, request, type ClientStats } from "@org/optave-core/effect"
import { Platform, type PlatformShape } from "@org/optave-core/platform"
import * as DenoAdapter from "@org/optave-deno"
import { createClient as createDenoClient, layer as denoLayer, runtimePlatform as denoPlatform } from "@org/optave-deno"
import * as EdgeAdapter from "@org/optave-edge"
import { createClient as createEdgeClient, layer as edgeLayer, runtimePlatform as edgePlatform, type RuntimePlatformOptions as EdgePlatformOptions } from "@org/optave-edge"
import * as NodeAdapter from "@org/optave-node"
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

// The three adapters' public surfaces: the same names; every export but three has the very same
// type; `runtimePlatform`, `layer` and `createClient` take the same arguments, whose platform options
// are each runtime's own knobs (compared both ways, so a missing or extra parameter fails).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Expect<T extends true> = T
type RuntimeSpecific = "runtimePlatform" | "layer" | "createClient"
type Common<M> = Omit<M, RuntimeSpecific>
type Shape<O> = {
  readonly runtimePlatform: (options?: O) => PlatformShape
  readonly layer: (options?: O) => Layer.Layer<Platform>
  readonly createClient: (config: ClientConfig & { readonly platform?: O | undefined }) => OptaveClientPromise
}
type SameFunctions<M, S> = {
  [K in RuntimeSpecific]: K extends keyof M & keyof S
    ? M[K] extends (...args: infer A) => infer R
      ? S[K] extends (...args: infer B) => infer Q
        ? Mutual<A, B> extends true ? Mutual<R, Q> : false
        : false
      : false
    : false
}[RuntimeSpecific]
export type AdapterSurfaceChecks = [
  Expect<Equal<keyof typeof NodeAdapter, keyof typeof EdgeAdapter>>,
  Expect<Equal<keyof typeof NodeAdapter, keyof typeof DenoAdapter>>,
  Expect<Equal<Common<typeof NodeAdapter>, Common<typeof EdgeAdapter>>>,
  Expect<Equal<Common<typeof NodeAdapter>, Common<typeof DenoAdapter>>>,
  Expect<SameFunctions<typeof NodeAdapter, Shape<NodeAdapter.RuntimePlatformOptions>>>,
  Expect<SameFunctions<typeof EdgeAdapter, Shape<EdgeAdapter.RuntimePlatformOptions>>>,
  Expect<SameFunctions<typeof DenoAdapter, Shape<DenoAdapter.RuntimePlatformOptions>>>
]

export const exported = { factories, layers, platforms, options }
