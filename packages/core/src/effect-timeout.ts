// Effect's own `Effect.timeoutOrElse`, under the name the connection's, the token's and REST's
// modules still import; delete this file once they call `Effect.timeoutOrElse` themselves.
export { timeoutOrElse } from "effect/Effect"
