// Mutations that corrupt a valid payload the ways hostile inputs go wrong, including JavaScript
// values JSON cannot carry. The valid payloads they start from come from `validValue` in
// @org/optave-test-fixtures (read from the JSON Schema keywords, independent of the generator).
import fc from "fast-check"

export type PathKey = string | number

/** Every path to a node of a JSON-like value (the root is []); a cycle is entered once. */
export const pathsOf = (value: unknown, path: Array<PathKey> = [], out: Array<Array<PathKey>> = [], seen = new Set<unknown>()): Array<Array<PathKey>> => {
  out.push(path)
  if (value === null || typeof value !== "object" || seen.has(value) || path.length > 64) return out
  seen.add(value)
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], out, seen))
  else for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...path, key], out, seen)
  return out
}

const cyclic = (): unknown => {
  const node: Record<string, unknown> = { name: "loop" }
  node["self"] = node
  return node
}

/** A replacement value: wrong types, edge strings, big or deep values, and values JSON cannot carry. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(null, 0, -1, 1.5, -0, 1e21, "", " ", "x", true, false, [], {}, [null], { "": "" }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.constantFrom("2024-13-45T99:99:99Z", "2024-01-15T10:30:00.000Z\n", "2024-01-15", "2024-01-15T10:30:00+2:00", "0000-00-00T00:00:00Z") },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((length) => "A".repeat(length)) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown) },
  // JavaScript values with no JSON form (a client must refuse them with a typed error, not crash).
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, Number.NaN, Number.POSITIVE_INFINITY, new Date(0)) },
  { weight: 1, arbitrary: fc.oneof(fc.bigInt({ min: -10n, max: 10n }), fc.constant(null).map(cyclic)) }
)

export type Mutation =
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "replace"; readonly at: number; readonly value: unknown }
  | { readonly kind: "add-key"; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: "empty-array"; readonly at: number }

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: hostileValue }),
  fc.record({
    kind: fc.constant("add-key" as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "extra", ""), fc.string({ maxLength: 8 })),
    value: fc.jsonValue({ maxDepth: 1 })
  }),
  fc.record({ kind: fc.constant("empty-array" as const), at: fc.nat() })
)

const setOwn = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

/** Applies mutations in order to `value` (mutated in place; the root may be replaced). Returns the result. */
export const applyMutations = (value: unknown, mutations: ReadonlyArray<Mutation>): unknown => {
  let root = value
  for (const mutation of mutations) {
    const paths = pathsOf(root)
    const path = paths[mutation.at % paths.length]!
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<PathKey, unknown>)[key], root) as Record<PathKey, unknown> | Array<unknown> | undefined
    const key = path.at(-1)
    const node = path.length === 0 ? root : (parent as Record<PathKey, unknown>)[key!]
    switch (mutation.kind) {
      case "delete":
        if (path.length === 0) root = undefined
        else if (Array.isArray(parent)) parent.splice(key as number, 1)
        else delete (parent as Record<string, unknown>)[key as string]
        break
      case "replace":
        if (path.length === 0) root = mutation.value
        else if (Array.isArray(parent)) parent[key as number] = mutation.value
        else setOwn(parent as Record<string, unknown>, key as string, mutation.value)
        break
      case "add-key":
        if (node !== null && typeof node === "object" && !Array.isArray(node)) setOwn(node as Record<string, unknown>, mutation.key, mutation.value)
        else if (Array.isArray(node)) node.push(mutation.value)
        break
      case "empty-array":
        if (Array.isArray(node)) node.length = 0
        else if (path.length > 0 && !Array.isArray(parent)) setOwn(parent as Record<string, unknown>, key as string, [])
        break
    }
    if (root === undefined || root === null || typeof root !== "object") break
  }
  return root
}
