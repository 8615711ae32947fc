// @org/optave-deno: the Optave client for Deno.
// Every adapter's entry is this same file over its own `deno-platform.ts`: the same names with the
// same signatures (checked by check:boundaries and by the type test in apps/consumer-tests/types/consumer.ts),
// so moving runtime means changing one import path.
import { createClientWith, type ClientConfig, type OptaveClientPromise } from "@org/optave-core"
import { Platform, unreadableEnvironmentError } from "@org/optave-core/platform"
import * as Layer from "effect/Layer"
import { runtimePlatform, type RuntimePlatformOptions } from "./deno-platform.ts"

export { configFromEnv, runtimePlatform, type RuntimePlatformOptions } from "./deno-platform.ts"
export * from "@org/optave-core"

/** This runtime's `Platform` layer for the Effect API. */
export const layer = (options?: RuntimePlatformOptions): Layer.Layer<Platform> => Layer.succeed(Platform)(runtimePlatform(options))

/**
 * Creates a client with this runtime's primitives. Throws `ConfigError` at once on a bad
 * configuration. The environment is read only when asked: `createClient(configFromEnv({ ... }))`.
 */
export const createClient = (config: ClientConfig & { readonly platform?: RuntimePlatformOptions | undefined }): OptaveClientPromise => {
  // Variables `--allow-env` did not grant: say so rather than report their fields as missing.
  const unreadable = unreadableEnvironmentError(config)
  if (unreadable !== undefined) throw unreadable
  return createClientWith(runtimePlatform(config.platform), config)
}
