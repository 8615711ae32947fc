/** One runtime of the consumer-test matrix (see index.js). */
export interface Runtime {
  readonly id: "node20" | "node22" | "node24" | "node26" | "bun"
  readonly name: string
  readonly kind: "node" | "bun"
  /** The exact version of a pinned binary; the major version for the Node that runs the tests. */
  readonly version: string
  readonly package?: string
  readonly bin?: string
}
export declare const runtimes: ReadonlyArray<Runtime>
/** The absolute path of a runtime's binary; throws a message that says how to get it when it is missing. */
export declare const runtimeBinary: (id: Runtime["id"]) => string
