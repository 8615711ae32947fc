// What every `pnpm hostile` scenario uses: the outcome it reports, assertions that throw, the heap
// after `gc()`, resources closed whatever happens, and the client under test (the built
// `@org/optave-node`, or another core build with `--core`).
import { elevateExample } from "@org/optave-schema"
import { createClient, type ClientConfig, type OptaveClientPromise, type RuntimePlatformOptions } from "@org/optave-node"
import { runInNewContext } from "node:vm"
import { setFlagsFromString } from "node:v8"
import type { ClientFactory } from "./client-factory.ts"

export type Size = "quick" | "full"

export interface ScenarioOutcome {
  readonly detail: string
  /** Heap used after `gc()`, in MiB, while the client still held what the scenario left it. */
  readonly heapMb: number
  /** WebSocket connections the client opened. */
  readonly connections: number
}

export interface Scenario {
  readonly name: string
  /** The issue item it proves. */
  readonly item: number
  /** The issue whose table it comes from (14 when not given). */
  readonly issue?: number
  readonly run: (size: Size) => Promise<ScenarioOutcome>
}

setFlagsFromString("--expose-gc")
const collectGarbage = runInNewContext("gc") as () => void

/** Heap used after two full collections, in MiB. */
export const heapAfterGcMb = (): number => {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed / 2 ** 20
}

export const check = (condition: boolean, message: string): void => {
  if (!condition) throw new Error(message)
}

export const describeError = (error: unknown): string => {
  const tagged = error as { _tag?: string; code?: string; status?: number; message?: string }
  return `${tagged?._tag ?? typeof error} ${tagged?.code ?? ""}${tagged?.status === undefined ? "" : ` status ${tagged.status}`}: ${tagged?.message ?? String(error)}`
}

/** The rejection of `promise` (a result is a failure of the scenario). */
export const failureOf = async (promise: Promise<unknown>): Promise<any> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a failure, got a result")
}

export const expectError = (error: any, tag: string, code: string, context = ""): void =>
  check(error?._tag === tag && error?.code === code, `${context}expected ${tag} ${code}, got ${describeError(error)}`)

export const within = async <A>(ms: number, promise: Promise<A>, what: string): Promise<A> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)))
  try {
    return await Promise.race([promise, limit])
  } finally {
    clearTimeout(timer)
  }
}

export const payload = (requestId: string) => ({ ...elevateExample, request: { ...elevateExample.request, requestId } })
export const contentOf = (result: { superpowers: Record<string, { results: ReadonlyArray<any> }> }) =>
  result.superpowers.improve_answer?.results[0]?.response?.[0]?.content as string | undefined
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts what a scenario needs and always closes it, client first. */
export const using = async <A>(run: (track: <S extends { close: () => Promise<void> }>(resource: S) => S) => Promise<A>): Promise<A> => {
  const resources: Array<{ close: () => Promise<void> }> = []
  try {
    return await run((resource) => {
      resources.unshift(resource)
      return resource
    })
  } finally {
    for (const resource of resources) await resource.close().catch(() => {})
  }
}

let factory: ClientFactory = createClient
/** Runs the scenarios against another build of the core (`--core`, see client-factory.ts), e.g. the main branch's. */
export const useClientFactory = (next: ClientFactory): void => {
  factory = next
}

/**
 * The socket every client of the run uses: `ws` (the package), `global` (the runtime's own
 * WebSocket: Node 22+, the kind Workers, Deno and browsers have), or `auto` (the adapter's choice).
 * Chosen per run (`--socket`), so each scenario runs on both kinds.
 */
export type SocketKind = NonNullable<RuntimePlatformOptions["webSocket"]>
let socketKind: SocketKind = "auto"
export const useSocket = (kind: SocketKind): void => {
  if (kind === "global" && typeof globalThis.WebSocket !== "function") throw new Error(`--socket global: Node ${process.version} has no global WebSocket`)
  socketKind = kind
}
/** The socket kind clients of this run actually get (`auto` resolved as the adapter resolves it). */
export const socketInUse = (): "ws" | "global" => (socketKind === "auto" ? (typeof globalThis.WebSocket === "function" ? "global" : "ws") : socketKind)
export const client = (config: ClientConfig): OptaveClientPromise & { close: () => Promise<void> } => factory({ ...config, platform: { webSocket: socketKind } })
export const quiet = { heartbeatMs: 0 }
/**
 * A client that calls over REST only, its tokens from the token endpoint `auth` with client
 * credentials (secret "secret"); `config` overrides any of it.
 */
export const restClientWithCredentials = (auth: { readonly url: string }, rest: { readonly url: string }, config: Partial<ClientConfig> = {}) =>
  client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, clientId: "id", clientSecret: "secret", authenticationUrl: auth.url, transport: "rest", timeouts: quiet, ...config } as ClientConfig)
