import * as Context from "effect/Context"

/** The close event the core needs from any WebSocket implementation. */
export interface SocketCloseInfo {
  readonly code: number
  readonly reason: string
  /** HTTP status of a refused upgrade, when the platform can see it (the `ws` package can; browsers cannot). */
  readonly httpStatus?: number
  /**
   * Set when the platform could not create the socket at all (e.g. its WebSocket library failed
   * to load): the failure, whose message says what to do (and quotes no URL or header). Retrying
   * cannot help; the core reports it, message and `cause`, as a non-retryable `CONNECT_FAILED`,
   * never as a refused connection.
   */
  readonly cause?: unknown
}

/**
 * The part of the WHATWG WebSocket the core uses, plus two optional capabilities a platform may
 * offer: protocol-level ping (for heartbeats) and `terminate` (drop a dead peer without a handshake).
 * Adapters map their runtime's socket onto this; the core never sees a runtime type.
 */
export interface SocketLike {
  readonly bufferedAmount: number
  send(data: string): void
  /**
   * Sends a text frame given as the UTF-8 bytes the platform's `encodeFrame` made. Offered by
   * platforms that offer `encodeFrame`; the bytes must be sent as they are and left unchanged
   * (they are sent again after a reconnect).
   */
  sendFrameBytes?: (utf8: Uint8Array) => void
  close(code?: number, reason?: string): void
  onopen: (() => void) | null
  onmessage: ((data: unknown) => void) | null
  onclose: ((info: SocketCloseInfo) => void) | null
  onerror: ((error: unknown) => void) | null
  /** Sends a protocol ping; the platform calls `onpong` when the answer arrives. */
  ping?: () => void
  onpong?: (() => void) | null
  /** Drops the connection at once (no closing handshake). */
  terminate?: () => void
}

/** What the core asks of a socket it opens; a platform applies what its WebSocket can. */
export interface SocketOptions {
  /**
   * Largest inbound message: a platform that can (the `ws` package's `maxPayload`) refuses a
   * larger one while it arrives (close 1009) instead of buffering it whole. The core checks
   * every frame against the same limit anyway.
   */
  readonly maxPayloadBytes?: number
}

export interface PlatformShape {
  /** Opens a WebSocket with the given subprotocols; events arrive through the `on*` handlers. */
  readonly openSocket: (url: string, protocols: ReadonlyArray<string>, options?: SocketOptions) => SocketLike
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>
  /**
   * Turns a serialized frame into the UTF-8 bytes that are kept for resends while its request is
   * pending, outside the JavaScript heap (Node: a pooled `Buffer`). A frame kept as a string
   * survives every young-generation collection while it waits and is copied by each; thousands
   * may wait. Without it the string is kept (browsers, Workers, Deno: a text frame can only be
   * sent from a string there).
   */
  readonly encodeFrame?: (text: string) => Uint8Array
  /**
   * True when a refused upgrade's close carries its HTTP status (`httpStatus`): the `ws` package.
   * The WHATWG WebSocket shows a 401 as it shows an unreachable host (close 1006 before open).
   */
  readonly seesUpgradeStatus?: boolean
  /** Fills the buffer with cryptographically strong random bytes. */
  readonly fillRandom: (buffer: Uint8Array) => void
  /** True in browsers and other runtimes where a client secret would be exposed to end users. */
  readonly isBrowserLike: boolean
  /** Name shown in diagnostics, e.g. "node", "workerd", "deno", "browser". */
  readonly name: string
}

/** The runtime's primitives, provided by `@org/optave-node`, `@org/optave-edge` or `@org/optave-deno`. */
export class Platform extends Context.Service<Platform, PlatformShape>()("@org/optave-core/Platform") {}

/**
 * The standard WHATWG `WebSocket(url, protocols)` mapped onto `SocketLike`: what browsers,
 * Deno, Node 22+ and other web-standard runtimes provide. Adapters pass it as `openSocket`, or
 * call it with `extend`, which is given the runtime's socket and its mapping (after the mapping
 * set its handlers) to add what the runtime offers beyond the standard, such as `terminate`.
 */
export const openStandardSocket = (
  url: string,
  protocols: ReadonlyArray<string>,
  _options?: SocketOptions,
  extend?: (ws: WebSocket, socket: SocketLike) => void
): SocketLike => {
  const ws = new globalThis.WebSocket(url, [...protocols])
  // Binary frames as bytes, whose size the core checks: the default ("blob") hands over a Blob
  // the core cannot read, so an oversized one would be refused as unreadable and never close
  // the connection.
  ws.binaryType = "arraybuffer"
  const socket: SocketLike = {
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null
  }
  ws.onopen = () => socket.onopen?.()
  ws.onmessage = (event) => socket.onmessage?.(event.data)
  ws.onerror = (event) => socket.onerror?.(event)
  ws.onclose = (event) => socket.onclose?.({ code: event.code, reason: event.reason })
  extend?.(ws, socket)
  return socket
}

export { configFromEnvironment, environmentVariables, unreadableEnvironmentError, type ReadEnvironmentVariable } from "./config/config-from-env.ts"
