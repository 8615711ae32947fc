// A scripted platform for core tests: sockets and fetch answered by the test itself, so the
// protocol logic runs on Effect's TestClock with no network.
import type { PlatformShape, SocketCloseInfo, SocketLike } from "../../src/platform.ts"

export class FakeSocket implements SocketLike {
  readonly sent: Array<Record<string, any>> = []
  bufferedAmount = 0
  closed = false
  onopen: (() => void) | null = null
  onmessage: ((data: unknown) => void) | null = null
  onclose: ((info: SocketCloseInfo) => void) | null = null
  onerror: ((error: unknown) => void) | null = null
  onpong: (() => void) | null = null
  pings = 0

  readonly url: string
  readonly protocols: ReadonlyArray<string>
  private readonly onSend: (socket: FakeSocket, frame: Record<string, any>) => void

  constructor(url: string, protocols: ReadonlyArray<string>, onSend: (socket: FakeSocket, frame: Record<string, any>) => void) {
    this.url = url
    this.protocols = protocols
    this.onSend = onSend
  }

  send(data: string): void {
    if (this.closed) throw new Error("send on a closed socket")
    const frame = JSON.parse(data) as Record<string, any>
    this.sent.push(frame)
    this.onSend(this, frame)
  }
  close(code = 1000, reason = ""): void {
    if (this.closed) return
    this.closed = true
    this.onclose?.({ code, reason })
  }
  ping(): void {
    this.pings++
  }
  terminate(): void {
    this.close(1006, "terminated")
  }
  open(): void {
    this.onopen?.()
  }
  /** The server sends a frame (an object is serialized, a string goes as is). */
  receive(frame: unknown): void {
    if (!this.closed) this.onmessage?.(typeof frame === "string" ? frame : JSON.stringify(frame))
  }
  /** The network drops the connection. */
  drop(): void {
    this.close(1006, "")
  }
  refuse(httpStatus: number): void {
    this.closed = true
    this.onclose?.({ code: 1006, reason: "", httpStatus })
  }
}

export interface FakePlatformOptions {
  /** Called for every frame the client sends (the scripted server). */
  readonly onSend?: (socket: FakeSocket, frame: Record<string, any>) => void
  /** Called when the client opens a socket; default: open it on the next microtask. */
  readonly onOpen?: (socket: FakeSocket) => void
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>
  readonly isBrowserLike?: boolean
  /**
   * A WHATWG-like socket (default false): no ping, no terminate, and a refused upgrade's status
   * unseen (the platform does not claim `seesUpgradeStatus`), as the runtime's global WebSocket.
   */
  readonly standard?: boolean
  /** What `openSocket` throws instead of opening (a constructor refusing its arguments). */
  readonly openThrows?: (url: string, protocols: ReadonlyArray<string>) => unknown
}

export const makeFakePlatform = (options: FakePlatformOptions = {}) => {
  const sockets: Array<FakeSocket> = []
  const fetches: Array<{ url: string; init: RequestInit }> = []
  const platform: PlatformShape = {
    name: "fake",
    isBrowserLike: options.isBrowserLike ?? false,
    ...(options.standard === true ? {} : { seesUpgradeStatus: true }),
    fillRandom: (buffer) => void crypto.getRandomValues(buffer as Uint8Array<ArrayBuffer>),
    openSocket: (url, protocols) => {
      const thrown = options.openThrows?.(url, protocols)
      if (thrown !== undefined) throw thrown
      const socket = new FakeSocket(url, protocols, (s, frame) => options.onSend?.(s, frame))
      if (options.standard === true) for (const capability of ["ping", "terminate"]) Object.defineProperty(socket, capability, { value: undefined })
      sockets.push(socket)
      if (options.onOpen) options.onOpen(socket)
      else queueMicrotask(() => socket.open())
      return socket
    },
    fetch: (url, init) => {
      fetches.push({ url, init })
      return options.fetch ? options.fetch(url, init) : Promise.reject(new Error("no fetch scripted"))
    }
  }
  return { platform, sockets, fetches }
}

/** A documented superpower event, enveloped with its correlation id. */
export const event = (correlationId: string | undefined, actionType: string, state: string, content: unknown = "ok") => {
  const payload = { action: "superpower", actionType, state, message: { results: [{ response: [{ content }] }] } }
  return correlationId === undefined
    ? payload
    : { action: "message", headers: { correlationId, schemaRef: state === "error" ? "optave.error.v3" : "optave.response.v3" }, payload }
}

/**
 * A superpower event in the documented bare form (the API pages' shape: no envelope), with an
 * `error_code` for errors and the correlation id when one is given.
 */
export const documentedEvent = (correlationId: string | undefined, actionType: string, state: string, content: unknown, errorCode?: string) => ({
  action: "superpower",
  actionType,
  state,
  ...(correlationId === undefined ? {} : { correlationId }),
  message: { results: [{ response: [{ content, ...(errorCode === undefined ? {} : { error_code: errorCode }) }] }] }
})
