import type { ClientConfig } from "@org/optave-core"
import { configFromEnvironment, openStandardSocket, type PlatformShape, type SocketLike } from "@org/optave-core/platform"

/** The parts of workerd's socket and Response we use (workerd's own types are not in scope here). */
interface WorkerdSocket {
  readonly bufferedAmount?: number
  accept(): void
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void
}

const makeSocket = (source: () => { readonly bufferedAmount?: number } | undefined, send: SocketLike["send"], close: SocketLike["close"]): SocketLike => ({
  get bufferedAmount() {
    return source()?.bufferedAmount ?? 0
  },
  send,
  close,
  onopen: null,
  onmessage: null,
  onclose: null,
  onerror: null
})

/**
 * workerd's client socket: an HTTP request with `Upgrade: websocket`, then `accept()`. Unlike the
 * standard constructor it sees the status of a refused upgrade (401 for a rejected token).
 */
const openFetchUpgradeSocket = (url: string, protocols: ReadonlyArray<string>): SocketLike => {
  const abort = new AbortController()
  let ws: WorkerdSocket | undefined
  let closing = false
  const socket = makeSocket(
    () => ws,
    (data) => {
      if (ws === undefined) throw new Error("the WebSocket is not open yet")
      ws.send(data)
    },
    (code, reason) => {
      closing = true
      if (ws !== undefined) ws.close(code, reason)
      else abort.abort()
    }
  )
  const closed = (code: number, reason: string, httpStatus?: number) =>
    socket.onclose?.(httpStatus === undefined ? { code, reason } : { code, reason, httpStatus })
  const onResponse = (response: Response) => {
    const accepted = (response as Response & { readonly webSocket?: WorkerdSocket | null }).webSocket
    if (response.status !== 101 || accepted == null) {
      void response.body?.cancel()
      return closed(1006, `upgrade refused with HTTP ${response.status}`, response.status)
    }
    accepted.accept()
    ws = accepted
    accepted.addEventListener("message", (event) => socket.onmessage?.(event.data))
    accepted.addEventListener("error", (event) => socket.onerror?.(event))
    accepted.addEventListener("close", (event) => closed(event.code ?? 1005, event.reason ?? ""))
    if (closing) accepted.close(1000, "closed before open")
    else socket.onopen?.()
  }
  const onFailure = (error: unknown) => {
    socket.onerror?.(error)
    closed(1006, closing ? "closed before open" : "the upgrade request failed")
  }
  const httpUrl = url.replace(/^ws(s?):/i, "http$1:")
  const headers = { Upgrade: "websocket", "Sec-WebSocket-Protocol": protocols.join(", ") }
  // Two callbacks, not .catch: an error thrown by a handler in onResponse is not a failed upgrade.
  void globalThis.fetch(httpUrl, { headers, signal: abort.signal }).then(onResponse, onFailure)
  return socket
}

export interface RuntimePlatformOptions {
  /**
   * `auto` (default): the fetch upgrade in workerd (it has `WebSocketPair`), the standard
   * `WebSocket` constructor everywhere else.
   */
  readonly webSocket?: "auto" | "standard" | "fetch-upgrade" | undefined
}

/** Web-standard primitives: WebSocket (standard or workerd's fetch upgrade), global fetch, Web Crypto. */
export const runtimePlatform = (options: RuntimePlatformOptions = {}): PlatformShape => {
  const choice = options.webSocket ?? "auto"
  const isWorkerd = typeof (globalThis as { WebSocketPair?: unknown }).WebSocketPair === "function"
  const useFetchUpgrade = choice === "fetch-upgrade" || (choice === "auto" && isWorkerd)
  // A page (or anything with a window) would hand a client secret to its users: core refuses one there.
  const isBrowserLike = "document" in globalThis || "window" in globalThis
  return {
    name: `${isBrowserLike ? "browser" : isWorkerd ? "workerd" : "edge"} (${useFetchUpgrade ? "fetch upgrade" : "WebSocket"})`,
    openSocket: useFetchUpgrade ? openFetchUpgradeSocket : openStandardSocket,
    fetch: (input, init) => globalThis.fetch(input, init),
    fillRandom: (buffer) => void globalThis.crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>),
    isBrowserLike
  }
}

/**
 * Configuration from `OPTAVE_*` variables under the explicit one, where the runtime has a
 * `process.env` (Workers with `nodejs_compat`, Vercel Edge); a browser has none and gets `config` as is.
 */
export const configFromEnv = (config: ClientConfig): ClientConfig => {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  return configFromEnvironment(config, (name) => environment?.[name])
}
