// @org/optave-deno: the Optave client for Deno: the Promise API, shipped with the core and
// the parts of Effect it uses inside (no `effect` to install). Every adapter's entry is this same file
// over its own platform (same names and signatures, checked by check:boundaries and
// apps/consumer-tests/types/consumer.ts): moving runtime changes one import path.
import { createClientWith, type ClientConfig, type OptaveClientPromise } from "@org/optave-core"
import { unreadableEnvironmentError } from "@org/optave-core/platform"
import { runtimePlatform, type RuntimePlatformOptions } from "./deno-platform.ts"

export { configFromEnv, runtimePlatform, type RuntimePlatformOptions } from "./deno-platform.ts"
export * from "@org/optave-core"

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
