// A stand-in for the official client `@optave/client-sdk` 3.2.3, written here from what it puts
// on the wire (its runtime/core/main.js read, none of it copied or run):
// `authenticate()` POSTs `{authenticationUrl}/token` ("/token" appended when missing) with
// grant_type, client_id and client_secret in the URL query string, the form content type and no
// body, and keeps `access_token`; `openConnection(token)` opens the WebSocket with the two
// subprotocols `optave-v1, <token>`; each action sends one frame (its defaults deep-merged into the
// payload: fixtures/official-3.2.3/default-merged-frames.json) and listens to every message.

export interface OfficialWireOptions {
  /** As its `authenticationUrl` option, e.g. `https://{tenant}.oco.optave.{tld}/auth/oauth2`. */
  readonly authenticationUrl: string
  /** As its `websocketUrl` option, e.g. `wss://ws-{tenant}.oco.optave.{tld}`. */
  readonly websocketUrl: string
  readonly clientId: string
  readonly clientSecret: string
}

/** Its `authenticate()`: the token, or an error with the status and body. */
export const authenticate = async (options: OfficialWireOptions): Promise<string> => {
  let authUrl = options.authenticationUrl
  if (!authUrl.endsWith("/token")) authUrl = authUrl.endsWith("/") ? `${authUrl}token` : `${authUrl}/token`
  const query = new URLSearchParams({ grant_type: "client_credentials", client_id: options.clientId, client_secret: options.clientSecret })
  const response = await fetch(`${authUrl}?${query.toString()}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" } })
  const json = (await response.json()) as { readonly access_token?: unknown }
  if (!response.ok || typeof json.access_token !== "string") throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(json)}`)
  return json.access_token
}

/** Its `openConnection(token)` with the default `authTransport: "subprotocol"`, on the global WebSocket. */
export const openConnection = (websocketUrl: string, token: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(websocketUrl, ["optave-v1", token])
    socket.onopen = () => resolve(socket)
    socket.onerror = () => reject(new Error(`WebSocket to ${websocketUrl} failed`))
  })

export interface SuperpowerFrame {
  readonly action?: string
  readonly actionType?: string
  readonly state?: string
  readonly message?: { readonly results?: ReadonlyArray<{ readonly response?: ReadonlyArray<{ readonly content?: unknown }> }> }
}

/**
 * Sends one frame and gathers every superpower event that arrives (bare or wrapped in a response
 * envelope) until each `expected` superpower completed; rejects on an error state or a timeout.
 */
export const sendAndCollect = (socket: WebSocket, frame: unknown, expected: ReadonlyArray<string>, timeoutMs = 5_000): Promise<ReadonlyArray<SuperpowerFrame>> =>
  new Promise((resolve, reject) => {
    const events: Array<SuperpowerFrame> = []
    const completed = new Set<string>()
    const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(events.map((event) => `${event.actionType}:${event.state}`))}`)), timeoutMs)
    socket.onmessage = (message: MessageEvent) => {
      const parsed = JSON.parse(String(message.data)) as { readonly payload?: SuperpowerFrame } & SuperpowerFrame
      const event = parsed.action === "message" && parsed.payload !== undefined ? parsed.payload : parsed
      events.push(event)
      if (event.state === "error") {
        clearTimeout(timer)
        reject(new Error(`superpower error: ${JSON.stringify(event)}`))
        return
      }
      if (event.state === "completed" && event.actionType !== undefined) completed.add(event.actionType)
      if (expected.every((superpower) => completed.has(superpower))) {
        clearTimeout(timer)
        resolve(events)
      }
    }
    socket.send(JSON.stringify(frame))
  })
