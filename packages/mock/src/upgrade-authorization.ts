import { SUBPROTOCOL } from "@org/optave-core/validate"
import type { ScenarioEngine } from "./front-door.ts"

/** The subprotocol the service selects (a schema fact); the token travels as the second offered one. */
export { SUBPROTOCOL }

/** Why an upgrade is refused: a loopback server answers with the HTTP status, a mocked socket (MSW) closes with a 44xx code. */
export type UpgradeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusal: "bad-request" | "unauthorized"; readonly message: string }

/** What an upgrade offers: the `Sec-WebSocket-Protocol` values (a header string, or a list) and the URL asked for. */
export interface UpgradeOffer {
  readonly protocols: string | ReadonlyArray<string> | undefined
  readonly url: URL
}

const offeredProtocols = (protocols: UpgradeOffer["protocols"]): ReadonlyArray<string> =>
  (typeof protocols === "string" ? [protocols] : protocols ?? [])
    .flatMap((value) => value.split(","))
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0)

/**
 * The service's WebSocket auth, for both front doors: `Sec-WebSocket-Protocol: optave-v1, <token>`,
 * or the discouraged `?Authorization=<token>` query fallback. Missing `optave-v1` (and no fallback)
 * is a bad request; a missing or refused token is unauthorized.
 */
export const authorizeUpgrade = (offer: UpgradeOffer, engine: ScenarioEngine): UpgradeVerdict => {
  const protocols = offeredProtocols(offer.protocols)
  const queryToken = offer.url.searchParams.get("Authorization")?.replace(/^Bearer\s+/iu, "")
  if (!protocols.includes(SUBPROTOCOL) && queryToken === undefined) {
    return { ok: false, refusal: "bad-request", message: `Offer the subprotocols "${SUBPROTOCOL}, <token>" in Sec-WebSocket-Protocol.` }
  }
  const token = protocols.find((protocol) => protocol !== SUBPROTOCOL) ?? queryToken
  const verdict = engine.authorize(token, "socket")
  return verdict.ok ? { ok: true } : { ok: false, refusal: "unauthorized", message: verdict.reason }
}
