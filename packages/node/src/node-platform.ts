import { webcrypto } from "node:crypto"
import { ConfigError, type ClientConfig } from "@org/optave-core"
import { configFromEnvironment, openStandardSocket, type PlatformShape, type SocketLike, type SocketOptions } from "@org/optave-core/platform"
import type WebSocket from "ws"

// `ws` is loaded when the first socket opens, not at import: a REST-only program never pays for it.
// A dynamic import (not createRequire) so that an application's bundler still finds and bundles it.
let wsPackage: Promise<typeof WebSocket> | undefined
const loadWs = (): Promise<typeof WebSocket> => (wsPackage ??= import("ws").then((module) => module.default))

/** What `ws` throws for a socket that is not open yet; the core never sends before `onopen`. */
const notOpen = (): never => { throw new Error("WebSocket is not open: readyState 0 (CONNECTING)") }

// A burst of frames sent in one turn leaves in one write, not one system call each: the TCP socket
// (`ws` 8 keeps it in `_socket`) is corked until the microtask checkpoint.
const corkForThisTurn = (ws: WebSocket & { _socket?: { cork(): void; uncork(): void; writableCorked: number } }): void => {
  const tcp = ws._socket
  if (tcp !== undefined && tcp.writableCorked === 0) (tcp.cork(), queueMicrotask(() => tcp.uncork()))
}

/** The `ws` package mapped onto the core's socket: subprotocols, ping/pong, terminate, and the status of a refused upgrade. */
const openWsSocket = (connect: NodeSocketOptions, url: string, protocols: ReadonlyArray<string>, options?: SocketOptions): SocketLike => {
  let ws: WebSocket | undefined
  // Closed or terminated while `ws` was still loading: no connection is opened, the close is reported as `ws` would (1006).
  let abandoned = false
  const socket: SocketLike = {
    get bufferedAmount() {
      return ws?.bufferedAmount ?? 0
    },
    send: (data) => (ws === undefined ? notOpen() : ws.send(data)),
    // A text frame from bytes `encodeFrame` made: `ws` copies them to mask the frame, so they stay as they are for a resend.
    sendFrameBytes: (utf8) => (ws === undefined ? notOpen() : (corkForThisTurn(ws), ws.send(utf8, { binary: false }))),
    close: (code, reason) => (ws === undefined ? void (abandoned = true) : ws.close(code, reason)),
    ping: () => (ws === undefined ? notOpen() : ws.ping()),
    terminate: () => (ws === undefined ? void (abandoned = true) : ws.terminate()),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    onpong: null
  }
  loadWs().then(
    (WebSocketClass) => {
      if (abandoned) return socket.onclose?.({ code: 1006, reason: "" })
      // What `ws` throws (a SyntaxError for a bad subprotocol) is this socket's failure, never the process's.
      try { ws = connectWs(WebSocketClass, socket, connect, url, protocols, options) } catch (cause) { socket.onclose?.({ code: 1006, reason: `ws refused the socket (${cause instanceof Error ? cause.name : typeof cause})`, cause }) }
    },
    (error: unknown) => {
      socket.onerror?.(error)
      socket.onclose?.({ code: 1006, reason: "the ws package could not be loaded" })
    }
  )
  return socket
}

type Connect = (WebSocketClass: typeof WebSocket, socket: SocketLike, connect: NodeSocketOptions, url: string, protocols: ReadonlyArray<string>, options?: SocketOptions) => WebSocket
const connectWs: Connect = (WebSocketClass, socket, connect, url, protocols, options) => {
  // `maxPayload`: a larger message is refused as it arrives (close 1009), not buffered whole.
  const ws = new WebSocketClass(url, [...protocols], {
    ...(connect.agent === undefined ? {} : { agent: connect.agent as WebSocket.ClientOptions["agent"] }),
    // `ws` sets the upgrade's own headers (Sec-WebSocket-Protocol, which carries the token, among them) after these.
    ...(connect.headers === undefined ? {} : { headers: { ...connect.headers } }),
    perMessageDeflate: false,
    ...(options?.maxPayloadBytes === undefined ? {} : { maxPayload: options.maxPayloadBytes })
  })
  let httpStatus: number | undefined
  // A refused upgrade: keep its status (so 401 reads as an auth failure) and abort (`ws` then emits close).
  ws.on("unexpected-response", (_request, response) => {
    httpStatus = response.statusCode
    response.resume()
    ws.terminate()
  })
  ws.on("open", () => socket.onopen?.())
  ws.on("message", (data, isBinary) => socket.onmessage?.(isBinary ? data : data.toString()))
  ws.on("pong", () => socket.onpong?.())
  ws.on("error", (error) => socket.onerror?.(error))
  ws.on("close", (code, reason) => socket.onclose?.({ code, reason: reason.toString(), ...(httpStatus === undefined ? {} : { httpStatus }) }))
  return ws
}

/**
 * A pending frame as `ws` sends it (`sendFrameBytes`): UTF-8 bytes outside the JS heap, in a
 * Buffer of their own. Not from Node's shared Buffer pool: `ws` takes its masked copies from that
 * pool too, and one kept frame would pin the pool slab those transient copies shared with it.
 */
const encodeFrame = (text: string): Uint8Array => Buffer.allocUnsafeSlow(Buffer.byteLength(text)).fill(text)

/** What the `ws` package is given for the upgrade request; the global WebSocket takes neither. */
export interface NodeSocketOptions {
  /**
   * The `http.Agent` that opens the connection, e.g. `new HttpsProxyAgent(proxyUrl)` (package
   * `https-proxy-agent`) to reach the service through an HTTP CONNECT proxy. Typed as `object` so
   * these declarations need no Node type definitions; `ws` receives it as its `agent`.
   */
  readonly agent?: object | undefined
  /** Extra headers on the upgrade request; the protocol's own (`Sec-WebSocket-*`, `Upgrade`) always win. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

export interface RuntimePlatformOptions {
  /** `auto` (default): the global WebSocket when the runtime has one, else `ws`; with `socketOptions`, `ws` (only it takes them). */
  readonly webSocket?: "auto" | "global" | "ws" | undefined
  /** Options of the `ws` socket: a proxy `agent`, extra `headers`. */
  readonly socketOptions?: NodeSocketOptions | undefined
}

/** Node's primitives: WebSocket (global or `ws`), global fetch, node crypto. */
export const runtimePlatform = (options: RuntimePlatformOptions = {}): PlatformShape => {
  const choice = options.webSocket ?? "auto"
  const connect = options.socketOptions ?? {}
  const hasSocketOptions = connect.agent !== undefined || connect.headers !== undefined
  // Silently dropping a proxy agent would send the socket around the proxy: refuse the combination.
  if (choice === "global" && hasSocketOptions) throw new ConfigError({ field: "platform.socketOptions", reason: 'the global WebSocket takes no agent or headers; use webSocket "ws" or "auto"' })
  const useGlobal = choice === "global" || (choice === "auto" && !hasSocketOptions && typeof globalThis.WebSocket === "function")
  return {
    name: useGlobal ? "node (global WebSocket)" : "node (ws)",
    // The runtime's own WebSocket (Node 22+, or Node 20 with --experimental-websocket) is what MSW's ws.link intercepts.
    openSocket: useGlobal ? openStandardSocket : (url, protocols, socketOptions) => openWsSocket(connect, url, protocols, socketOptions),
    ...(useGlobal ? {} : { encodeFrame, seesUpgradeStatus: true }),
    fetch: (input, init) => globalThis.fetch(input, init),
    fillRandom: (buffer) => void webcrypto.getRandomValues(buffer),
    isBrowserLike: false
  }
}

/** Configuration from `OPTAVE_*` variables in `process.env`, under the explicit one (see core's `configFromEnvironment`). */
export const configFromEnv = (config: ClientConfig): ClientConfig => configFromEnvironment(config, (name) => process.env[name])
