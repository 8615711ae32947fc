import { readFileSync } from "node:fs"
import { printSourceFile, writeDoc } from "./print-source-file.ts"
import { categoryOf, discriminant, label, literalValues, structureKey, unsafeKeys, type ValidatorOptions } from "./emit-validators.ts"
import { acceptsAnything, resolve, type SchemaNode, type SchemaSet } from "./schema-node.ts"

// `validators-compact.ts`: the same validators as `validators.ts` (same names, same signatures,
// same issues), from the same schema, as data walked by the generic checker of
// `compact-validator-runtime.ts`. About a fifth of the fast form's size once minified, and several
// times slower: the core selects it for pages and Workers only (its `#validators` import, under
// the `browser` and `workerd` conditions), where the bytes count and a few checks a second do.
//
// The parts: every structure once (descriptions left out), named or not, so that two named schemas
// of the same shape (the payloads of several actions) share one part; anything that accepts every
// value is the one `[0]` part. Each part is a constant that holds its children's constants, so a
// bundler drops the parts only unused validators reach (a Worker imports a few validators, not
// the result schemas'). What a union reports for a value no variant takes is decided here, from
// the fast form's own rules. The kinds are listed in the runtime, next to the code reading them.

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
  /** The parts as source text, children before the parts that hold them; part i is the constant `n<i>`. */
  const parts: Array<string> = []
  const byText = new Map<string, string>()
  const byStructure = new Map<string, string>()
  const byName = new Map<string, string>()
  const encoding = new Set<string>()

  /** The constant holding `text`, added on first use. */
  const add = (text: string): string => {
    const known = byText.get(text)
    if (known !== undefined) return known
    const name = `n${parts.push(text) - 1}`
    byText.set(text, name)
    return name
  }

  /** The constant of named schema `name`: the part of its structure, shared with any schema of the same structure. */
  const nameOfSchema = (name: string): string => {
    const known = byName.get(name)
    if (known !== undefined) return known
    const part = nameOf(set.named.get(name)!.node)
    byName.set(name, part)
    return part
  }

  /** The constant of `node`'s part, added (after its children) on first use. */
  const nameOf = (node: SchemaNode): string => {
    if (node.kind === "ref") return nameOfSchema(node.name)
    if (acceptsAnything(set, node)) return add("[0]")
    const key = structureKey(node)
    const known = byStructure.get(key)
    if (known !== undefined) return known
    // Parts are constants, children first: a schema that holds itself has no such order.
    if (encoding.has(key)) throw new Error("the compact validators need a schema without cycles")
    encoding.add(key)
    const part = add(encode(node))
    encoding.delete(key)
    byStructure.set(key, part)
    return part
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
          nameOf(property.node)
        ])
        return `[${["5", node.closed ? "1" : node.closedWhenStrict ? "2" : "0", ...properties].join(", ")}]`
      }
      case "record":
        return `[6, ${regExp(node.pattern)}, ${nameOf(node.value)}]`
      case "array":
        return entry(["7", nameOf(node.items), optional(node.minItems), optional(node.maxItems)])
      case "union": {
        const values = literalValues(set, node)
        if (values !== undefined) return `[8, [${values.map(json).join(", ")}]]`
        const variants = node.variants.map(nameOf)
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
  const group = (category: string, members: ReadonlyArray<SchemaNode>, children: ReadonlyArray<string>): string => {
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
  const named = names.map(nameOfSchema)

  return printSourceFile("validators-compact", "validators-compact.ts", (writer) => {
    writer.writeLine(`import { compactValidator, type CompactNode } from "./${RUNTIME_FILE}"`)
    writer.writeLine('import type { Validator } from "./validator-runtime.ts"')
    writer.blankLine()
    writer.writeLine("// The schemas' parts (see `compact-validator-runtime.ts`), each once, named or not, children first.")
    writer.writeLine("// One constant each, so that a bundle keeps only the parts of the validators it imports.")
    parts.forEach((text, index) => writer.writeLine(`const n${index}: CompactNode = ${text}`))
    writer.blankLine()
    names.forEach((name, index) => {
      const { node } = set.named.get(name)!
      writeDoc(writer, [
        `Validates a value against \`${name}\`${node.description === undefined ? "." : `: ${node.description}`}`,
        "Returns every issue (path and message), or the shared `NO_ISSUES` when the value is valid."
      ])
      writer.writeLine(`export const validate${name}: Validator = /* @__PURE__ */ compactValidator(${named[index]})`)
      writer.blankLine()
    })
  })
}
