import type { CodeBlockWriter } from "ts-morph"
import { makeWriter, printSourceFile, writeDoc } from "./print-source-file.ts"
import { acceptsAnything, canonicalJson, resolve, type ObjectNode, type SchemaNode, type SchemaSet, type UnionNode } from "./schema-node.ts"

// `validators.ts`: plain, eval-free code that agrees with TypeBox's `Value.Check` (default
// settings) on what is valid, and reports every issue with a code-style path.
//
// Each named schema X gets three functions:
// - `isX(value): boolean`: the hot path; no closures, no allocation except the own-key list of a
//   closed object (TypeBox rejects any own property name outside `properties`, enumerable or not);
// - `collectX(value, path, issues)`: run only when `isX` failed; builds paths only at the issue;
// - `export const validateX: Validator`: `isX(value) ? NO_ISSUES : collectX(value, "", [])`.
//
// The semantics copied from TypeBox 1.4 (`typebox/build/schema/engine`):
// - object: `typeof "object"`, not null, not an array; a required key is present when `key in
//   value` (prototype chain included), except `__proto__`, `constructor` and `prototype`, which
//   must be own properties; an optional key holding `undefined` passes (TypeBox's default
//   `exactOptionalPropertyTypes: false`); `additionalProperties: false` checks
//   `Object.getOwnPropertyNames` (non-enumerable own names count, inherited ones do not).
// - record: the own enumerable keys (`Object.entries`) that match the key pattern.
// - array: `Array.isArray`; holes of a sparse array are skipped, as `Array.prototype.every` does.
// - string: length counted in Unicode code points (a surrogate pair is one); patterns run with
//   the `u` flag. number: finite (`Number.isFinite`); integer: `Number.isInteger`.

/** Options of the validators emitter. */
export interface ValidatorOptions {
  /** Messages for well-known patterns (pattern source -> message), else "must match pattern ...". */
  readonly patternMessages: ReadonlyMap<string, string>
}

interface ModuleState {
  readonly set: SchemaSet
  readonly options: ValidatorOptions
  /** Pattern source -> name of its module-level regular expression. */
  readonly patterns: Map<string, string>
  /** The named schemas each anonymous node occurs in, with repeats (by structure): a repeated one gets its own functions. */
  readonly occurrences: ReadonlyMap<string, ReadonlyArray<string>>
  /** Anonymous nodes that have their own `is`/`collect` functions: structure -> function suffix. */
  readonly functions: Map<string, string>
  /** Text of functions made while writing another, written out after it. */
  readonly pendingFunctions: Array<string>
  readonly usedNames: Set<string>
  usesPropertyPath: boolean
  usesCodePointCount: boolean
}

interface FunctionState {
  readonly module: ModuleState
  /** The named schema being written, for the names of functions made on the way. */
  readonly owner: string
  readonly writer: CodeBlockWriter
  locals: number
}

const unsafeKeys = new Set(["__proto__", "constructor", "prototype"])
const identifierKey = /^[A-Za-z_$][\w$]*$/

/** Emits `validators.ts` for every named schema. */
export const emitValidators = (set: SchemaSet, options: ValidatorOptions): string => {
  const state: ModuleState = {
    set,
    options,
    patterns: new Map(),
    occurrences: countOccurrences(set),
    functions: new Map(),
    pendingFunctions: [],
    usedNames: new Set([...set.named.keys()].flatMap((name) => [`is${name}`, `collect${name}`, `validate${name}`])),
    usesPropertyPath: false,
    usesCodePointCount: false
  }
  const body = makeWriter()
  for (const { name, node } of set.named.values()) {
    writeDoc(body, [
      `Validates a value against \`${name}\`${node.description === undefined ? "." : `: ${node.description}`}`,
      "Returns every issue (path and message), or the shared `NO_ISSUES` when the value is valid."
    ])
    body.writeLine(`export const validate${name}: Validator = (value: unknown): ReadonlyArray<ValidationIssue> =>`)
    body.indent().write(`is${name}(value) ? NO_ISSUES : collect${name}(value, "", [])`).newLine()
    body.blankLine()
    writeFunctions(state, body, name, name, node, "")
    body.blankLine()
    for (const text of state.pendingFunctions.splice(0)) body.write(text).newLine().blankLine()
  }

  return printSourceFile("validators", "validators.ts", (writer) => {
    writer.writeLine('import { NO_ISSUES, type ValidationIssue, type Validator } from "../validation-issue.ts"')
    writer.blankLine()
    for (const [pattern, name] of state.patterns) {
      writer.writeLine(`const ${name} = /${new RegExp(pattern, "u").source}/u`)
    }
    if (state.patterns.size > 0) writer.blankLine()
    if (state.usesPropertyPath) {
      writer.writeLine("const IDENTIFIER = /^[A-Za-z_$][\\w$]*$/")
      writer.blankLine()
      writeDoc(writer, ['The path of `key` under `path`: `path.key`, or `path["key"]` when the key is not an identifier; the root is "".'])
      writer.write("function propertyPath(path: string, key: string): string ").block(() => {
        writer.writeLine('if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`')
        writer.writeLine('return path === "" ? key : `${path}.${key}`')
      })
      writer.blankLine()
    }
    if (state.usesCodePointCount) {
      writeDoc(writer, ["Length of `value` in Unicode code points (a surrogate pair counts once), as TypeBox measures `minLength`/`maxLength`."])
      writer.write("function codePointCount(value: string): number ").block(() => {
        writer.writeLine("let count = 0")
        writer.write("for (let index = 0; index < value.length; index++) ").block(() => {
          writer.writeLine("const code = value.charCodeAt(index)")
          writer.writeLine("const previous = index > 0 ? value.charCodeAt(index - 1) : 0")
          writer.writeLine("if (code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) continue")
          writer.writeLine("count++")
        })
        writer.writeLine("return count")
      })
      writer.blankLine()
    }
    writer.write(body.toString())
  })
}

/** `is<suffix>` and `collect<suffix>` for `node`, checked inline (not through its own function). */
const writeFunctions = (module: ModuleState, writer: CodeBlockWriter, owner: string, suffix: string, node: SchemaNode, hint: string): void => {
  const trivial = acceptsAnything(module.set, node)
  const value = trivial ? "_value" : "value"
  writer.write(`function is${suffix}(${value}: unknown): boolean `).block(() => {
    emitIsInline({ module, owner, writer, locals: 0 }, node, "value", hint)
    writer.writeLine("return true")
  })
  writer.blankLine()
  writer.write(`function collect${suffix}(${value}: unknown, ${trivial ? "_path" : "path"}: string, issues: Array<ValidationIssue>): Array<ValidationIssue> `).block(() => {
    emitCollectInline({ module, owner, writer, locals: 0 }, node, "value", "path", hint)
    writer.writeLine("return issues")
  })
}

/** The structure of a node, descriptions left out: equal keys check equally. */
const structureKey = (node: SchemaNode): string => canonicalJson(node, ["description"])

const isComplex = (node: SchemaNode): node is Exclude<SchemaNode, { kind: "ref" | "unknown" | "string" | "number" | "boolean" | "literal" }> =>
  node.kind === "object" || node.kind === "array" || node.kind === "record" || node.kind === "union"

const countOccurrences = (set: SchemaSet): ReadonlyMap<string, ReadonlyArray<string>> => {
  const counts = new Map<string, Array<string>>()
  let owner = ""
  const visit = (node: SchemaNode, root: boolean): void => {
    if (!root && isComplex(node)) {
      const key = structureKey(node)
      const owners = counts.get(key) ?? []
      owners.push(owner)
      counts.set(key, owners)
    }
    switch (node.kind) {
      case "object":
        for (const property of node.properties) visit(property.node, false)
        return
      case "array":
        visit(node.items, false)
        return
      case "record":
        visit(node.value, false)
        return
      case "union":
        for (const variant of node.variants) visit(variant, false)
        return
      default:
        return
    }
  }
  for (const { name, node } of set.named.values()) {
    owner = name
    visit(node, true)
  }
  return counts
}

/**
 * The function suffix of an anonymous node checked through its own functions (made on first use):
 * its path in the named schema (`ScopeAccounts`), without the schema's name when several share it
 * (`Request`).
 */
const functionFor = (fn: FunctionState, node: SchemaNode, hint: string): string => {
  const { module } = fn
  const key = structureKey(node)
  const existing = module.functions.get(key)
  if (existing !== undefined) return existing
  const owners = new Set(module.occurrences.get(key) ?? [fn.owner])
  const base = owners.size > 1 && hint !== "" ? hint : `${fn.owner}${hint}`
  let suffix = base
  for (let count = 2; module.usedNames.has(`is${suffix}`) || module.usedNames.has(`collect${suffix}`); count++) suffix = `${base}${count}`
  module.usedNames.add(`is${suffix}`)
  module.usedNames.add(`collect${suffix}`)
  module.functions.set(key, suffix)
  const writer = makeWriter()
  const described = label(node)
  writeDoc(writer, [`${described.charAt(0).toUpperCase()}${described.slice(1)}: a part with functions of its own (it is repeated, or a union variant).`])
  writeFunctions(module, writer, fn.owner, suffix, node, hint)
  module.pendingFunctions.push(writer.toString())
  return suffix
}

/** True when the node's check is one short statement: not worth a function of its own. */
const isOneLiner = (set: SchemaSet, node: SchemaNode): boolean => {
  switch (node.kind) {
    case "record":
      return acceptsAnything(set, node.value)
    case "object":
      return !node.closed && node.properties.every((property) => !property.required && acceptsAnything(set, property.node))
    case "array":
      return acceptsAnything(set, node.items) && node.minItems === undefined && node.maxItems === undefined
    case "union":
      return literalValues(set, node) !== undefined || acceptsAnything(set, node)
    default:
      return true
  }
}

/** The suffix of the node's own functions when it has (or deserves) them: repeated, or required by a union. */
const sharedFunction = (fn: FunctionState, node: SchemaNode, hint: string, force: boolean): string | undefined => {
  if (!isComplex(node)) return undefined
  const { module } = fn
  if (module.functions.has(structureKey(node))) return module.functions.get(structureKey(node))
  if (isOneLiner(module.set, node)) return undefined
  if (!force && (module.occurrences.get(structureKey(node))?.length ?? 0) < 2) return undefined
  return functionFor(fn, node, hint)
}

// ---------------------------------------------------------------------------------------------
// Names and small expressions
// ---------------------------------------------------------------------------------------------

/** A fresh local: `<base>_<n>`; locals always end in `_<n>`, so they never shadow a module name. */
const local = (fn: FunctionState, base: string): string => {
  const cleaned = base.replace(/[^A-Za-z0-9]/g, "")
  const start = /^[A-Za-z]/.test(cleaned) ? cleaned.charAt(0).toLowerCase() + cleaned.slice(1) : "property"
  fn.locals += 1
  return `${start}_${fn.locals}`
}

/** `PascalCase` of a key, for function names. */
const pascal = (key: string): string => {
  const words = key.split(/[^A-Za-z0-9]+/).filter((word) => word !== "")
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("")
  return /^[A-Za-z]/.test(joined) ? joined : `Property${joined}`
}

const patternName = (fn: FunctionState, pattern: string): string => {
  const existing = fn.module.patterns.get(pattern)
  if (existing !== undefined) return existing
  const name = `PATTERN_${fn.module.patterns.size + 1}`
  fn.module.patterns.set(pattern, name)
  return name
}

const literal = (value: string | number | boolean): string => JSON.stringify(value)

const issue = (path: string, message: string): string =>
  `issues.push({ ${path === "path" ? "path" : `path: ${path}`}, message: ${JSON.stringify(message)} })`

const childPath = (fn: FunctionState, path: string, key: string): string => {
  fn.module.usesPropertyPath = true
  return `propertyPath(${path}, ${key})`
}

const indexPath = (path: string, index: string): string => `\`\${${path}}[\${${index}}]\``

const hasKey = (object: string, key: string): string =>
  unsafeKeys.has(key) ? `Object.prototype.hasOwnProperty.call(${object}, ${JSON.stringify(key)})` : `${JSON.stringify(key)} in ${object}`

const member = (object: string, key: string): string =>
  identifierKey.test(key) && !unsafeKeys.has(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`

const notObjectValue = (value: string): string => `typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})`

/** Wraps a condition joined with `||` or `&&` in parentheses, to combine it with another. */
const parenthesized = (condition: string): string => (condition.includes("||") || condition.includes("&&") ? `(${condition})` : condition)

// ---------------------------------------------------------------------------------------------
// Scalars: one condition that is true when the value is invalid, and the issues it reports
// ---------------------------------------------------------------------------------------------

type ScalarNode = Extract<SchemaNode, { kind: "string" | "number" | "boolean" | "literal" }>

interface Constraint {
  readonly failure: string
  readonly message: string
}

/** The type test (true when the value has the wrong type) and the constraints checked after it. */
const scalarChecks = (
  fn: FunctionState,
  node: ScalarNode,
  value: string
): { readonly typeFailure: string; readonly typeMessage: string; readonly constraints: ReadonlyArray<Constraint> } => {
  switch (node.kind) {
    case "literal":
      return { typeFailure: `${value} !== ${literal(node.value)}`, typeMessage: `must equal ${literal(node.value)}`, constraints: [] }
    case "boolean":
      return { typeFailure: `typeof ${value} !== "boolean"`, typeMessage: "must be a boolean", constraints: [] }
    case "number": {
      const constraints: Array<Constraint> = [
        node.integer
          ? { failure: `!Number.isInteger(${value})`, message: "must be an integer" }
          : { failure: `!Number.isFinite(${value})`, message: "must be a finite number" }
      ]
      if (node.minimum !== undefined) constraints.push({ failure: `${value} < ${node.minimum}`, message: `must be >= ${node.minimum}` })
      if (node.maximum !== undefined) constraints.push({ failure: `${value} > ${node.maximum}`, message: `must be <= ${node.maximum}` })
      if (node.exclusiveMinimum !== undefined) {
        constraints.push({ failure: `${value} <= ${node.exclusiveMinimum}`, message: `must be > ${node.exclusiveMinimum}` })
      }
      if (node.exclusiveMaximum !== undefined) {
        constraints.push({ failure: `${value} >= ${node.exclusiveMaximum}`, message: `must be < ${node.exclusiveMaximum}` })
      }
      return { typeFailure: `typeof ${value} !== "number"`, typeMessage: node.integer ? "must be an integer" : "must be a number", constraints }
    }
    case "string": {
      const constraints: Array<Constraint> = []
      const { minLength, maxLength, pattern } = node
      if (minLength !== undefined && minLength > 0) {
        // A code point takes one or two UTF-16 units: count them only when the length cannot decide.
        let failure = `${value}.length < ${minLength}`
        if (minLength > 1) {
          fn.module.usesCodePointCount = true
          failure = `${value}.length < ${minLength * 2} && (${value}.length < ${minLength} || codePointCount(${value}) < ${minLength})`
        }
        constraints.push({ failure, message: minLength === 1 ? "must be a non-empty string" : `must have at least ${minLength} character(s)` })
      }
      if (maxLength !== undefined) {
        fn.module.usesCodePointCount = true
        constraints.push({
          failure: `${value}.length > ${maxLength} && (${value}.length > ${maxLength * 2} || codePointCount(${value}) > ${maxLength})`,
          message: `must have at most ${maxLength} character(s)`
        })
      }
      if (pattern !== undefined) {
        constraints.push({
          failure: `!${patternName(fn, pattern)}.test(${value})`,
          message: fn.module.options.patternMessages.get(pattern) ?? `must match pattern ${pattern}`
        })
      }
      return { typeFailure: `typeof ${value} !== "string"`, typeMessage: "must be a string", constraints }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Unions
// ---------------------------------------------------------------------------------------------

type Category = "array" | "object" | "string" | "number" | "boolean" | "any"

const categoryOf = (set: SchemaSet, node: SchemaNode): Category => {
  const target = resolve(set, node)
  switch (target.kind) {
    case "object":
    case "record":
      return "object"
    case "array":
    case "string":
    case "number":
    case "boolean":
      return target.kind
    case "literal":
      return typeof target.value === "string" ? "string" : typeof target.value === "number" ? "number" : "boolean"
    case "unknown":
    case "union":
      return "any"
  }
}

const categoryTest = (category: Exclude<Category, "any">, value: string): string =>
  category === "array"
    ? `Array.isArray(${value})`
    : category === "object"
      ? `typeof ${value} === "object" && ${value} !== null`
      : `typeof ${value} === "${category}"`

const label = (node: SchemaNode): string => {
  switch (node.kind) {
    case "ref":
      return node.name
    case "literal":
      return literal(node.value)
    case "array":
      return node.items.kind === "ref" ? `an array of ${node.items.name}` : "an array"
    case "object":
    case "record":
      return "an object"
    case "string":
      return "a string"
    case "number":
      return node.integer ? "an integer" : "a number"
    case "boolean":
      return "a boolean"
    case "unknown":
      return "any value"
    case "union":
      return node.variants.map(label).join(" or ")
  }
}

const literalValues = (set: SchemaSet, union: UnionNode): ReadonlyArray<string | number | boolean> | undefined => {
  const values: Array<string | number | boolean> = []
  for (const variant of union.variants) {
    const target = resolve(set, variant)
    if (target.kind !== "literal") return undefined
    values.push(target.value)
  }
  return values
}

/** A key that every object variant requires with a distinct literal value (e.g. `action`). */
const discriminant = (set: SchemaSet, variants: ReadonlyArray<SchemaNode>): string | undefined => {
  const objects = variants.map((variant) => resolve(set, variant))
  if (!objects.every((target): target is ObjectNode => target.kind === "object")) return undefined
  const [first] = objects
  if (first === undefined) return undefined
  return first.properties
    .map(({ key }) => key)
    .find((key) => {
      const values = objects.map((target) => {
        const property = target.properties.find((candidate) => candidate.key === key)
        const value = property?.required === true ? resolve(set, property.node) : undefined
        return value?.kind === "literal" ? value.value : undefined
      })
      return values.every((value) => value !== undefined) && new Set(values).size === values.length
    })
}

// ---------------------------------------------------------------------------------------------
// The boolean check: statements that `return false` as soon as the value is invalid
// ---------------------------------------------------------------------------------------------

/**
 * A condition true when `value` does not satisfy `node`, when one expression can say it (a
 * reference, a scalar, a one-line check, or a node with its own function); else `undefined`.
 * `force` gives a complex node its own function (a union variant must be one expression).
 */
const failureExpression = (fn: FunctionState, node: SchemaNode, value: string, hint: string, force: boolean): string | undefined => {
  const { set } = fn.module
  switch (node.kind) {
    case "unknown":
      return "false"
    case "ref":
      return `!is${node.name}(${value})`
    case "string":
    case "number":
    case "boolean":
    case "literal": {
      const { typeFailure, constraints } = scalarChecks(fn, node, value)
      return [typeFailure, ...constraints.map(({ failure }) => (failure.includes("&&") ? `(${failure})` : failure))].join(" || ")
    }
    default: {
      if (acceptsAnything(set, node)) return "false"
      const shared = sharedFunction(fn, node, hint, force)
      if (shared !== undefined) return `!is${shared}(${value})`
      if (node.kind === "union") {
        const values = literalValues(set, node)
        if (values !== undefined) return values.map((candidate) => `${value} !== ${literal(candidate)}`).join(" && ")
      }
      if (isOneLiner(set, node)) return node.kind === "array" ? `!Array.isArray(${value})` : notObjectValue(value)
      return undefined
    }
  }
}

/** Statements checking `value` against `node`, through the node's own function when it has one. */
const emitIs = (fn: FunctionState, node: SchemaNode, value: string, hint: string): void => {
  const failure = failureExpression(fn, node, value, hint, false)
  if (failure === "false") return
  if (failure !== undefined) fn.writer.writeLine(`if (${failure}) return false`)
  else emitIsInline(fn, node, value, hint)
}

/** Like `emitIs`, for a value that may be `undefined` (an optional property, which TypeBox then accepts). */
const emitIsOptional = (fn: FunctionState, node: SchemaNode, value: string, hint: string): void => {
  const failure = failureExpression(fn, node, value, hint, false)
  if (failure === "false") return
  if (failure !== undefined) fn.writer.writeLine(`if (${value} !== undefined && ${parenthesized(failure)}) return false`)
  else fn.writer.write(`if (${value} !== undefined) `).block(() => emitIsInline(fn, node, value, hint))
}

const emitIsInline = (fn: FunctionState, node: SchemaNode, value: string, hint: string): void => {
  const { writer } = fn
  const { set } = fn.module
  switch (node.kind) {
    case "unknown":
    case "ref":
    case "string":
    case "number":
    case "boolean":
    case "literal": {
      const failure = failureExpression(fn, node, value, hint, false)
      if (failure !== undefined && failure !== "false") writer.writeLine(`if (${failure}) return false`)
      return
    }
    case "union": {
      if (acceptsAnything(set, node)) return
      const values = literalValues(set, node)
      const failures =
        values !== undefined
          ? values.map((candidate) => `${value} !== ${literal(candidate)}`)
          : node.variants.map((variant, index) => parenthesized(failureExpression(fn, variant, value, `${hint}Variant${index + 1}`, true) ?? "true"))
      writer.writeLine(`if (${failures.join(" && ")}) return false`)
      return
    }
    case "array": {
      writer.writeLine(`if (!Array.isArray(${value})) return false`)
      if (node.minItems !== undefined && node.minItems > 0) writer.writeLine(`if (${value}.length < ${node.minItems}) return false`)
      if (node.maxItems !== undefined) writer.writeLine(`if (${value}.length > ${node.maxItems}) return false`)
      if (acceptsAnything(set, node.items)) return
      const index = local(fn, "index")
      const item = local(fn, "item")
      writer.write(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) `).block(() => {
        writer.writeLine(`const ${item}: unknown = ${value}[${index}]`)
        // `every` skips the holes of a sparse array, and so does TypeBox.
        writer.writeLine(`if (${item} === undefined && !(${index} in ${value})) continue`)
        emitIs(fn, node.items, item, `${hint}Item`)
      })
      return
    }
    case "record": {
      writer.writeLine(`if (${notObjectValue(value)}) return false`)
      if (acceptsAnything(set, node.value)) return
      const object = local(fn, "object")
      const key = local(fn, "key")
      const entry = local(fn, "entry")
      writer.writeLine(`const ${object} = ${value} as Record<string, unknown>`)
      writer.write(`for (const ${key} in ${object}) `).block(() => {
        writer.writeLine(`if (!Object.prototype.hasOwnProperty.call(${object}, ${key}) || !${patternName(fn, node.pattern)}.test(${key})) continue`)
        writer.writeLine(`const ${entry} = ${object}[${key}]`)
        emitIs(fn, node.value, entry, `${hint}Value`)
      })
      return
    }
    case "object": {
      writer.writeLine(`if (${notObjectValue(value)}) return false`)
      const checked = node.properties.filter((property) => property.required || !acceptsAnything(set, property.node))
      if (checked.length === 0 && !node.closed) return
      const object = local(fn, "object")
      writer.writeLine(`const ${object} = ${value} as Record<string, unknown>`)
      for (const property of checked) {
        const propertyHint = `${hint}${pascal(property.key)}`
        if (property.required) {
          writer.writeLine(`if (!(${hasKey(object, property.key)})) return false`)
          if (acceptsAnything(set, property.node)) continue
          const propertyValue = local(fn, property.key)
          writer.writeLine(`const ${propertyValue} = ${member(object, property.key)}`)
          emitIs(fn, property.node, propertyValue, propertyHint)
        } else {
          const optional = (): void => {
            const propertyValue = local(fn, property.key)
            writer.writeLine(`const ${propertyValue} = ${member(object, property.key)}`)
            emitIsOptional(fn, property.node, propertyValue, propertyHint)
          }
          // An inherited `constructor` is not the property: only an own one is checked.
          if (unsafeKeys.has(property.key)) writer.write(`if (${hasKey(object, property.key)}) `).block(optional)
          else optional()
        }
      }
      if (!node.closed) return
      if (node.properties.length === 0) {
        writer.writeLine(`if (Object.getOwnPropertyNames(${object}).length !== 0) return false`)
        return
      }
      const keys = local(fn, "keys")
      const index = local(fn, "index")
      writer.writeLine(`const ${keys} = Object.getOwnPropertyNames(${object})`)
      writer.write(`for (let ${index} = 0; ${index} < ${keys}.length; ${index}++) `).block(() => {
        writer.write(`switch (${keys}[${index}]) `).block(() => {
          for (const property of node.properties) writer.writeLine(`case ${JSON.stringify(property.key)}:`)
          writer.indent(() => writer.writeLine("break"))
          writer.writeLine("default:")
          writer.indent(() => writer.writeLine("return false"))
        })
      })
      return
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The issue collector: runs only on invalid values, reports every issue with its path
// ---------------------------------------------------------------------------------------------

/** Statements pushing the issues of `value`, through the node's own functions when it has them. */
const emitCollect = (fn: FunctionState, node: SchemaNode, value: string, path: string, hint: string): void => {
  if (node.kind === "ref") {
    fn.writer.writeLine(`if (!is${node.name}(${value})) collect${node.name}(${value}, ${path}, issues)`)
    return
  }
  const shared = sharedFunction(fn, node, hint, false)
  if (shared !== undefined) fn.writer.writeLine(`if (!is${shared}(${value})) collect${shared}(${value}, ${path}, issues)`)
  else emitCollectInline(fn, node, value, path, hint)
}

/** Like `emitCollect`, for a value that may be `undefined` (an optional property, which TypeBox then accepts). */
const emitCollectOptional = (fn: FunctionState, node: SchemaNode, value: string, path: string, hint: string): void => {
  const shared = node.kind === "ref" ? node.name : sharedFunction(fn, node, hint, false)
  if (shared !== undefined) {
    fn.writer.writeLine(`if (${value} !== undefined && !is${shared}(${value})) collect${shared}(${value}, ${path}, issues)`)
    return
  }
  fn.writer.write(`if (${value} !== undefined) `).block(() => emitCollectInline(fn, node, value, path, hint))
}

const emitCollectInline = (fn: FunctionState, node: SchemaNode, value: string, path: string, hint: string): void => {
  const { writer } = fn
  const { set } = fn.module
  switch (node.kind) {
    case "unknown":
      return
    case "ref":
      emitCollect(fn, node, value, path, hint)
      return
    case "string":
    case "number":
    case "boolean":
    case "literal": {
      const { typeFailure, typeMessage, constraints } = scalarChecks(fn, node, value)
      writer.writeLine(`if (${typeFailure}) ${issue(path, typeMessage)}`)
      if (constraints.length === 0) return
      if (node.kind === "number") {
        // A non-finite number (or a non-integer) makes the bounds meaningless: report that alone.
        const [kind, ...bounds] = constraints
        if (kind === undefined) return
        writer.writeLine(`else if (${kind.failure}) ${issue(path, kind.message)}`)
        if (bounds.length === 0) return
        writer.write("else ").block(() => {
          for (const bound of bounds) writer.writeLine(`if (${bound.failure}) ${issue(path, bound.message)}`)
        })
        return
      }
      writer.write("else ").block(() => {
        for (const constraint of constraints) writer.writeLine(`if (${constraint.failure}) ${issue(path, constraint.message)}`)
      })
      return
    }
    case "union": {
      if (acceptsAnything(set, node)) return
      const values = literalValues(set, node)
      if (values !== undefined) {
        const failure = values.map((candidate) => `${value} !== ${literal(candidate)}`).join(" && ")
        writer.writeLine(`if (${failure}) ${issue(path, `must be one of: ${values.map(literal).join(", ")}`)}`)
        return
      }
      const everyLabel = `must match one of: ${node.variants.map((variant) => label(variant)).join(", ")}`
      const failures = node.variants.map((variant, index) =>
        parenthesized(failureExpression(fn, variant, value, `${hint}Variant${index + 1}`, true) ?? "true")
      )
      writer.write(`if (${failures.join(" && ")}) `).block(() => {
        const categories = node.variants.map((variant) => categoryOf(set, variant))
        if (categories.includes("any")) {
          writer.writeLine(issue(path, everyLabel))
          return
        }
        const order: ReadonlyArray<Exclude<Category, "any">> = ["array", "object", "string", "number", "boolean"]
        let first = true
        for (const category of order) {
          const group = node.variants.filter((_variant, index) => categories[index] === category)
          if (group.length === 0) continue
          writer.write(`${first ? "" : "else "}if (${categoryTest(category, value)}) `).block(() => emitGroup(fn, group, value, path, hint))
          first = false
        }
        writer.writeLine(`else ${issue(path, everyLabel)}`)
      })
      return
    }
    case "array": {
      writer.writeLine(`if (!Array.isArray(${value})) ${issue(path, "must be an array")}`)
      const minItems = node.minItems !== undefined && node.minItems > 0 ? node.minItems : undefined
      const trivialItems = acceptsAnything(set, node.items)
      if (minItems === undefined && node.maxItems === undefined && trivialItems) return
      writer.write("else ").block(() => {
        if (minItems !== undefined) writer.writeLine(`if (${value}.length < ${minItems}) ${issue(path, `must have at least ${minItems} item(s)`)}`)
        if (node.maxItems !== undefined) {
          writer.writeLine(`if (${value}.length > ${node.maxItems}) ${issue(path, `must have at most ${node.maxItems} item(s)`)}`)
        }
        if (trivialItems) return
        const index = local(fn, "index")
        const item = local(fn, "item")
        writer.write(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) `).block(() => {
          writer.writeLine(`const ${item}: unknown = ${value}[${index}]`)
          writer.writeLine(`if (${item} === undefined && !(${index} in ${value})) continue`)
          emitCollect(fn, node.items, item, indexPath(path, index), `${hint}Item`)
        })
      })
      return
    }
    case "record": {
      writer.writeLine(`if (${notObjectValue(value)}) ${issue(path, "must be an object")}`)
      if (acceptsAnything(set, node.value)) return
      writer.write("else ").block(() => {
        const object = local(fn, "object")
        const key = local(fn, "key")
        const entry = local(fn, "entry")
        writer.writeLine(`const ${object} = ${value} as Record<string, unknown>`)
        writer.write(`for (const ${key} in ${object}) `).block(() => {
          writer.writeLine(`if (!Object.prototype.hasOwnProperty.call(${object}, ${key}) || !${patternName(fn, node.pattern)}.test(${key})) continue`)
          writer.writeLine(`const ${entry} = ${object}[${key}]`)
          emitCollect(fn, node.value, entry, childPath(fn, path, key), `${hint}Value`)
        })
      })
      return
    }
    case "object": {
      writer.writeLine(`if (${notObjectValue(value)}) ${issue(path, "must be an object")}`)
      const checked = node.properties.filter((property) => property.required || !acceptsAnything(set, property.node))
      if (checked.length === 0 && !node.closed) return
      writer.write("else ").block(() => {
        const object = local(fn, "object")
        writer.writeLine(`const ${object} = ${value} as Record<string, unknown>`)
        for (const property of checked) {
          const propertyPath = childPath(fn, path, JSON.stringify(property.key))
          const propertyHint = `${hint}${pascal(property.key)}`
          const missing = `if (!(${hasKey(object, property.key)})) ${issue(propertyPath, "is required")}`
          if (property.required && acceptsAnything(set, property.node)) {
            writer.writeLine(missing)
            continue
          }
          const propertyValue = local(fn, property.key)
          const check = (): void => {
            writer.writeLine(`const ${propertyValue} = ${member(object, property.key)}`)
            if (property.required) emitCollect(fn, property.node, propertyValue, propertyPath, propertyHint)
            else emitCollectOptional(fn, property.node, propertyValue, propertyPath, propertyHint)
          }
          if (property.required) {
            writer.writeLine(missing)
            writer.write("else ").block(check)
          } else if (unsafeKeys.has(property.key)) writer.write(`if (${hasKey(object, property.key)}) `).block(check)
          else check()
        }
        if (!node.closed) return
        const keys = local(fn, "keys")
        const index = local(fn, "index")
        const key = local(fn, "key")
        const unknownKey = issue(childPath(fn, path, key), "is not allowed (unknown property)")
        writer.writeLine(`const ${keys} = Object.getOwnPropertyNames(${object})`)
        writer.write(`for (let ${index} = 0; ${index} < ${keys}.length; ${index}++) `).block(() => {
          writer.writeLine(`const ${key} = ${keys}[${index}] as string`)
          if (node.properties.length === 0) {
            writer.writeLine(unknownKey)
            return
          }
          writer.write(`switch (${key}) `).block(() => {
            for (const property of node.properties) writer.writeLine(`case ${JSON.stringify(property.key)}:`)
            writer.indent(() => writer.writeLine("break"))
            writer.writeLine("default:")
            writer.indent(() => writer.writeLine(unknownKey))
          })
        })
      })
      return
    }
  }
}

/** Issues of a value whose type matches several variants of a union: pick the one it claims to be. */
const emitGroup = (fn: FunctionState, group: ReadonlyArray<SchemaNode>, value: string, path: string, hint: string): void => {
  const { set } = fn.module
  const { writer } = fn
  const [only] = group
  if (group.length === 1 && only !== undefined) {
    emitCollect(fn, only, value, path, hint)
    return
  }
  const groupLabel = `must match one of: ${group.map((variant) => label(variant)).join(", ")}`
  const targets = group.map((variant) => resolve(set, variant))
  const literals = targets.flatMap((target) => (target.kind === "literal" ? [target.value] : []))
  if (literals.length === targets.length) {
    writer.writeLine(issue(path, `must be one of: ${literals.map(literal).join(", ")}`))
    return
  }
  const key = discriminant(set, group)
  if (key === undefined) {
    writer.writeLine(issue(path, groupLabel))
    return
  }
  const tag = local(fn, key)
  writer.writeLine(`const ${tag} = ${member(`(${value} as Record<string, unknown>)`, key)}`)
  group.forEach((variant, index) => {
    const target = resolve(set, variant)
    const property = target.kind === "object" ? target.properties.find((candidate) => candidate.key === key) : undefined
    const tagNode = property === undefined ? undefined : resolve(set, property.node)
    if (tagNode?.kind !== "literal") return
    writer.write(`${index === 0 ? "" : "else "}if (${tag} === ${literal(tagNode.value)}) `).block(() => emitCollect(fn, variant, value, path, `${hint}Variant${index + 1}`))
  })
  writer.writeLine(`else ${issue(path, groupLabel)}`)
}
