// Effect's own `Deferred`, under the name the connection's and the token's modules still import;
// delete this file once they import `effect/Deferred` themselves.
export { await, doneUnsafe, isDoneUnsafe, makeUnsafe, type Deferred } from "effect/Deferred"
