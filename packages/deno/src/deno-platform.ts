import type { ClientConfig } from "@org/optave-core"
import { configFromEnvironment, openStandardSocket, type PlatformShape } from "@org/optave-core/platform"

/** The few `Deno` APIs we use; declared here so the package builds without Deno's types. */
interface DenoNamespace {
  readonly env: { get(name: string): string | undefined }
  readonly permissions: { querySync(descriptor: { readonly name: "env"; readonly variable: string }): { readonly state: string } }
}
const deno = (): DenoNamespace | undefined => (globalThis as { Deno?: DenoNamespace }).Deno

/** Deno has one WebSocket: nothing to choose; kept so every adapter takes the same arguments. */
export type RuntimePlatformOptions = Record<never, never>

/** Deno's primitives: WebSocket, global fetch, Web Crypto. */
export const runtimePlatform = (_options: RuntimePlatformOptions = {}): PlatformShape => ({
  name: "deno",
  openSocket: openStandardSocket,
  fetch: (input, init) => globalThis.fetch(input, init),
  fillRandom: (buffer) => void globalThis.crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>),
  isBrowserLike: false
})

/**
 * Reads a variable only when `--allow-env` already grants it (`querySync` never prompts, `get`
 * might); throws for one that is not granted, so `configFromEnv` can name it.
 */
const readEnv = (name: string): string | undefined => {
  const runtime = deno()
  if (runtime === undefined) return undefined
  if (runtime.permissions.querySync({ name: "env", variable: name }).state !== "granted") throw new Error(`no --allow-env for ${name}`)
  const value = runtime.env.get(name)
  return value === undefined || value === "" ? undefined : value
}

/**
 * Configuration from `OPTAVE_*` variables (where `--allow-env` grants them) under the explicit one
 * (see core's `configFromEnvironment`).
 */
export const configFromEnv = (config: ClientConfig): ClientConfig => configFromEnvironment(config, readEnv)
