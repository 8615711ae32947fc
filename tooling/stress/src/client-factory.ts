// How the benchmarks make clients: `@org/optave-node`'s `createClient`, or, with `--core <path>`,
// `createClientWith` from another build: of `@org/optave-core` (a candidate fix kept outside the
// repo) over the same Node platform, or of `@org/optave-node` (its `dist/index.js`) over its own
// platform. The second form lets the lead measure a proposed change with the very same benchmark
// before applying it.
import { createClient, runtimePlatform, type ClientConfig, type OptaveClientPromise, type RuntimePlatformOptions } from "@org/optave-node"

export type ClientFactory = (config: ClientConfig & { readonly platform?: RuntimePlatformOptions | undefined }) => OptaveClientPromise

/** `platform`: the Node platform's options (which socket), the same for either form. */
export const loadClientFactory = async (corePath: string | undefined, platform: RuntimePlatformOptions = {}): Promise<ClientFactory> => {
  if (corePath === undefined) return (config) => createClient({ ...config, platform: { ...platform, ...config.platform } })
  const core = (await import(corePath)) as { createClientWith: (platform: ReturnType<typeof runtimePlatform>, config: ClientConfig) => OptaveClientPromise; runtimePlatform?: typeof runtimePlatform }
  const platformOf = core.runtimePlatform ?? runtimePlatform
  return (config) => core.createClientWith(platformOf({ ...platform, ...config.platform }), config)
}

/**
 * A client for a server that counts frames and never answers: `pending` requests may wait (none
 * times out during a run, no heartbeat traffic is counted as a frame).
 */
export const silentServerConfig = (port: number, pending: number): ClientConfig => ({
  urls: { ws: `ws://127.0.0.1:${port}` },
  token: "bench-token",
  maxQueuedRequests: pending + 10,
  timeouts: { requestMs: 600_000, settleMs: 600_000, heartbeatMs: 0 }
})
