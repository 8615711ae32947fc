import { readFileSync } from "node:fs"
import { printSourceFile, writeDoc } from "./print-source-file.ts"
import { discriminant, label, literalValues, structureKey, type ValidatorOptions } from "./emit-validators.ts"
import { acceptsAnything, resolve, type SchemaNode, type SchemaSet } from "./schema-node.ts"

// `validators-compact.ts`: the same validators as `validators.ts` (same names, same signatures,
// same issues), from the same schema, as one table walked by the generic checker of
// `compact-validator-runtime.ts`. About a fifth of the fast form's size once minified, and several
// times slower: the core selects it for pages and Workers only (its `#validators` import, under
// the `browser` and `workerd` conditions), where the bytes count and a few checks a second do.
//
// The table: named schemas first (entry i is the i-th named schema, so a reference is its index),
// then every other part once per structure (descriptions left out); anything that accepts every
// value is the one `[0]` entry. The kinds are listed in the runtime, next to the code reading them.

const RUNTIME_FILE = "compact-validator-runtime.ts"

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
  const names = [...set.named.keys()]
  const entries: Array<string> = names.map(() => "")
  const byStructure = new Map<string, number>()
  let anything: number | undefined

  /** The index of `node`'s entry, added on first use. */
  const indexOf = (node: SchemaNode): number => {
    if (node.kind === "ref") return names.indexOf(node.name)
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
        return entry(["1", optional(node.minLength), optional(node.maxLength), node.pattern === undefined ? undefined : regExp(node.pattern), message === undefined ? undefined : json(message)])
      }
      case "number":
        return entry(["2", node.integer ? "1" : "0", optional(node.minimum), optional(node.maximum), optional(node.exclusiveMinimum), optional(node.exclusiveMaximum)])
      case "boolean":
        return "[3]"
      case "literal":
        return `[4, ${json(node.value)}]`
      case "object": {
        const properties = node.properties.flatMap((property) => [json(property.key), property.required ? "1" : "0", String(indexOf(property.node))])
        return `[5, ${node.closed ? 1 : node.closedWhenStrict ? 2 : 0}, [${properties.join(", ")}]]`
      }
      case "record":
        return `[6, ${regExp(node.pattern)}, ${indexOf(node.value)}]`
      case "array":
        return entry(["7", String(indexOf(node.items)), optional(node.minItems), optional(node.maxItems)])
      case "union": {
        const values = literalValues(set, node)
        if (values !== undefined) return `[8, [${values.map(json).join(", ")}]]`
        const variants = node.variants.map(indexOf)
        // The fast form names the variant of an object value by this key (see `emitGroup`).
        const objects = node.variants.filter((variant) => {
          const target = resolve(set, variant)
          return target.kind === "object" || target.kind === "record"
        })
        const key = objects.length > 1 ? discriminant(set, objects) : undefined
        return entry(["9", `[${variants.join(", ")}]`, `[${node.variants.map((variant) => json(label(variant))).join(", ")}]`, key === undefined ? undefined : json(key)])
      }
      case "unknown":
        return "[0]"
    }
  }

  names.forEach((name, index) => {
    entries[index] = encode(set.named.get(name)!.node)
  })

  return printSourceFile("validators-compact", "validators-compact.ts", (writer) => {
    writer.writeLine(`import { compactValidator, type CompactNode } from "./${RUNTIME_FILE}"`)
    writer.writeLine('import type { Validator } from "./validator-runtime.ts"')
    writer.blankLine()
    writeDoc(writer, ["The schemas as one table (see `compact-validator-runtime.ts`): the named schemas first, in the order of the validators below."])
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
      writer.writeLine(`export const validate${name}: Validator = /* @__PURE__ */ compactValidator(table, ${index})`)
      writer.blankLine()
    })
  })
}
