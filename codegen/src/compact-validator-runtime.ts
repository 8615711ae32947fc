// The runtime of the compact validators (`validators-compact.ts`), the form a page or a Worker
// gets (the core's `#validators` import under the `browser` and `workerd` conditions): one small
// generic checker walking a table the generator emits from the same schema as the fast,
// one-function-per-schema `validators.ts`. It trades speed for size (a Worker validates a few
// requests a second) and must say exactly what the fast form says: the same verdict, the same
// issues (paths, messages, order). `emitCompactValidators` copies this file, as it is, to
// `generated/compact-validator-runtime.ts`; it imports only the shared `validator-runtime.ts`.
import { at, codePointCount, fail, isPlainObject, NO_ISSUES, type ValidationIssue, type Validator } from "./validator-runtime.ts"

// The kinds of table entries (the first element of each entry). Children are table indexes; a
// missing bound is `null`, or absent at the end of the entry.
/** Anything goes (`Type.Unknown()`, or a union with such a variant): `[0]`. */
export const ANY = 0
/** `[1, minLength?, maxLength?, pattern?, patternMessage?]` */
export const STRING = 1
/** `[2, integer (0|1), minimum?, maximum?, exclusiveMinimum?, exclusiveMaximum?]` */
export const NUMBER = 2
/** `[3]` */
export const BOOLEAN = 3
/** `[4, value]` */
export const LITERAL = 4
/** `[5, unknown keys (0 open, 1 refused, 2 refused when strict), [key, required (0|1), child, ...]]` */
export const OBJECT = 5
/** `[6, key pattern, child]` */
export const RECORD = 6
/** `[7, child, minItems?, maxItems?]` */
export const ARRAY = 7
/** A union of literals only: `[8, [value, ...]]` */
export const LITERALS = 8
/** `[9, [variant child, ...], [variant label, ...], discriminant key of the object variants?]` */
export const UNION = 9

type Bound = number | null
type Scalar = string | number | boolean

/** One entry of the table. */
export type CompactNode =
  | readonly [typeof ANY]
  | readonly [typeof STRING, Bound?, Bound?, RegExp?, string?]
  | readonly [typeof NUMBER, 0 | 1, Bound?, Bound?, Bound?, Bound?]
  | readonly [typeof BOOLEAN]
  | readonly [typeof LITERAL, Scalar]
  | readonly [typeof OBJECT, 0 | 1 | 2, ReadonlyArray<string | number>]
  | readonly [typeof RECORD, RegExp, number]
  | readonly [typeof ARRAY, number, Bound?, Bound?]
  | readonly [typeof LITERALS, ReadonlyArray<Scalar>]
  | readonly [typeof UNION, ReadonlyArray<number>, ReadonlyArray<string>, string?]

type Table = ReadonlyArray<CompactNode>
type Issues = Array<ValidationIssue> | undefined

/** True while a validator called with `{ strict: true }` runs (see `compactValidator`). */
let strict = false

const oneOf = (values: ReadonlyArray<Scalar>): string => `must be one of: ${values.map((value) => JSON.stringify(value)).join(", ")}`

/** The union category of an entry, as the fast form sorts variants: by the type of value they take. */
const categoryOf = (node: CompactNode): string => {
  switch (node[0]) {
    case OBJECT:
    case RECORD:
      return "object"
    case ARRAY:
      return "array"
    case STRING:
      return "string"
    case NUMBER:
      return "number"
    case BOOLEAN:
      return "boolean"
    case LITERAL:
      return typeof node[1]
    default:
      return "any"
  }
}

const CATEGORIES = ["array", "object", "string", "number", "boolean"]

/** True when `value` is of the union category `category` (an array is also an "object"). */
const isOf = (category: string, value: unknown): boolean =>
  category === "array" ? Array.isArray(value) : category === "object" ? typeof value === "object" && value !== null : typeof value === category

/**
 * Checks `value` against entry `index`, in the two modes of the fast form: checking (`issues`
 * undefined) returns false at the first failure; collecting records every issue and returns true.
 * `fail` returns true (stop) only when checking, hence `if (failed && fail(...)) return false`.
 */
function check(table: Table, index: number, value: unknown, issues: Issues, path: string | undefined): boolean {
  const node = table[index]!
  switch (node[0]) {
    case STRING: {
      if (typeof value !== "string") return !fail(issues, path, "must be a string")
      const [, min, max, pattern, message] = node
      // A code point takes one or two UTF-16 units: count them only when the length cannot decide.
      if (min && value.length < 2 * min && codePointCount(value) < min && fail(issues, path, min === 1 ? "must be a non-empty string" : `must have at least ${min} character(s)`)) return false
      if (max != null && value.length > max && codePointCount(value) > max && fail(issues, path, `must have at most ${max} character(s)`)) return false
      return !pattern || pattern.test(value) || !fail(issues, path, message!)
    }
    case NUMBER: {
      const [, integer, minimum, maximum, exclusiveMinimum, exclusiveMaximum] = node
      if (typeof value !== "number") return !fail(issues, path, integer ? "must be an integer" : "must be a number")
      // A non-finite number (or a non-integer) makes the bounds meaningless: report that alone.
      if (integer ? !Number.isInteger(value) : !Number.isFinite(value)) return !fail(issues, path, integer ? "must be an integer" : "must be a finite number")
      if (minimum != null && value < minimum && fail(issues, path, `must be >= ${minimum}`)) return false
      if (maximum != null && value > maximum && fail(issues, path, `must be <= ${maximum}`)) return false
      if (exclusiveMinimum != null && value <= exclusiveMinimum && fail(issues, path, `must be > ${exclusiveMinimum}`)) return false
      return exclusiveMaximum == null || value < exclusiveMaximum || !fail(issues, path, `must be < ${exclusiveMaximum}`)
    }
    case BOOLEAN:
      return typeof value === "boolean" || !fail(issues, path, "must be a boolean")
    case LITERAL:
      return value === node[1] || !fail(issues, path, `must equal ${JSON.stringify(node[1])}`)
    case LITERALS:
      return (node[1] as ReadonlyArray<unknown>).includes(value) || !fail(issues, path, oneOf(node[1]))
    case ARRAY: {
      if (!Array.isArray(value)) return !fail(issues, path, "must be an array")
      const [, child, min, max] = node
      if (min && value.length < min && fail(issues, path, `must have at least ${min} item(s)`)) return false
      if (max != null && value.length > max && fail(issues, path, `must have at most ${max} item(s)`)) return false
      // `in` skips the holes of a sparse array, as TypeBox (`every`) does.
      for (let item = 0; item < value.length; item++) if (item in value && !check(table, child, value[item], issues, issues && at(path, item))) return false
      return true
    }
    case OBJECT:
    case RECORD: {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return !fail(issues, path, "must be an object")
      if (!isPlainObject(value)) return !fail(issues, path, "must be a plain object")
      if (node[0] === RECORD) {
        for (const key in value) {
          if (Object.prototype.hasOwnProperty.call(value, key) && node[1].test(key) && !check(table, node[2], value[key], issues, issues && at(path, key))) return false
        }
        return true
      }
      const [, unknownKeys, properties] = node
      for (let position = 0; position < properties.length; position += 3) {
        const key = properties[position] as string
        // `__proto__`, `constructor` and `prototype` count only as own properties; the others as TypeBox's `in`.
        const present = key === "__proto__" || key === "constructor" || key === "prototype" ? Object.prototype.hasOwnProperty.call(value, key) : key in value
        if (!present) {
          if (properties[position + 1] && fail(issues, path, "is required", key)) return false
          continue
        }
        const child = properties[position + 2] as number
        if (table[child]![0] === ANY) continue
        const property = value[key]
        // An optional property holding `undefined` passes (TypeBox's `exactOptionalPropertyTypes: false`).
        if ((properties[position + 1] || property !== undefined) && !check(table, child, property, issues, issues && at(path, key))) return false
      }
      if (unknownKeys === 1 || (unknownKeys === 2 && strict)) {
        for (const name of Object.getOwnPropertyNames(value)) if (!properties.includes(name) && fail(issues, path, "is not allowed (unknown property)", name)) return false
      }
      return true
    }
    case UNION: {
      const [, variants, labels, discriminant] = node
      if (variants.some((variant) => check(table, variant, value, undefined, undefined))) return true
      if (issues === undefined) return false
      // Collecting: find the variant the value claims to be, and report its issues.
      const categories = variants.map((variant) => categoryOf(table[variant]!))
      const every = `must match one of: ${labels.join(", ")}`
      if (categories.includes("any")) return !fail(issues, path, every)
      for (const category of CATEGORIES) {
        const group = variants.flatMap((_variant, position) => (categories[position] === category ? [position] : []))
        if (group.length === 0 || !isOf(category, value)) continue
        const targets = group.map((position) => table[variants[position]!]!)
        if (group.length === 1) check(table, variants[group[0]!]!, value, issues, path)
        else if (targets.every((target) => target[0] === LITERAL)) fail(issues, path, oneOf(targets.map((target) => target[1] as Scalar)))
        else if (category === "object" && !isPlainObject(value) && !Array.isArray(value)) fail(issues, path, "must be a plain object")
        else {
          // The object variants each require a distinct literal at `discriminant` (e.g. `action`).
          const tag = category === "object" && discriminant !== undefined ? (value as Record<string, unknown>)[discriminant] : undefined
          const claimed = group.find((position) => {
            const target = targets[group.indexOf(position)]!
            if (target[0] !== OBJECT || discriminant === undefined) return false
            const properties = target[2]
            const where = properties.indexOf(discriminant)
            const tagNode = where % 3 === 0 ? table[properties[where + 2] as number] : undefined
            return tagNode !== undefined && tagNode[0] === LITERAL && tag === tagNode[1]
          })
          if (category === "object" && discriminant !== undefined && claimed !== undefined) check(table, variants[claimed]!, value, issues, path)
          else fail(issues, path, `must match one of: ${group.map((position) => labels[position]).join(", ")}`)
        }
        return true
      }
      return !fail(issues, path, every)
    }
    default:
      return true
  }
}

/**
 * The validator of table entry `index`: `NO_ISSUES` for a valid value, else every issue. The strict
 * mode lives in one module-level flag set for the (synchronous) run and restored after, as in the
 * fast form.
 */
export const compactValidator =
  (table: Table, index: number): Validator =>
  (value, options) => {
    const previous = strict
    strict = options?.strict === true
    try {
      if (check(table, index, value, undefined, undefined)) return NO_ISSUES
      const issues: Array<ValidationIssue> = []
      check(table, index, value, issues, "")
      return issues
    } finally {
      strict = previous
    }
  }
