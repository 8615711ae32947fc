// The generator's model of a schema: the few TypeBox kinds the schema package uses, read from
// the JSON Schema keywords TypeBox builds (what `Value.Check` looks at), never from TypeScript
// source. Anything else is refused with its schema path, so a new schema feature cannot be
// silently ignored by the emitters.

/** A value that satisfies every JSON value check: `Type.Unknown()`. */
export interface UnknownNode {
  readonly kind: "unknown"
  readonly description: string | undefined
}
/** A use of a named schema (one with an `$id`); its definition is in `SchemaSet.named`. */
export interface RefNode {
  readonly kind: "ref"
  readonly name: string
  readonly description: string | undefined
}
export interface PropertyNode {
  readonly key: string
  readonly required: boolean
  readonly node: SchemaNode
}
/**
 * `Type.Object`: `closed` when `additionalProperties: false` (unknown keys always refused);
 * `closedWhenStrict` when `additionalProperties` is absent (unknown keys pass, as in JSON Schema,
 * and are refused only by a validator run with `{ strict: true }`); `additionalProperties: true`
 * is neither (always open).
 */
export interface ObjectNode {
  readonly kind: "object"
  readonly properties: ReadonlyArray<PropertyNode>
  readonly closed: boolean
  readonly closedWhenStrict: boolean
  readonly description: string | undefined
}
/** `Type.Record(Type.String(), value)`: every own enumerable key matching `pattern` holds a `value`. */
export interface RecordNode {
  readonly kind: "record"
  readonly pattern: string
  readonly value: SchemaNode
  readonly description: string | undefined
}
export interface ArrayNode {
  readonly kind: "array"
  readonly items: SchemaNode
  readonly minItems: number | undefined
  readonly maxItems: number | undefined
  readonly description: string | undefined
}
export interface StringNode {
  readonly kind: "string"
  readonly minLength: number | undefined
  readonly maxLength: number | undefined
  readonly pattern: string | undefined
  readonly description: string | undefined
}
export interface NumberNode {
  readonly kind: "number"
  readonly integer: boolean
  readonly minimum: number | undefined
  readonly maximum: number | undefined
  readonly exclusiveMinimum: number | undefined
  readonly exclusiveMaximum: number | undefined
  readonly description: string | undefined
}
export interface BooleanNode {
  readonly kind: "boolean"
  readonly description: string | undefined
}
/** `Type.Literal`: `{ type, const }`. */
export interface LiteralNode {
  readonly kind: "literal"
  readonly value: string | number | boolean
  readonly description: string | undefined
}
/** `Type.Union`: `anyOf`. */
export interface UnionNode {
  readonly kind: "union"
  readonly variants: ReadonlyArray<SchemaNode>
  readonly description: string | undefined
}

export type SchemaNode =
  | UnknownNode
  | RefNode
  | ObjectNode
  | RecordNode
  | ArrayNode
  | StringNode
  | NumberNode
  | BooleanNode
  | LiteralNode
  | UnionNode

/** A schema with an `$id`: emitted once under that name and referenced by name elsewhere. */
export interface NamedSchema {
  readonly name: string
  readonly node: Exclude<SchemaNode, RefNode>
  /** The schema as TypeBox built it (enumerable JSON keywords), for the manifest's hash. */
  readonly json: unknown
}

/** Every named schema reachable from the roots, sorted by name. */
export interface SchemaSet {
  readonly named: ReadonlyMap<string, NamedSchema>
}

/** Thrown when a schema uses something the emitters do not know. */
export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError"
  readonly schemaPath: string
  constructor(schemaPath: string, reason: string) {
    super(`${schemaPath}: ${reason}`)
    this.schemaPath = schemaPath
  }
}

// TypeBox marks what it builds with a non-enumerable `~kind`; spread copies (`{ ...IsoTimestamp }`)
// lose it, so the keywords decide and the mark, when present, must be one of these.
const knownKinds = new Set(["Object", "Record", "Array", "String", "Number", "Integer", "Boolean", "Literal", "Union", "Unknown"])
const annotationKeywords = new Set(["$id", "$comment", "title", "description", "examples", "default"])
const keywordsByType: Readonly<Record<string, ReadonlySet<string>>> = {
  object: new Set(["type", "properties", "required", "additionalProperties"]),
  record: new Set(["type", "patternProperties"]),
  array: new Set(["type", "items", "minItems", "maxItems"]),
  string: new Set(["type", "minLength", "maxLength", "pattern"]),
  number: new Set(["type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
  integer: new Set(["type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
  boolean: new Set(["type"]),
  literal: new Set(["type", "const"]),
  union: new Set(["anyOf"])
}
/** The only record key pattern: `Type.Record(Type.String(), ...)`. */
export const STRING_KEY_PATTERN = "^.*$"
const namePattern = /^[A-Z][A-Za-z0-9]*$/

type SchemaObject = Readonly<Record<string, unknown>>

const isPlainRecord = (value: unknown): value is SchemaObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** True for a value TypeBox built (it carries the `~kind` mark). */
export const isTypeBoxSchema = (value: unknown): boolean =>
  isPlainRecord(value) && typeof (value as Record<string, unknown>)["~kind"] === "string"

/** JSON with object keys sorted: equal schemas print equal, whatever their key order. */
export const canonicalJson = (value: unknown, omitKeys: ReadonlyArray<string> = []): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    isPlainRecord(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .filter((key) => !omitKeys.includes(key))
            .sort()
            .map((key) => [key, inner[key]])
        )
      : inner
  )

/** Reads the schemas of `roots` (name -> schema) into the model, collecting every `$id`. */
export const readSchemas = (roots: ReadonlyArray<readonly [path: string, schema: unknown]>): SchemaSet => {
  const named = new Map<string, NamedSchema>()
  const shapes = new Map<string, { readonly shape: string; readonly path: string }>()

  const read = (schema: unknown, path: string): SchemaNode => {
    if (!isPlainRecord(schema)) throw new UnsupportedSchemaError(path, `a schema must be an object, got ${JSON.stringify(schema)}`)
    const mark = (schema as Record<string, unknown>)["~kind"]
    if (mark !== undefined && (typeof mark !== "string" || !knownKinds.has(mark))) {
      throw new UnsupportedSchemaError(path, `unsupported TypeBox kind ${JSON.stringify(mark)}`)
    }
    const description = readDescription(schema, path)
    const id = schema["$id"]
    if (id === undefined) return readBody(schema, path, description)
    if (typeof id !== "string" || !namePattern.test(id)) {
      throw new UnsupportedSchemaError(path, `$id must be a PascalCase identifier (it names a type), got ${JSON.stringify(id)}`)
    }
    // The same concept must be the same schema wherever it is used (a use site may only change its description).
    const { description: _description, ...rest } = schema
    const shape = canonicalJson(rest)
    const seen = shapes.get(id)
    if (seen !== undefined) {
      if (seen.shape !== shape) throw new UnsupportedSchemaError(path, `$id ${id} names a different schema at ${seen.path}`)
    } else {
      shapes.set(id, { shape, path })
      const node = readBody(schema, path, description)
      if (node.kind === "ref") throw new UnsupportedSchemaError(path, "a named schema cannot be a reference")
      named.set(id, { name: id, node, json: JSON.parse(JSON.stringify(schema)) as unknown })
    }
    return { kind: "ref", name: id, description }
  }

  const readBody = (schema: SchemaObject, path: string, description: string | undefined): SchemaNode => {
    const kind = classify(schema, path)
    checkKeywords(schema, path, kind)
    switch (kind) {
      case "unknown":
        return { kind, description }
      case "union": {
        const anyOf = schema["anyOf"]
        if (!Array.isArray(anyOf) || anyOf.length === 0) throw new UnsupportedSchemaError(path, "anyOf must be a non-empty array")
        return { kind, variants: anyOf.map((variant, index) => read(variant, `${path}.anyOf[${index}]`)), description }
      }
      case "literal": {
        const value = schema["const"]
        if (!(typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))) {
          throw new UnsupportedSchemaError(path, `unsupported literal ${JSON.stringify(value)}`)
        }
        const type = schema["type"]
        if (type !== undefined && type !== typeof value && !(type === "integer" && Number.isInteger(value))) {
          throw new UnsupportedSchemaError(path, `literal ${JSON.stringify(value)} does not have type ${String(type)}`)
        }
        return { kind, value, description }
      }
      case "string":
        return {
          kind,
          minLength: readCount(schema, "minLength", path),
          maxLength: readCount(schema, "maxLength", path),
          pattern: readPattern(schema, path),
          description
        }
      case "number":
      case "integer":
        return {
          kind: "number",
          integer: kind === "integer",
          minimum: readNumber(schema, "minimum", path),
          maximum: readNumber(schema, "maximum", path),
          exclusiveMinimum: readNumber(schema, "exclusiveMinimum", path),
          exclusiveMaximum: readNumber(schema, "exclusiveMaximum", path),
          description
        }
      case "boolean":
        return { kind, description }
      case "array": {
        const items = schema["items"]
        if (!isPlainRecord(items)) throw new UnsupportedSchemaError(path, "array items must be one schema (tuples are not supported)")
        return {
          kind,
          items: read(items, `${path}.items`),
          minItems: readCount(schema, "minItems", path),
          maxItems: readCount(schema, "maxItems", path),
          description
        }
      }
      case "record": {
        const patternProperties = schema["patternProperties"]
        const entries = isPlainRecord(patternProperties) ? Object.entries(patternProperties) : []
        const [entry] = entries
        if (entries.length !== 1 || entry === undefined || entry[0] !== STRING_KEY_PATTERN) {
          throw new UnsupportedSchemaError(path, `only Record(String, T) is supported (patternProperties { "${STRING_KEY_PATTERN}": T })`)
        }
        return { kind, pattern: entry[0], value: read(entry[1], `${path}.patternProperties`), description }
      }
      case "object": {
        const properties = schema["properties"] ?? {}
        if (!isPlainRecord(properties)) throw new UnsupportedSchemaError(path, "properties must be an object")
        const required = schema["required"] ?? []
        if (!Array.isArray(required) || !required.every((key): key is string => typeof key === "string")) {
          throw new UnsupportedSchemaError(path, "required must be an array of strings")
        }
        for (const key of required) {
          if (!Object.prototype.hasOwnProperty.call(properties, key)) {
            throw new UnsupportedSchemaError(path, `required key ${JSON.stringify(key)} is not in properties`)
          }
        }
        const additional = schema["additionalProperties"]
        if (additional !== undefined && additional !== false && additional !== true) {
          throw new UnsupportedSchemaError(path, "additionalProperties must be false or absent (a schema is not supported)")
        }
        return {
          kind,
          properties: Object.entries(properties).map(([key, property]) => ({
            key,
            required: required.includes(key),
            node: read(property, `${path}.properties${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`)
          })),
          closed: additional === false,
          closedWhenStrict: additional === undefined,
          description
        }
      }
    }
  }

  for (const [path, schema] of roots) read(schema, path)
  return { named: new Map([...named.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))) }
}

type Classified = "unknown" | "union" | "literal" | "string" | "number" | "integer" | "boolean" | "array" | "record" | "object"

const classify = (schema: SchemaObject, path: string): Classified => {
  if ("anyOf" in schema) return "union"
  if ("const" in schema) return "literal"
  const type = schema["type"]
  switch (type) {
    case undefined: {
      const keyword = Object.keys(schema).find((key) => !annotationKeywords.has(key))
      if (keyword !== undefined) throw new UnsupportedSchemaError(path, `unsupported keyword "${keyword}" without a type`)
      return "unknown"
    }
    case "object":
      return "patternProperties" in schema ? "record" : "object"
    case "array":
    case "string":
    case "number":
    case "integer":
    case "boolean":
      return type
    default:
      throw new UnsupportedSchemaError(path, `unsupported type ${JSON.stringify(type)}`)
  }
}

const checkKeywords = (schema: SchemaObject, path: string, kind: Classified): void => {
  const allowed = keywordsByType[kind] ?? new Set<string>()
  for (const key of Object.keys(schema)) {
    if (!allowed.has(key) && !annotationKeywords.has(key)) {
      throw new UnsupportedSchemaError(path, `unsupported keyword "${key}" on a ${kind} schema`)
    }
  }
}

const readDescription = (schema: SchemaObject, path: string): string | undefined => {
  const description = schema["description"]
  if (description !== undefined && typeof description !== "string") throw new UnsupportedSchemaError(path, "description must be a string")
  return description
}

const readNumber = (schema: SchemaObject, key: string, path: string): number | undefined => {
  const value = schema[key]
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isFinite(value)) throw new UnsupportedSchemaError(path, `${key} must be a finite number`)
  return value
}

const readCount = (schema: SchemaObject, key: string, path: string): number | undefined => {
  const value = readNumber(schema, key, path)
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new UnsupportedSchemaError(path, `${key} must be a non-negative integer`)
  return value
}

const readPattern = (schema: SchemaObject, path: string): string | undefined => {
  const pattern = schema["pattern"]
  if (pattern === undefined) return undefined
  if (typeof pattern !== "string") throw new UnsupportedSchemaError(path, "pattern must be a string (a RegExp object is not supported)")
  try {
    new RegExp(pattern, "u")
  } catch (cause) {
    throw new UnsupportedSchemaError(path, `pattern ${JSON.stringify(pattern)} is not a valid unicode regular expression: ${String(cause)}`)
  }
  return pattern
}

/** Follows a reference to its definition. */
export const resolve = (set: SchemaSet, node: SchemaNode): Exclude<SchemaNode, RefNode> => {
  if (node.kind !== "ref") return node
  const named = set.named.get(node.name)
  if (named === undefined) throw new Error(`unknown schema ${node.name}`)
  return named.node
}

/** True when every value satisfies the node (nothing to check). */
export const acceptsAnything = (set: SchemaSet, node: SchemaNode): boolean => {
  const target = resolve(set, node)
  return target.kind === "unknown" || (target.kind === "union" && target.variants.some((variant) => acceptsAnything(set, variant)))
}
