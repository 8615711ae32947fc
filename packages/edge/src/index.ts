// @org/optave-edge: the Optave client for Cloudflare Workers, browsers and other runtimes with web
// standards. Same names as @org/optave-node and @org/optave-deno: moving runtime means changing one import path.
import { createClientWith, type ClientConfig, type OptaveClientPromise } from "@org/optave-core"
import { Platform } from "@org/optave-core/platform"
import * as Layer from "effect/Layer"
import { edgePlatform, type EdgePlatformOptions } from "./edge-platform.ts"

export { edgePlatform, type EdgePlatformOptions } from "./edge-platform.ts"
export * from "@org/optave-core"

/** The edge `Platform` layer for the Effect API. */
export const layer = (options?: EdgePlatformOptions): Layer.Layer<Platform> => Layer.succeed(Platform)(edgePlatform(options))

/**
 * Creates a client with web-standard primitives. Throws `ConfigError` at once on a bad
 * configuration; in a browser give `tokenProvider` (a client secret is refused there).
 */
export const createClient = (config: ClientConfig & { readonly platform?: EdgePlatformOptions | undefined }): OptaveClientPromise =>
  createClientWith(edgePlatform(config.platform), config)
