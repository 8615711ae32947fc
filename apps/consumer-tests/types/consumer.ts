// Type-checked by a consumer's tsc (moduleResolution nodenext, then bundler) against the installed
// tarballs: every public entry point resolves to its .d.ts and the types say what they should.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OptaveClient, layer as coreClientLayer, request, type ClientStats } from "@org/optave-core/effect"
import { Platform, type PlatformShape } from "@org/optave-core/platform"
import * as DenoAdapter from "@org/optave-deno"
import { createClient as createDenoClient, runtimePlatform as denoPlatform } from "@org/optave-deno"
import * as DenoEffect from "@org/optave-deno/effect"
import * as EdgeAdapter from "@org/optave-edge"
import { createClient as createEdgeClient, runtimePlatform as edgePlatform, type RuntimePlatformOptions as EdgePlatformOptions } from "@org/optave-edge"
import * as EdgeEffect from "@org/optave-edge/effect"
import * as NodeAdapter from "@org/optave-node"
import { createClient, type ActionResult, type ClientConfig, type OptaveClientPromise, type OptaveError } from "@org/optave-node"
import * as NodeEffect from "@org/optave-node/effect"
import { elevateExample, insightsExample } from "@org/optave-schema"

// Every adapter exports the same names with the same shapes.
const config: ClientConfig = { tenant: "acme", tld: "tech", token: "t" }
const factories: ReadonlyArray<(config: ClientConfig) => OptaveClientPromise> = [createClient, createEdgeClient, createDenoClient]
const platformLayers: ReadonlyArray<Layer.Layer<Platform>> = [NodeEffect.platformLayer(), EdgeEffect.platformLayer(), DenoEffect.platformLayer()]
const clientLayers: ReadonlyArray<Layer.Layer<OptaveClient, OptaveError>> = [NodeEffect.layer(config), EdgeEffect.layer(config), DenoEffect.layer(config)]
const platforms: ReadonlyArray<PlatformShape> = [edgePlatform(), denoPlatform()]
const options: EdgePlatformOptions = { webSocket: "fetch-upgrade" }
// The Effect entry has no `layer` of the Promise entry's making: the root exports none.
// @ts-expect-error `layer` lives in @org/optave-node/effect
export const noRootLayer = NodeAdapter.layer

// The Promise API: typed payloads and results.
export const promiseApi = async (client: OptaveClientPromise): Promise<string> => {
  const result: ActionResult<"insights"> = await client.insights(insightsExample, { timeoutMs: 5_000 })
  await client.elevate(elevateExample, { transport: "rest" })
  // @ts-expect-error a payload without `request` is not an InsightsPayload
  await client.insights({ session: insightsExample.session })
  const stats: ClientStats = client.stats()
  return `${result.correlationId} ${stats.reconnects}`
}

// The Effect API: the error channel names what can go wrong, matched on `_tag`; `layer(config)`
// of an adapter's /effect entry is the client over that runtime, as core's `layer` over its platform layer.
const program: Effect.Effect<ActionResult<"insights">, OptaveError, OptaveClient> = request("insights", insightsExample)
const handled = program.pipe(
  Effect.catchTag("ValidationError", (error) => Effect.succeed(error.issues.map((issue) => issue.path).join())),
  Effect.provide(NodeEffect.layer({ ...config, platform: { webSocket: "ws" } }))
)
export const runnable: Effect.Effect<ActionResult<"insights"> | string, Exclude<OptaveError, { _tag: "ValidationError" }>> = handled
export const composed = coreClientLayer(config).pipe(Layer.provide(NodeEffect.platformLayer()))
export const sameProgram: typeof program = NodeEffect.request("insights", insightsExample)

// The three adapters' public surfaces, each entry: the same names; every export but the runtime's
// own has the very same type; those take the same arguments, whose platform options are each
// runtime's own knobs (compared both ways, so a missing or extra parameter fails).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Expect<T extends true> = T
type RuntimeSpecific = "runtimePlatform" | "createClient" | "layer" | "platformLayer"
type Common<M> = Omit<M, RuntimeSpecific>
type Shape<O> = {
  readonly runtimePlatform: (options?: O) => PlatformShape
  readonly createClient: (config: ClientConfig & { readonly platform?: O | undefined }) => OptaveClientPromise
  readonly platformLayer: (options?: O) => Layer.Layer<Platform>
  readonly layer: (config: ClientConfig & { readonly platform?: O | undefined }) => Layer.Layer<OptaveClient, NodeEffect.ConfigError>
}
type SameFunctions<M, S> = {
  [K in RuntimeSpecific & keyof M]: K extends keyof S
    ? M[K] extends (...args: infer A) => infer R
      ? S[K] extends (...args: infer B) => infer Q
        ? Mutual<A, B> extends true ? Mutual<R, Q> : false
        : false
      : false
    : false
}[RuntimeSpecific & keyof M]
export type AdapterSurfaceChecks = [
  Expect<Equal<keyof typeof NodeAdapter, keyof typeof EdgeAdapter>>,
  Expect<Equal<keyof typeof NodeAdapter, keyof typeof DenoAdapter>>,
  Expect<Equal<Common<typeof NodeAdapter>, Common<typeof EdgeAdapter>>>,
  Expect<Equal<Common<typeof NodeAdapter>, Common<typeof DenoAdapter>>>,
  Expect<SameFunctions<typeof NodeAdapter, Shape<NodeAdapter.RuntimePlatformOptions>>>,
  Expect<SameFunctions<typeof EdgeAdapter, Shape<EdgeAdapter.RuntimePlatformOptions>>>,
  Expect<SameFunctions<typeof DenoAdapter, Shape<DenoAdapter.RuntimePlatformOptions>>>,
  Expect<Equal<keyof typeof NodeEffect, keyof typeof EdgeEffect>>,
  Expect<Equal<keyof typeof NodeEffect, keyof typeof DenoEffect>>,
  Expect<Equal<Common<typeof NodeEffect>, Common<typeof EdgeEffect>>>,
  Expect<Equal<Common<typeof NodeEffect>, Common<typeof DenoEffect>>>,
  Expect<SameFunctions<typeof NodeEffect, Shape<NodeAdapter.RuntimePlatformOptions>>>,
  Expect<SameFunctions<typeof EdgeEffect, Shape<EdgeAdapter.RuntimePlatformOptions>>>,
  Expect<SameFunctions<typeof DenoEffect, Shape<DenoAdapter.RuntimePlatformOptions>>>
]

export const exported = { factories, platformLayers, clientLayers, platforms, options }
