import { readFileSync } from "node:fs"
import { printSourceFile, writeDoc } from "./print-source-file.ts"
import { categoryOf, discriminant, label, literalValues, structureKey, unsafeKeys, type ValidatorOptions } from "./emit-validators.ts"
import { acceptsAnything, resolve, type SchemaNode, type SchemaSet } from "./schema-node.ts"

// `validators-compact.ts`: the same validators as `validators.ts` (same names, same signatures,
// same issues), from the same schema, as one table walked by the generic checker of
// `compact-validator-runtime.ts`. About a fifth of the fast form's size once minified, and several
// times slower: the core selects it for pages and Workers only (its `#validators` import, under
// the `browser` and `workerd` conditions), where the bytes count and a few checks a second do.
//
// The table: every structure once (descriptions left out), named or not, so that two named schemas
// of the same shape (the payloads of several actions) share one entry and a reference is the index
// of its schema's entry; anything that accepts every value is the one `[0]` entry. What a union
// reports for a value no variant takes is decided here, from the fast form's own rules. The kinds
// are listed in the runtime, next to the code reading them.

const RUNTIME_FILE = "compact-validator-runtime.ts"

/** The order in which the fast form tests a union's categories (see `emitChecks`). */
const CATEGORY_ORDER = ["array", "object", "string", "number", "boolean"] as const

/** `compact-validator-runtime.ts`, as written in `src/` (a real, linted and type-checked module). */
export const emitCompactValidatorRuntime = (): string => {
  const source = readFileSync(new URL("../src/compact-validator-runtime.ts", import.meta.url), "utf8")
  return printSourceFile("compact-validator-runtime", RUNTIME_FILE, (writer) => writer.write(source))
}

/** One entry as source text: `null` for a missing bound, trailing missing ones left out. */
const entry = (parts: ReadonlyArray<string | undefined>): string => {
  const kept = [...parts]
  while (kept.length > 0 && kept[kept.length - 1] === undefined) kept.pop()
  return `[${kept.map((part) => part ?? "null").join(", ")}]`
}

const json = (value: unknown): string => JSON.stringify(value)
const optional = (value: number | undefined): string | undefined => (value === undefined ? undefined : String(value))
const regExp = (pattern: string): string => `/${new RegExp(pattern, "u").source}/u`

/** Emits `validators-compact.ts` for every named schema. */
export const emitCompactValidators = (set: SchemaSet, options: ValidatorOptions): string => {
  const entries: Array<string> = []
  const byStructure = new Map<string, number>()
  const byName = new Map<string, number>()
  let anything: number | undefined

  /** The index of named schema `name`'s entry: the entry of its structure, shared with any schema of the same structure. */
  const indexOfName = (name: string): number => {
    const known = byName.get(name)
    if (known !== undefined) return known
    // A schema that refers to itself meets its own structure's entry, reserved before its children.
    const index = indexOf(set.named.get(name)!.node)
    byName.set(name, index)
    return index
  }

  /** The index of `node`'s entry, added on first use. */
  const indexOf = (node: SchemaNode): number => {
    if (node.kind === "ref") return indexOfName(node.name)
    if (acceptsAnything(set, node)) {
      anything ??= entries.push("[0]") - 1
      return anything
    }
    const key = structureKey(node)
    const known = byStructure.get(key)
    if (known !== undefined) return known
    const index = entries.push("") - 1
    byStructure.set(key, index)
    entries[index] = encode(node)
    return index
  }

  const encode = (node: Exclude<SchemaNode, { kind: "ref" }>): string => {
    if (acceptsAnything(set, node)) return "[0]"
    switch (node.kind) {
      case "string": {
        const message = node.pattern === undefined ? undefined : (options.patternMessages.get(node.pattern) ?? `must match pattern ${node.pattern}`)
        // The runtime says `must match pattern <the RegExp's source>` of its own: only other messages travel.
        const own = node.pattern !== undefined && message !== `must match pattern ${new RegExp(node.pattern, "u").source}`
        return entry(["1", optional(node.minLength), optional(node.maxLength), node.pattern === undefined ? undefined : regExp(node.pattern), own ? json(message) : undefined])
      }
      case "number":
        return entry(["2", node.integer ? "1" : "0", optional(node.minimum), optional(node.maximum), optional(node.exclusiveMinimum), optional(node.exclusiveMaximum)])
      case "boolean":
        return "[3]"
      case "literal":
        return `[4, ${json(node.value)}]`
      case "object": {
        const properties = node.properties.flatMap((property) => [
          json(property.key),
          String((property.required ? 1 : 0) + (unsafeKeys.has(property.key) ? 2 : 0)),
          String(indexOf(property.node))
        ])
        return `[${["5", node.closed ? "1" : node.closedWhenStrict ? "2" : "0", ...properties].join(", ")}]`
      }
      case "record":
        return `[6, ${regExp(node.pattern)}, ${indexOf(node.value)}]`
      case "array":
        return entry(["7", String(indexOf(node.items)), optional(node.minItems), optional(node.maxItems)])
      case "union": {
        const values = literalValues(set, node)
        if (values !== undefined) return `[8, [${values.map(json).join(", ")}]]`
        const variants = node.variants.map(indexOf)
        const every = json(`must match one of: ${node.variants.map(label).join(", ")}`)
        const categories = node.variants.map((variant) => categoryOf(set, variant))
        // A variant that takes any value: the fast form reports every label, whatever the value.
        const groups = categories.includes("any") ? [] : CATEGORY_ORDER.flatMap((category) => {
          const positions = node.variants.flatMap((_variant, position) => (categories[position] === category ? [position] : []))
          return positions.length === 0 ? [] : [group(category, positions.map((position) => node.variants[position]!), positions.map((position) => variants[position]!))]
        })
        return `[9, [${variants.join(", ")}], ${every}, [${groups.join(", ")}]]`
      }
      case "unknown":
        return "[0]"
    }
  }

  /**
   * A union's report for a value of `category` that no variant takes, as the fast form's `emitGroup`
   * writes it: the one variant's issues; the literals it may be; or the variant the value names by
   * the group's discriminant (`tags[i]` names `children[i]`), else every label of the group.
   */
  const group = (category: string, members: ReadonlyArray<SchemaNode>, children: ReadonlyArray<number>): string => {
    if (members.length === 1) return `[${json(category)}, ${children[0]}]`
    const targets = members.map((member) => resolve(set, member))
    if (targets.every((target) => target.kind === "literal")) {
      return `[${json(category)}, ${json(`must be one of: ${targets.map((target) => json(target.value)).join(", ")}`)}]`
    }
    const message = json(`must match one of: ${members.map(label).join(", ")}`)
    const key = discriminant(set, members)
    if (key === undefined) return `[${json(category)}, ${message}]`
    // `discriminant` found a required literal at `key` in every member (all objects).
    const tags = targets.map((target) => {
      const property = target.kind === "object" ? target.properties.find((candidate) => candidate.key === key) : undefined
      const tag = property === undefined ? undefined : resolve(set, property.node)
      if (tag?.kind !== "literal") throw new Error(`union variant without a literal ${key}`)
      return json(tag.value)
    })
    return `[${json(category)}, ${message}, ${json(key)}, [${tags.join(", ")}], [${children.join(", ")}]]`
  }

  const names = [...set.named.keys()]
  const named = names.map(indexOfName)

  return printSourceFile("validators-compact", "validators-compact.ts", (writer) => {
    writer.writeLine(`import { compactValidator, type CompactNode } from "./${RUNTIME_FILE}"`)
    writer.writeLine('import type { Validator } from "./validator-runtime.ts"')
    writer.blankLine()
    writeDoc(writer, ["The schemas as one table (see `compact-validator-runtime.ts`): each structure once, named or not; each validator below names its schema's entry."])
    writer.writeLine("const table: ReadonlyArray<CompactNode> = [")
    entries.forEach((text, index) => writer.writeLine(`  ${text}${index < entries.length - 1 ? "," : ""}`))
    writer.writeLine("]")
    writer.blankLine()
    names.forEach((name, index) => {
      const { node } = set.named.get(name)!
      writeDoc(writer, [
        `Validates a value against \`${name}\`${node.description === undefined ? "." : `: ${node.description}`}`,
        "Returns every issue (path and message), or the shared `NO_ISSUES` when the value is valid."
      ])
      writer.writeLine(`export const validate${name}: Validator = /* @__PURE__ */ compactValidator(table, ${named[index]})`)
      writer.blankLine()
    })
  })
}
