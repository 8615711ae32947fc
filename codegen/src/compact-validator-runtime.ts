// The runtime of the compact validators (`validators-compact.ts`), the form a page or a Worker
// gets (the core's `#validators` import under the `browser` and `workerd` conditions): one small
// generic checker walking data the generator emits from the same schema as the fast,
// one-function-per-schema `validators.ts`. It trades speed for size (a Worker validates a few
// requests a second) and must say exactly what the fast form says: the same verdict, the same
// issues (paths, messages, order). `emitCompactValidators` copies this file, as it is, to
// `generated/compact-validator-runtime.ts`; it imports only the shared `validator-runtime.ts`.
// Whatever the generator can decide from the schema (how a union reports a value no variant
// takes, which keys count only as own properties) it writes into the data, so this file stays small.
import { at, fail, failObject, isPlainObject, NO_ISSUES, type ValidationIssue, type Validator } from "./validator-runtime.ts"

type Bound = number | null
type Scalar = string | number | boolean
/** The types of value a union sorts its variants by, as `typeof` names them ("object": an array too). */
type Category = "array" | "object" | "string" | "number" | "boolean"

/**
 * How a union reports a value of `Category` that no variant takes: check it against the one variant
 * of that category (`[category, child]`), or, when several variants share it, against the variant
 * whose literal `tags[i]` the value holds at `key` (`variants[i]`); failing that, `message`.
 */
export type CompactGroup = readonly [Category, CompactNode] | readonly [Category, string, string?, ReadonlyArray<Scalar>?, ReadonlyArray<CompactNode>?]

/**
 * One part of a schema; its first element is its kind. Children are the parts themselves; a
 * missing bound is `null`, or absent at the end of the part. The kinds, as numbers (the minifier
 * keeps no names for them, and the `case`s below say which is which):
 * - 0 anything goes (`Type.Unknown()`, or a union with such a variant): `[0]`
 * - 1 string: `[1, minLength?, maxLength?, pattern?, message when it does not match?]`, the
 *   message `must match pattern <pattern's source>` when absent
 * - 2 number: `[2, integer (0|1), minimum?, maximum?, exclusiveMinimum?, exclusiveMaximum?]`
 * - 3 boolean: `[3]`
 * - 4 literal: `[4, value]`
 * - 5 object: `[5, unknown keys (0 open, 1 refused, 2 refused when strict), key, flags, child, ...]`,
 *   flags 1 when the key is required, 2 when it counts only as an own property (`__proto__`...)
 * - 6 record: `[6, key pattern, child]`
 * - 7 array: `[7, child, minItems?, maxItems?]`
 * - 8 union of literals only: `[8, [value, ...]]`
 * - 9 union: `[9, [variant child, ...], message when no group applies, [group, ...]]`, the groups
 *   (`CompactGroup`) in the order the fast form tests them, none when a variant takes any value
 */
export type CompactNode =
  | readonly [0]
  | readonly [1, Bound?, Bound?, RegExp?, string?]
  | readonly [2, 0 | 1, Bound?, Bound?, Bound?, Bound?]
  | readonly [3]
  | readonly [4, Scalar]
  | CompactObject
  | readonly [6, RegExp, CompactNode]
  | readonly [7, CompactNode, Bound?, Bound?]
  | readonly [8, ReadonlyArray<Scalar>]
  | readonly [9, ReadonlyArray<CompactNode>, string, ReadonlyArray<CompactGroup>]

/** An object part, `[5, unknown keys, key, flags, child, ...]` (an interface: a type alias may not hold itself in a rest element). */
export interface CompactObject extends ReadonlyArray<string | number | CompactNode> {
  readonly 0: 5
  readonly 1: 0 | 1 | 2
}

type Issues = Array<ValidationIssue> | undefined

/** True while a validator called with `{ strict: true }` runs (see `compactValidator`). */
let strict = false

/** True when `value` is of the union category `category` (an array is also an "object"). */
const isOf = (category: Category, value: unknown): boolean =>
  category === "array" ? Array.isArray(value) : category === "object" ? typeof value === "object" && value !== null : typeof value === category

/**
 * Checks `value` against `node`, in the two modes of the fast form: checking (`issues`
 * undefined) returns false at the first failure; collecting records every issue and returns true.
 * `fail` returns true (stop) only when checking, hence `if (failed && fail(...)) return false`.
 */
function check(node: CompactNode, value: unknown, issues?: Issues, path?: string): boolean {
  switch (node[0]) {
    case 1: {
      if (typeof value !== "string") return !fail(issues, path, "must be a string")
      const [, min, max, pattern, message] = node
      // A code point takes one or two UTF-16 units: count them only when the length cannot decide.
      // The string iterator yields code points (a lone surrogate alone), as TypeBox counts them.
      if (min && value.length < 2 * min && [...value].length < min && fail(issues, path, min === 1 ? "must be a non-empty string" : `must have at least ${min} character(s)`)) return false
      if (max != null && value.length > max && [...value].length > max && fail(issues, path, `must have at most ${max} character(s)`)) return false
      return !pattern || pattern.test(value) || !fail(issues, path, message ?? `must match pattern ${pattern.source}`)
    }
    case 2: {
      const [, integer, minimum, maximum, exclusiveMinimum, exclusiveMaximum] = node
      if (typeof value !== "number") return !fail(issues, path, integer ? "must be an integer" : "must be a number")
      // A non-finite number (or a non-integer) makes the bounds meaningless: report that alone.
      if (integer ? !Number.isInteger(value) : !Number.isFinite(value)) return !fail(issues, path, integer ? "must be an integer" : "must be a finite number")
      if (minimum != null && value < minimum && fail(issues, path, `must be >= ${minimum}`)) return false
      if (maximum != null && value > maximum && fail(issues, path, `must be <= ${maximum}`)) return false
      if (exclusiveMinimum != null && value <= exclusiveMinimum && fail(issues, path, `must be > ${exclusiveMinimum}`)) return false
      return exclusiveMaximum == null || value < exclusiveMaximum || !fail(issues, path, `must be < ${exclusiveMaximum}`)
    }
    case 3:
      return typeof value === "boolean" || !fail(issues, path, "must be a boolean")
    case 4:
      return value === node[1] || !fail(issues, path, `must equal ${JSON.stringify(node[1])}`)
    case 8:
      return (node[1] as ReadonlyArray<unknown>).includes(value) || !fail(issues, path, `must be one of: ${node[1].map((literal) => JSON.stringify(literal)).join(", ")}`)
    case 7: {
      if (!Array.isArray(value)) return !fail(issues, path, "must be an array")
      const [, child, min, max] = node
      if (min && value.length < min && fail(issues, path, `must have at least ${min} item(s)`)) return false
      if (max != null && value.length > max && fail(issues, path, `must have at most ${max} item(s)`)) return false
      // `in` skips the holes of a sparse array, as TypeBox (`every`) does.
      for (let item = 0; item < value.length; item++) if (item in value && !check(child, value[item], issues, issues && at(path, item))) return false
      return true
    }
    case 5:
    case 6: {
      if (!isPlainObject(value)) return !failObject(issues, path, value)
      if (node[0] === 6) {
        for (const key in value) if (Object.hasOwn(value, key) && node[1].test(key) && !check(node[2], value[key], issues, issues && at(path, key))) return false
        return true
      }
      for (let position = 2; position < node.length; position += 3) {
        const key = node[position] as string
        const flags = node[position + 1] as number
        // An own-only key (`__proto__`, `constructor`, `prototype`) counts only as an own property; the others as TypeBox's `in`.
        if (!(flags & 2 ? Object.hasOwn(value, key) : key in value)) {
          if (flags & 1 && fail(issues, path, "is required", key)) return false
          continue
        }
        const property = value[key]
        // An optional property holding `undefined` passes (TypeBox's `exactOptionalPropertyTypes: false`).
        if ((flags & 1 || property !== undefined) && !check(node[position + 2] as CompactNode, property, issues, issues && at(path, key))) return false
      }
      // The entry's keys are its only strings.
      if (node[1] === 1 || (node[1] === 2 && strict)) {
        for (const name of Object.getOwnPropertyNames(value)) if (!(node as ReadonlyArray<unknown>).includes(name) && fail(issues, path, "is not allowed (unknown property)", name)) return false
      }
      return true
    }
    case 9: {
      const [, variants, message, groups] = node
      if (variants.some((variant) => check(variant, value))) return true
      if (issues === undefined) return false
      // Collecting: find the variant the value claims to be, and report its issues.
      const group = groups.find(([category]) => isOf(category, value))
      if (group === undefined) return !fail(issues, path, message)
      const [category, target, key, tags, claimants] = group
      if (typeof target !== "string") check(target, value, issues, path)
      // Objects only: a `Date`, a `Map`... is not one of them, whatever its keys.
      else if (category === "object" && !isPlainObject(value) && !Array.isArray(value)) fail(issues, path, "must be a plain object")
      else {
        const claimed = key === undefined ? -1 : tags!.indexOf((value as Record<string, Scalar>)[key]!)
        if (claimed < 0) fail(issues, path, target)
        else check(claimants![claimed]!, value, issues, path)
      }
      return true
    }
    default:
      return true
  }
}

/**
 * The validator of `node`: `NO_ISSUES` for a valid value, else every issue. The strict
 * mode lives in one module-level flag set for the (synchronous) run and restored after, as in the
 * fast form.
 */
export const compactValidator =
  (node: CompactNode): Validator =>
  (value, options) => {
    const previous = strict
    strict = options?.strict === true
    try {
      if (check(node, value)) return NO_ISSUES
      const issues: Array<ValidationIssue> = []
      check(node, value, issues, "")
      return issues
    } finally {
      strict = previous
    }
  }
