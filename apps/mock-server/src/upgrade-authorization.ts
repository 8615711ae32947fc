import type { ScenarioEngine } from "@org/optave-mock"
import type { IncomingMessage } from "node:http"

export const SUBPROTOCOL = "optave-v1"

export type UpgradeVerdict = { readonly ok: true } | { readonly ok: false; readonly status: 400 | 401; readonly message: string }

/**
 * The service's WebSocket auth: `Sec-WebSocket-Protocol: optave-v1, <token>`, or the discouraged
 * `?Authorization=<token>` query fallback. Missing `optave-v1` (and no fallback) is a 400; a
 * missing or refused token is a 401.
 */
export const authorizeUpgrade = (request: IncomingMessage, engine: ScenarioEngine): UpgradeVerdict => {
  const header = request.headers["sec-websocket-protocol"]
  const protocols = (Array.isArray(header) ? header.join(",") : header ?? "")
    .split(",")
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0)
  const queryToken = new URL(request.url ?? "/", "http://localhost").searchParams.get("Authorization")?.replace(/^Bearer\s+/iu, "")
  if (!protocols.includes(SUBPROTOCOL) && queryToken === undefined) {
    return { ok: false, status: 400, message: `Offer the subprotocols "${SUBPROTOCOL}, <token>" in Sec-WebSocket-Protocol.` }
  }
  const token = protocols.find((protocol) => protocol !== SUBPROTOCOL) ?? queryToken
  const verdict = engine.authorize(token, "socket")
  return verdict.ok ? { ok: true } : { ok: false, status: 401, message: verdict.reason }
}
