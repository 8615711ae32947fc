import type { SchemaSet } from "./schema-node.ts"

/** One catalog action as the emitters need it: its data plus the name of its payload schema. */
export interface ActionModel {
  readonly name: string
  readonly wireName: string
  readonly restPath: string
  readonly superpowers: ReadonlyArray<string>
  readonly summary: string
  readonly superpowersSource: "documented" | "inferred"
  readonly deprecatedFor: string | undefined
  /** Other spellings of the wire name a server accepts as this action (empty when none). */
  readonly alsoReceivedAs: ReadonlyArray<string>
  /** `$id` of the payload schema: its type, and its validator `validate<payloadName>`. */
  readonly payloadName: string
}

/** The catalog in its own order (the order the schema package wrote it). */
export interface CatalogModel {
  readonly actions: ReadonlyArray<ActionModel>
  /** Superpowers whose result shape the API pages document, with the `$id` of that shape (sorted by superpower). */
  readonly documentedResults: ReadonlyArray<{ readonly superpower: string; readonly schemaName: string }>
}

const identifier = /^[a-z][A-Za-z0-9]*$/

const fail = (path: string, reason: string): never => {
  throw new Error(`actionCatalog.${path}: ${reason}`)
}

const readString = (definition: Readonly<Record<string, unknown>>, key: string, path: string): string => {
  const value = definition[key]
  return typeof value === "string" && value !== "" ? value : fail(`${path}.${key}`, "must be a non-empty string")
}

/**
 * Reads the catalog (data, not code): every field is checked, since it becomes code. `payloadOf`
 * gives the `$id` of a payload schema, which must be one of the named schemas.
 */
export const readCatalog = (
  catalog: Readonly<Record<string, unknown>>,
  set: SchemaSet,
  payloadOf: (schema: unknown) => unknown
): Omit<CatalogModel, "documentedResults"> => ({
  actions: Object.entries(catalog).map(([name, definition]): ActionModel => {
    if (!identifier.test(name)) fail(name, "an action name must be a lowerCamelCase identifier")
    if (typeof definition !== "object" || definition === null) return fail(name, "must be an object")
    const entry = definition as Readonly<Record<string, unknown>>
    const superpowers = entry["superpowers"]
    if (!Array.isArray(superpowers) || !superpowers.every((superpower) => typeof superpower === "string" && superpower !== "")) {
      return fail(`${name}.superpowers`, "must be an array of non-empty strings")
    }
    const superpowersSource = entry["superpowersSource"]
    if (superpowersSource !== "documented" && superpowersSource !== "inferred") {
      return fail(`${name}.superpowersSource`, 'must be "documented" or "inferred"')
    }
    const deprecatedFor = entry["deprecatedFor"]
    if (deprecatedFor !== undefined && (typeof deprecatedFor !== "string" || !Object.prototype.hasOwnProperty.call(catalog, deprecatedFor))) {
      return fail(`${name}.deprecatedFor`, "must name another action of the catalog")
    }
    const alsoReceivedAs = entry["alsoReceivedAs"] ?? []
    if (!Array.isArray(alsoReceivedAs) || !alsoReceivedAs.every((spelling) => typeof spelling === "string" && spelling !== "")) {
      return fail(`${name}.alsoReceivedAs`, "must be an array of non-empty strings")
    }
    const payloadName = payloadOf(entry["payload"])
    if (typeof payloadName !== "string" || !set.named.has(payloadName)) {
      return fail(`${name}.payload`, "must be a schema with an $id")
    }
    return {
      name,
      wireName: readString(entry, "wireName", name),
      restPath: readString(entry, "restPath", name),
      superpowers: superpowers as ReadonlyArray<string>,
      summary: readString(entry, "summary", name),
      superpowersSource,
      deprecatedFor,
      alsoReceivedAs: alsoReceivedAs as ReadonlyArray<string>,
      payloadName
    }
  })
})

/**
 * Reads the schema package's `documentedSuperpowerResults` (superpower -> result schema), when it
 * has one: every schema must be named, since it becomes a type and a validator.
 */
export const readDocumentedResults = (
  value: unknown,
  set: SchemaSet,
  nameOf: (schema: unknown) => unknown
): CatalogModel["documentedResults"] => {
  if (value === undefined) return []
  if (typeof value !== "object" || value === null) throw new Error("documentedSuperpowerResults: must be an object")
  return Object.entries(value as Readonly<Record<string, unknown>>)
    .map(([superpower, schema]) => {
      const schemaName = nameOf(schema)
      if (typeof schemaName !== "string" || !set.named.has(schemaName)) throw new Error(`documentedSuperpowerResults.${superpower}: must be a schema with an $id`)
      return { superpower, schemaName }
    })
    .sort((left, right) => (left.superpower < right.superpower ? -1 : 1))
}
