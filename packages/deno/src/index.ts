// @org/optave-deno: the Optave client for Deno. Same names as @org/optave-node and
// @org/optave-edge: moving runtime means changing one import path.
import { createClientWith, type ClientConfig, type OptaveClientPromise } from "@org/optave-core"
import { Platform } from "@org/optave-core/platform"
import * as Layer from "effect/Layer"
import { configFromEnv, denoPlatform } from "./deno-platform.ts"

export { configFromEnv, denoPlatform } from "./deno-platform.ts"
export * from "@org/optave-core"

/** The Deno `Platform` layer for the Effect API. */
export const layer = (): Layer.Layer<Platform> => Layer.succeed(Platform)(denoPlatform())

/**
 * Creates a client with Deno's primitives. `OPTAVE_TENANT`, `OPTAVE_TLD`, `OPTAVE_TOKEN`,
 * `OPTAVE_CLIENT_ID`, `OPTAVE_CLIENT_SECRET` and `OPTAVE_AUTH_URL` fill what `config` leaves out,
 * when `--allow-env` grants them (never prompts). Throws `ConfigError` at once on a bad configuration.
 */
export const createClient = (config: ClientConfig = {}): OptaveClientPromise => createClientWith(denoPlatform(), configFromEnv(config))
