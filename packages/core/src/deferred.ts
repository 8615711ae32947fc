// Effect's own `Deferred`, under the name the connection's and the token's modules still import;
// delete this file once they import `effect/Deferred` themselves. (Re-exported as constants: a
// bundler turns `export { await } from` into an `import { await }`, which no parser accepts.)
import * as EffectDeferred from "effect/Deferred"

export type Deferred<A, E = never> = EffectDeferred.Deferred<A, E>
export const makeUnsafe = EffectDeferred.makeUnsafe
export const doneUnsafe = EffectDeferred.doneUnsafe
export const isDoneUnsafe = EffectDeferred.isDoneUnsafe
const wait = EffectDeferred.await
export { wait as await }
