// @org/optave-node: the Optave client for Node.js. Every adapter's entry is this same file over its own platform (same names and
// signatures, checked by check:boundaries and apps/consumer-tests/types/consumer.ts): moving runtime changes one import path.
import { createClientWith, type ClientConfig, type OptaveClientPromise } from "@org/optave-core"
import { Platform } from "@org/optave-core/platform"
import * as Layer from "effect/Layer"
import { runtimePlatform, type RuntimePlatformOptions } from "./node-platform.ts"

export { configFromEnv, runtimePlatform, type RuntimePlatformOptions } from "./node-platform.ts"
export * from "@org/optave-core"

/** This runtime's `Platform` layer for the Effect API. */
export const layer = (options?: RuntimePlatformOptions): Layer.Layer<Platform> => Layer.succeed(Platform)(runtimePlatform(options))

/**
 * Creates a client with this runtime's primitives. Throws `ConfigError` at once on a bad
 * configuration. The environment is read only when asked: `createClient(configFromEnv({ ... }))`.
 */
export const createClient = (config: ClientConfig & { readonly platform?: RuntimePlatformOptions | undefined }): OptaveClientPromise =>
  createClientWith(runtimePlatform(config.platform), config)
