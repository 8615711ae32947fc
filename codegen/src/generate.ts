import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { readCatalog, readDocumentedResults } from "./catalog-model.ts"
import { emitActionReference } from "./emit-action-reference.ts"
import { emitActions, SURFACE_FOLDER } from "./emit-actions.ts"
import { emitCatalog } from "./emit-catalog.ts"
import { emitCompactValidatorRuntime, emitCompactValidators } from "./emit-compact-validators.ts"
import { emitIndex } from "./emit-index.ts"
import { emitPromiseActions } from "./emit-promise-actions.ts"
import { emitProtocol, readProtocolFacts } from "./emit-protocol.ts"
import { emitTypes } from "./emit-types.ts"
import { emitValidatorRuntime, emitValidators } from "./emit-validators.ts"
import { canonicalJson, isTypeBoxSchema, readSchemas } from "./schema-node.ts"

/** Options of `generate`; the defaults are what `pnpm codegen` uses. */
export interface GenerateOptions {
  /** Written to the manifest; default: this package's version. */
  readonly generatorVersion?: string
  /**
   * Messages for patterns, by the name of the exported string schema that carries the pattern.
   * Default: `{ IsoTimestamp: "must be an ISO 8601 date-time" }`.
   */
  readonly patternMessages?: Readonly<Record<string, string>>
  /**
   * Where `catalog.ts` and `index.ts` import the validators from. Default `./validators.ts` (the
   * fast form, always). The core passes `#validators`: its package.json `imports` field picks the
   * compact form under the `browser` and `workerd` conditions and the fast one elsewhere.
   */
  readonly validatorsImport?: string
}

/** The options `pnpm codegen` writes the core's `src/generated/` with. */
export const CORE_OPTIONS: GenerateOptions = { validatorsImport: "#validators" }

const packageVersion = (): string => {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8")
  const { version } = JSON.parse(text) as { readonly version?: unknown }
  if (typeof version !== "string") throw new Error("codegen package.json has no version")
  return version
}

const defaultPatternMessages: Readonly<Record<string, string>> = { IsoTimestamp: "must be an ISO 8601 date-time" }

/** The schemas and catalog as the emitters read them, and the hash every manifest records. */
const prepare = (schemaModule: Readonly<Record<string, unknown>>, catalog: Readonly<Record<string, unknown>>, options: GenerateOptions) => {
  const exportNames = Object.keys(schemaModule).sort()
  const roots: Array<readonly [string, unknown]> = exportNames
    .filter((name) => isTypeBoxSchema(schemaModule[name]))
    .map((name) => [name, schemaModule[name]] as const)
  for (const [name, definition] of Object.entries(catalog)) {
    const payload = typeof definition === "object" && definition !== null ? (definition as Record<string, unknown>)["payload"] : undefined
    roots.push([`actionCatalog.${name}.payload`, payload])
  }
  const set = readSchemas(roots)
  const idOf = (schema: unknown) => (typeof schema === "object" && schema !== null ? (schema as Record<string, unknown>)["$id"] : undefined)
  const catalogModel = { ...readCatalog(catalog, set, idOf), documentedResults: readDocumentedResults(schemaModule["documentedSuperpowerResults"], set, idOf) }

  // The action surfaces stream `SuperpowerEvent`s: the schema must name one.
  if (catalogModel.actions.length > 0 && !set.named.has("SuperpowerEvent")) {
    throw new Error("the action catalog needs a schema with $id SuperpowerEvent (the events the action streams yield)")
  }

  const patternMessages = new Map<string, string>()
  for (const [exportName, message] of Object.entries(options.patternMessages ?? defaultPatternMessages)) {
    const schema = schemaModule[exportName]
    const pattern = typeof schema === "object" && schema !== null ? (schema as Record<string, unknown>)["pattern"] : undefined
    if (typeof pattern === "string") patternMessages.set(pattern, message)
  }

  // Everything the output depends on, canonical: the named schemas as TypeBox built them and the catalog.
  const hashInput = canonicalJson({
    schemas: Object.fromEntries([...set.named.values()].map((named) => [named.name, named.json])),
    catalog: catalogModel.actions,
    documentedResults: catalogModel.documentedResults,
    protocolFacts: schemaModule["protocolFacts"] ?? null,
    patternMessages: Object.fromEntries([...patternMessages].sort(([left], [right]) => (left < right ? -1 : 1)))
  })
  const schemaHash = createHash("sha256").update(hashInput).digest("hex")
  return { set, catalogModel, patternMessages, schemaHash }
}

/**
 * Generates every file of `src/generated/` from the schema package's module (its exports) and its
 * action catalog: a map from file name to content, sorted by name. Pure: the same input gives the
 * same bytes. Throws `UnsupportedSchemaError` (with the schema path) on a schema feature the
 * emitters do not know.
 */
export const generate = (
  schemaModule: Readonly<Record<string, unknown>>,
  catalog: Readonly<Record<string, unknown>>,
  options: GenerateOptions = {}
): Map<string, string> => {
  const { set, catalogModel, patternMessages, schemaHash } = prepare(schemaModule, catalog, options)
  const protocolFacts = readProtocolFacts(schemaModule)
  const validatorsImport = options.validatorsImport ?? "./validators.ts"
  const files = new Map<string, string>([
    [`${SURFACE_FOLDER}/actions.ts`, emitActions(catalogModel)],
    ["catalog.ts", emitCatalog(catalogModel, validatorsImport)],
    ["compact-validator-runtime.ts", emitCompactValidatorRuntime()],
    ["index.ts", emitIndex(protocolFacts !== undefined, validatorsImport)],
    ["promise-actions.ts", emitPromiseActions(catalogModel)],
    ["types.ts", emitTypes(set, catalogModel)],
    ["validator-runtime.ts", emitValidatorRuntime()],
    ["validators-compact.ts", emitCompactValidators(set, { patternMessages })],
    ["validators.ts", emitValidators(set, { patternMessages })]
  ])
  if (protocolFacts !== undefined) files.set("protocol.ts", emitProtocol(protocolFacts))
  const manifest = {
    generator: "@org/optave-codegen",
    generatorVersion: options.generatorVersion ?? packageVersion(),
    schemaHash,
    files: [...files.keys(), "manifest.json"].sort()
  }
  files.set("manifest.json", JSON.stringify(manifest, null, 2) + "\n")
  return new Map([...files.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
}

/**
 * Generates the per-action reference (`actions.md`, written to `packages/core/docs/reference/`),
 * from the same input as `generate`.
 */
export const generateActionReference = (
  schemaModule: Readonly<Record<string, unknown>>,
  catalog: Readonly<Record<string, unknown>>,
  options: GenerateOptions = {}
): Map<string, string> => {
  const { set, catalogModel } = prepare(schemaModule, catalog, options)
  return new Map([["actions.md", emitActionReference(set, catalogModel, catalogModel.documentedResults)]])
}
