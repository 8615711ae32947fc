// What the script-tag build (dist/optave.global.js, built by scripts/build-global.mjs) puts on
// its one global, `Optave`: the Promise API of this package's entry, without the Effect `layer`.
export * from "@org/optave-core"
export { configFromEnv, createClient, runtimePlatform, type RuntimePlatformOptions } from "./index.ts"

declare const OPTAVE_EDGE_VERSION: string
/** This package's version; a page that loads the script has no package.json to ask. */
export const version: string = OPTAVE_EDGE_VERSION
