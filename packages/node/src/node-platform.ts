import { webcrypto } from "node:crypto"
import { subscribe } from "node:diagnostics_channel"
import type { Socket } from "node:net"
import { types } from "node:util"
import { ConfigError, type ClientConfig } from "@org/optave-core"
import { configFromEnvironment, openStandardSocket, type PlatformShape, type SocketLike, type SocketOptions } from "@org/optave-core/platform"
import type WebSocket from "ws"

// `ws` is loaded when the first socket opens, not at import: a REST-only program never pays for it.
// A dynamic import (not createRequire) so that an application's bundler still finds and bundles it.
let wsPackage: Promise<typeof WebSocket> | undefined, warned = false
const loadWs = (): Promise<typeof WebSocket> => (wsPackage ??= import("ws").then((module) => module.default))
/** Why no socket: `ws` inlined into an ESM bundle throws `Dynamic require of "events" is not supported` here. */
const wsLoadFailure = (cause: unknown): Error =>
  new Error(`the ws package could not be loaded (${cause instanceof Error ? cause.message : String(cause)}): keep ws external to the bundle (esbuild --external:ws), emit CommonJS, or use the runtime's WebSocket (platform: { webSocket: "global" }, Node 22+)`, { cause })

// The runtime's own WebSocket as this module found it. Another one now is a test tool's: MSW's
// interceptor replaces the global with a Proxy of it (perhaps before this module loaded).
const runtimeWebSocket = globalThis.WebSocket
const globalReplaced = (): boolean => typeof globalThis.WebSocket === "function" && (globalThis.WebSocket !== runtimeWebSocket || types.isProxy(globalThis.WebSocket))

// The global WebSocket (undici) has no terminate and its close() waits for a silent peer forever: its TCP socket, found by local port through
// undici's diagnostics channels (Node 22 names no websocket at `open`, but speaks just before its open event), is destroyed instead.
const tcpByPort = new Map<number, Socket>(), tcpOf = new WeakMap<object, Socket>(), undici: { watching?: boolean; opened?: Socket | undefined } = {}
const watchUndici = () => undici.watching || (undici.watching = true, subscribe("undici:client:connected", (message) => {
  const tcp = (message as { socket: Socket }).socket, port = tcp.localPort
  if (port !== undefined) { tcpByPort.set(port, tcp); tcp.once("close", () => tcpByPort.get(port) === tcp && tcpByPort.delete(port)) }
}), subscribe("undici:websocket:open", (message) => {
  const { address, websocket } = message as { address?: { port?: number }; websocket?: object }, tcp = tcpByPort.get(address?.port ?? -1)
  if (websocket === undefined) undici.opened = tcp; else if (tcp !== undefined) tcpOf.set(websocket, tcp)
}))
const openGlobal = (url: string, protocols: ReadonlyArray<string>): SocketLike => (watchUndici(), openStandardSocket(url, protocols, undefined, (ws, socket) => {
  ws.addEventListener("open", () => void (undici.opened !== undefined && !tcpOf.has(ws) && tcpOf.set(ws, undici.opened)))
  socket.terminate = () => void (tcpOf.get(ws)?.destroy() ?? ws.close())
}))
const notOpen = (): never => { throw new Error("WebSocket is not open: readyState 0 (CONNECTING)") } // as `ws` says; the core never sends before `onopen`

/** The `ws` package mapped onto the core's socket: subprotocols, ping/pong, terminate, the status of a refused upgrade; the runtime's own socket if `ws` cannot load and `fallBack`. */
const openWsSocket = (connect: NodeSocketOptions, fallBack: boolean, url: string, protocols: ReadonlyArray<string>, options?: SocketOptions): SocketLike => {
  let ws: WebSocket | SocketLike | undefined
  let tcp: Socket | undefined
  // Closed or terminated while `ws` was still loading: no connection is opened, the close is reported as `ws` would (1006).
  let abandoned = false
  const socket: SocketLike = {
    get bufferedAmount() { return ws?.bufferedAmount ?? 0 },
    send: (data) => (ws ?? notOpen()).send(data),
    // A text frame from bytes `encodeFrame` made: `ws` copies them to mask the frame, so they stay as they are for a resend.
    // A burst sent in one turn leaves in one write, not one system call each: the TCP socket is corked until the microtask checkpoint.
    sendFrameBytes: (utf8) => (tcp?.writableCorked === 0 && (tcp.cork(), queueMicrotask(() => tcp?.uncork())), (ws as WebSocket | undefined ?? notOpen()).send(utf8, { binary: false })),
    close: (code, reason) => (ws === undefined ? void (abandoned = true) : ws.close(code, reason)),
    ping: () => (ws as WebSocket | undefined ?? notOpen()).ping(),
    terminate: () => (ws === undefined ? void (abandoned = true) : (ws as WebSocket).terminate()),
    onopen: null, onmessage: null, onclose: null, onerror: null, onpong: null
  }
  loadWs().then(
    (WebSocketClass) => {
      if (abandoned) return socket.onclose?.({ code: 1006, reason: "" })
      // What `ws` throws (a SyntaxError for a bad subprotocol) is this socket's failure, never the process's.
      try {
        const opened = (ws = connectWs(WebSocketClass, socket, connect, url, protocols, options))
        opened.once("upgrade", (response) => (tcp = response.socket))
      } catch (cause) { socket.onclose?.({ code: 1006, reason: `ws refused the socket (${cause instanceof Error ? cause.name : typeof cause})`, cause }) }
    },
    (error: unknown) => {
      const cause = wsLoadFailure(error)
      if (abandoned || !fallBack) return socket.onclose?.({ code: 1006, reason: "the ws package could not be loaded", cause })
      if (!warned) process.emitWarning(`${cause.message}; the runtime's global WebSocket is used instead`, { code: "OPTAVE_WS_UNAVAILABLE" })
      warned = true
      // The global socket has no ping, terminate or bytes to send: the core reads each where it uses it.
      for (const absent of ["sendFrameBytes", "ping", "terminate"] as const) delete socket[absent]
      const standard = (ws = openStandardSocket(url, protocols))
      standard.onopen = () => socket.onopen?.()
      standard.onmessage = (data) => socket.onmessage?.(data)
      standard.onerror = (event) => socket.onerror?.(event)
      standard.onclose = (info) => socket.onclose?.(info)
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

/** A pending frame as `ws` sends it: UTF-8 bytes in a Buffer of their own, off Node's shared pool (a kept frame would pin the slab `ws`'s transient masked copies share). */
const encodeFrame = (text: string): Uint8Array => Buffer.allocUnsafeSlow(Buffer.byteLength(text)).fill(text)

/** What the `ws` package is given for the upgrade request; the global WebSocket takes neither. */
export interface NodeSocketOptions {
  /** The `http.Agent` that opens the connection, e.g. `new HttpsProxyAgent(proxyUrl)` (package `https-proxy-agent`) for an HTTP CONNECT proxy; typed `object` so these declarations need no Node types. */
  readonly agent?: object | undefined
  /** Extra headers on the upgrade request; the protocol's own (`Sec-WebSocket-*`, `Upgrade`) always win. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

export interface RuntimePlatformOptions {
  /**
   * `auto` (default): the `ws` package (ping, frame limit, upgrade status, the least CPU); the global WebSocket on Bun, when a test
   * tool replaced it (MSW's `ws.link`) or, with a warning, when `ws` cannot load (inlined into an ESM bundle) and the runtime has one.
   */
  readonly webSocket?: "auto" | "global" | "ws" | undefined
  /** Options of the `ws` socket: a proxy `agent`, extra `headers`. */
  readonly socketOptions?: NodeSocketOptions | undefined
}

/** Node's primitives: WebSocket (`ws` or global), global fetch, node crypto. */
export const runtimePlatform = (options: RuntimePlatformOptions = {}): PlatformShape => {
  const choice = options.webSocket ?? "auto"
  const connect = options.socketOptions ?? {}
  const auto = choice === "auto" && connect.agent === undefined && connect.headers === undefined
  // Silently dropping a proxy agent would send the socket around the proxy: refuse the combination.
  if (choice === "global" && (connect.agent !== undefined || connect.headers !== undefined)) throw new ConfigError({ field: "platform.socketOptions", reason: 'the global WebSocket takes no agent or headers; use webSocket "ws" or "auto"' })
  // Decided per connection: MSW may replace the global WebSocket after the client was made. Bun keeps its own (`ws` there is Bun's shim of it).
  const useGlobal = () => choice === "global" || (auto && (globalReplaced() || process.versions.bun !== undefined))
  return {
    get name() { return useGlobal() ? "node (global WebSocket)" : auto && warned ? "node (global WebSocket, ws could not load)" : "node (ws)" },
    openSocket: (url, protocols, socketOptions) => (useGlobal() ? openGlobal(url, protocols) : openWsSocket(connect, auto && typeof globalThis.WebSocket === "function", url, protocols, socketOptions)),
    ...(choice === "global" || (auto && process.versions.bun !== undefined) ? {} : { encodeFrame }), // bytes only where `ws` sends them: the global socket (Bun's) would decode each back
    // `ws` reports a refused upgrade's status; the global WebSocket hides it.
    get seesUpgradeStatus() { return !useGlobal() && !warned },
    fetch: (input, init) => globalThis.fetch(input, init),
    fillRandom: (buffer) => void webcrypto.getRandomValues(buffer),
    isBrowserLike: false
  }
}

/** Configuration from `OPTAVE_*` variables in `process.env`, under the explicit one (see core's `configFromEnvironment`). */
export const configFromEnv = (config: ClientConfig): ClientConfig => configFromEnvironment(config, (name) => process.env[name])
