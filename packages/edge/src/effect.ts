// @org/optave-edge/effect: the Effect API over this runtime, run on the application's own Effect
// (`effect` is a peer dependency). Every adapter's Effect entry is this same file over its own platform.
import { layer as clientLayer, type ClientConfig, type ConfigError, type OptaveClient } from "@org/optave-core/effect"
import { Platform } from "@org/optave-core/platform"
import * as Layer from "effect/Layer"
import { runtimePlatform, type RuntimePlatformOptions } from "./edge-platform.ts"

export * from "@org/optave-core/effect"
export { configFromEnv, runtimePlatform, type RuntimePlatformOptions } from "./edge-platform.ts"

/** This runtime's `Platform` layer alone, for `@org/optave-core/effect`'s `layer(config)` or a `make` of your own. */
export const platformLayer = (options?: RuntimePlatformOptions): Layer.Layer<Platform> => Layer.succeed(Platform)(runtimePlatform(options))

/** The `OptaveClient` service over this runtime's platform: what `createClient` is to the Promise API. */
export const layer = (config: ClientConfig & { readonly platform?: RuntimePlatformOptions | undefined }): Layer.Layer<OptaveClient, ConfigError> =>
  clientLayer(config).pipe(Layer.provide(platformLayer(config.platform)))
