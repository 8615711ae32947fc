// Effect's own `Effect.tryPromise`, under the name the token's and REST's modules still import;
// delete this file once they call `Effect.tryPromise` themselves.
export { tryPromise } from "effect/Effect"
