// fast-check arbitraries read straight from the JSON Schema keywords TypeBox builds (not from the
// generator's model, so a misreading there cannot hide here), and mutations that corrupt a valid
// value the ways real payloads go wrong, plus the JavaScript corners `Value.Check` has opinions on.
import fc from "fast-check"

type Schema = Readonly<Record<string, unknown>>

const asSchema = (value: unknown): Schema => value as Schema

/**
 * Values valid against `schema` (a TypeBox/JSON schema of the kinds the schema package uses).
 * Below a nesting depth of 4, arrays hold at most one item, so deep payloads stay small.
 */
export const validValue = (schema: Schema, depth = 0): fc.Arbitrary<unknown> => {
  if (Array.isArray(schema["anyOf"])) return fc.oneof(...schema["anyOf"].map((variant) => validValue(asSchema(variant), depth)))
  if ("const" in schema) return fc.constant(schema["const"])
  switch (schema["type"]) {
    case "object": {
      const patternProperties = schema["patternProperties"] as Schema | undefined
      if (patternProperties !== undefined) {
        const [valueSchema] = Object.values(patternProperties)
        return fc.dictionary(fc.string({ maxLength: 6 }), validValue(asSchema(valueSchema), depth + 1), { maxKeys: 3 })
      }
      const properties = (schema["properties"] ?? {}) as Record<string, Schema>
      const required = (schema["required"] ?? []) as ReadonlyArray<string>
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validValue(property, depth + 1)])),
        { requiredKeys: [...required] }
      )
      if (schema["additionalProperties"] === false) return record
      // An open object accepts unknown keys: add some.
      const extra = fc.dictionary(
        fc.string({ maxLength: 6 }).filter((key) => !(key in properties) && key !== "__proto__"),
        fc.jsonValue({ maxDepth: 1 }),
        { maxKeys: 2 }
      )
      return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }))
    }
    case "array": {
      const minLength = (schema["minItems"] as number | undefined) ?? 0
      const maxLength = Math.max(minLength, Math.min((schema["maxItems"] as number | undefined) ?? 3, depth > 4 ? 1 : 3))
      return fc.array(validValue(asSchema(schema["items"]), depth + 1), { minLength, maxLength })
    }
    case "string": {
      const pattern = schema["pattern"] as string | undefined
      if (pattern !== undefined) return fc.stringMatching(new RegExp(pattern, "u"))
      const minLength = (schema["minLength"] as number | undefined) ?? 0
      const maxLength = (schema["maxLength"] as number | undefined) ?? Math.max(minLength, 8)
      // `binary` units are whole code points (surrogate pairs included): TypeBox counts lengths in code points.
      return fc.string({ minLength, maxLength, unit: fc.oneof(fc.constantFrom("a", "é", "😀", "\u{10FFFF}"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) })
    }
    case "integer":
      return fc.integer({ min: (schema["minimum"] as number | undefined) ?? -1000, max: (schema["maximum"] as number | undefined) ?? 1000 })
    case "number": {
      const exclusiveMinimum = schema["exclusiveMinimum"] as number | undefined
      const exclusiveMaximum = schema["exclusiveMaximum"] as number | undefined
      return fc.double({
        min: exclusiveMinimum ?? (schema["minimum"] as number | undefined) ?? -1e6,
        max: exclusiveMaximum ?? (schema["maximum"] as number | undefined) ?? 1e6,
        minExcluded: exclusiveMinimum !== undefined,
        maxExcluded: exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true
      })
    }
    case "boolean":
      return fc.boolean()
    case undefined:
      return fc.anything({ maxDepth: 2, maxKeys: 3 })
    default:
      throw new Error(`schemaArbitrary: unsupported schema ${JSON.stringify(schema)}`)
  }
}

/** Values that go wrong in many ways: every type, the numbers JSON cannot say, odd strings, odd objects. */
const replacements: ReadonlyArray<() => unknown> = [
  () => null,
  () => undefined,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => -0,
  () => 0,
  () => 1.5,
  () => -1,
  () => 42,
  () => 2 ** 53,
  () => 10n,
  () => "",
  () => "x",
  () => "\uD800",
  () => "a\uD83D\uDE00",
  () => "2024-01-15T10:30:00.000Z",
  () => "2024-01-15 10:30",
  () => "message",
  () => "superpower",
  () => "chat",
  () => true,
  () => false,
  () => [],
  () => [1, "a"],
  () => ({}),
  () => ({ a: 1 }),
  () => new Date(0),
  () => /x/,
  () => new Error("boom"),
  () => Object.create(null) as object,
  () => new Map(),
  () => Symbol("s"),
  () => () => 1
]

const extraKeys: ReadonlyArray<string> = ["extra", "__proto__", "constructor", "toString", "prototype", "hidden", "", "a b", "0"]

type Container = Record<string, unknown> | Array<unknown>

/** Own enumerable children that are themselves plain containers, with the root, depth first. */
const containers = (root: unknown): Array<Container> => {
  const found: Array<Container> = []
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null) return
    if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return
    found.push(value as Container)
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key])
  }
  visit(root)
  return found
}

/** A deep copy of plain objects and arrays (own property descriptors kept); anything else is shared. */
export const deepCopy = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    const copy: Array<unknown> = []
    copy.length = value.length
    for (const key of Object.keys(value)) copy[Number(key)] = deepCopy(value[Number(key)])
    return copy
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {}
    for (const key of Object.getOwnPropertyNames(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)
      if (descriptor === undefined) continue
      Object.defineProperty(copy, key, "value" in descriptor ? { ...descriptor, value: deepCopy(descriptor.value) } : descriptor)
    }
    return copy
  }
  return value
}

/** One mutation: which container, which operation, and a number to pick keys and values with. */
export type Mutation = readonly [site: number, operation: number, choice: number]

export const mutationArbitrary: fc.Arbitrary<ReadonlyArray<Mutation>> = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), {
  minLength: 1,
  maxLength: 3
})

const pick = <T>(items: ReadonlyArray<T>, choice: number): T | undefined => (items.length === 0 ? undefined : items[choice % items.length])

const setOwn = (target: Container, key: string, value: unknown, enumerable = true): void => {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true })
}

/** Applies the mutations to a copy of `value`; some keep it valid (that is fine: `Value.Check` decides). */
export const mutate = (value: unknown, mutations: ReadonlyArray<Mutation>): unknown => {
  const holder: Record<string, unknown> = { root: deepCopy(value) }
  for (const [site, operation, choice] of mutations) {
    const sites = containers(holder)
    const target = pick(sites, site)
    if (target === undefined) continue
    const keys = Object.keys(target)
    const key = pick(keys, choice)
    switch (operation % 9) {
      case 0: // drop a key, or make a hole in an array
        if (key !== undefined) delete (target as Record<string, unknown>)[key]
        break
      case 1: // a value of another type (or an odd one of the same type)
        if (key !== undefined) setOwn(target, key, pick(replacements, choice)?.())
        break
      case 2: // empty strings and arrays in place of what was there
        if (key !== undefined) {
          const current = (target as Record<string, unknown>)[key]
          setOwn(target, key, Array.isArray(current) ? [] : typeof current === "string" ? "" : {})
        }
        break
      case 3: // an unknown key, maybe named like an Object.prototype member
        if (!Array.isArray(target)) {
          const extra = pick(extraKeys, choice) ?? "extra"
          setOwn(target, extra, pick(replacements, choice >> 3)?.() ?? "x")
        } else target.push(pick(replacements, choice)?.())
        break
      case 4: // a non-enumerable own property (TypeBox's additionalProperties sees it)
        if (!Array.isArray(target)) setOwn(target, "hidden", 1, false)
        break
      case 5: // every key inherited instead of own
        if (key !== undefined) {
          const child = (target as Record<string, unknown>)[key]
          if (typeof child === "object" && child !== null && !Array.isArray(child)) setOwn(target, key, Object.create(child) as object)
        }
        break
      case 6: // an optional-looking key set to undefined
        if (key !== undefined) setOwn(target, key, undefined)
        break
      case 7: // a sparse array
        if (Array.isArray(target)) target.length += 1
        else if (key !== undefined) {
          const child = (target as Record<string, unknown>)[key]
          if (Array.isArray(child) && child.length > 0) delete child[choice % child.length]
        }
        break
      default: // the whole container replaced: a wrong type one level up
        if (key !== undefined) setOwn(target, key, Array.isArray((target as Record<string, unknown>)[key]) ? { 0: "x" } : ["x"])
    }
  }
  return holder["root"]
}
