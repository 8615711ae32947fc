import { webcrypto } from "node:crypto"
import type { ClientConfig } from "@org/optave-core"
import { configFromEnvironment, openStandardSocket, type PlatformShape, type SocketLike, type SocketOptions } from "@org/optave-core/platform"
import WebSocket from "ws"

/** The `ws` package mapped onto the core's socket: subprotocols, ping/pong, terminate, and the status of a refused upgrade. */
const openWsSocket = (url: string, protocols: ReadonlyArray<string>, options?: SocketOptions): SocketLike => {
  // `maxPayload` (ws default 100 MiB): a larger message is refused as it arrives (close 1009), not buffered whole.
  const ws = new WebSocket(url, [...protocols], {
    perMessageDeflate: false,
    ...(options?.maxPayloadBytes === undefined ? {} : { maxPayload: options.maxPayloadBytes })
  })
  let httpStatus: number | undefined
  const socket: SocketLike = {
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    ping: () => ws.ping(),
    terminate: () => ws.terminate(),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    onpong: null
  }
  // A refused upgrade: keep its status (so 401 reads as an auth failure) and abort, which
  // makes `ws` emit the close event the core waits for.
  ws.on("unexpected-response", (_request, response) => {
    httpStatus = response.statusCode
    response.resume()
    ws.terminate()
  })
  ws.on("open", () => socket.onopen?.())
  ws.on("message", (data, isBinary) => socket.onmessage?.(isBinary ? data : data.toString()))
  ws.on("pong", () => socket.onpong?.())
  ws.on("error", (error) => socket.onerror?.(error))
  ws.on("close", (code, reason) =>
    socket.onclose?.(httpStatus === undefined ? { code, reason: reason.toString() } : { code, reason: reason.toString(), httpStatus })
  )
  return socket
}

export interface RuntimePlatformOptions {
  /** `auto` (default) uses the global WebSocket when the runtime has one, else the `ws` package. */
  readonly webSocket?: "auto" | "global" | "ws" | undefined
}

/** Node's primitives: WebSocket (global or `ws`), global fetch, node crypto. */
export const runtimePlatform = (options: RuntimePlatformOptions = {}): PlatformShape => {
  const choice = options.webSocket ?? "auto"
  const useGlobal = choice === "global" || (choice === "auto" && typeof globalThis.WebSocket === "function")
  return {
    name: useGlobal ? "node (global WebSocket)" : "node (ws)",
    // The runtime's own WebSocket (Node 22+, or Node 20 with --experimental-websocket) is what MSW's ws.link intercepts.
    openSocket: useGlobal ? openStandardSocket : openWsSocket,
    fetch: (input, init) => globalThis.fetch(input, init),
    fillRandom: (buffer) => void webcrypto.getRandomValues(buffer),
    isBrowserLike: false
  }
}

/** Configuration from `OPTAVE_*` variables in `process.env`, under the explicit one (see core's `configFromEnvironment`). */
export const configFromEnv = (config: ClientConfig): ClientConfig => configFromEnvironment(config, (name) => process.env[name])
