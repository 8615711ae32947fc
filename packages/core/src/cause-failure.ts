// Effect's own `Cause.findError` and `Effect.catch`, under the names the connection's, the token's
// and REST's modules still import; delete this file once they call Effect's themselves.
export { findError } from "effect/Cause"
export { catch as catchFailure } from "effect/Effect"
