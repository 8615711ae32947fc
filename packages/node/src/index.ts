// @org/optave-node: the Optave client for Node.js. Same names as @org/optave-edge and
// @org/optave-deno, so moving runtime means changing one import path.
import { createClientWith, type ClientConfig, type OptaveClientPromise } from "@org/optave-core"
import { Platform } from "@org/optave-core/effect"
import * as Layer from "effect/Layer"
import { nodePlatform, type NodePlatformOptions } from "./node-platform.ts"

export { nodePlatform, type NodePlatformOptions } from "./node-platform.ts"
export * from "@org/optave-core"

/** The Node `Platform` layer for the Effect API. */
export const layer = (options?: NodePlatformOptions): Layer.Layer<Platform> => Layer.succeed(Platform)(nodePlatform(options))

/** Creates a client with Node defaults. Throws `ConfigError` at once on a bad configuration. */
export const createClient = (config: ClientConfig & { readonly platform?: NodePlatformOptions | undefined }): OptaveClientPromise =>
  createClientWith(nodePlatform(config.platform), config)
