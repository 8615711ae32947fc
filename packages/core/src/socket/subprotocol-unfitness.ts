import { AuthError } from "../errors.ts"
import { SUBPROTOCOL } from "../generated/protocol.ts"

/** One RFC 7230 §3.2.6 token character: what a `Sec-WebSocket-Protocol` value is made of (RFC 6455 §4.1). */
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** How an offending character is named in the error: visible punctuation as itself, nothing else. */
const nameOf = (char: string): string => (char === " " ? "space" : /[\x21-\x7e]/.test(char) ? `'${char}'` : "a control or non-ASCII character")

/**
 * Why a token cannot travel as a subprotocol value, or undefined when it can. The WebSocket
 * constructor of every runtime throws a `SyntaxError` on such a value (and on a value given
 * twice, as `optave-v1` would be): it is refused before any connection, saying what to do
 * instead. Only the offending punctuation is named, never the token.
 */
export const subprotocolUnfitness = (token: string): AuthError | undefined => {
  const clash = token.toLowerCase() === SUBPROTOCOL
  if (!clash && TOKEN.test(token)) return undefined
  const offending = [...new Set([...token].filter((char) => !TOKEN_CHAR.test(char)).map(nameOf))]
  const what = clash ? `equals the protocol name "${SUBPROTOCOL}"` : `holds ${offending.join(", ")}, outside RFC 7230's token characters`
  return new AuthError({
    code: "TOKEN_UNFIT_SUBPROTOCOL",
    reason:
      `the token cannot travel as a WebSocket subprotocol value: it ${what} (the token is not shown). ` +
      'Set `socketTokenTransport: "query"` to send it in the URL instead, or have the provider issue URL-safe tokens (base64url without padding)'
  })
}
