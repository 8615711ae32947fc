import { readFileSync } from "node:fs"
import type { CodeBlockWriter } from "ts-morph"
import { makeWriter, printSourceFile, writeDoc } from "./print-source-file.ts"
import { acceptsAnything, canonicalJson, resolve, type ObjectNode, type SchemaNode, type SchemaSet, type UnionNode } from "./schema-node.ts"

// `validators.ts`: plain, eval-free code that agrees with TypeBox's `Value.Check` (default
// settings) on what is valid, except that it also requires plain objects, and reports every issue
// with a code-style path.
//
// Each named schema X (and each repeated part or union variant) gets one function,
// `checkX(value, issues?, path?): boolean`, run in one of two modes:
// - checking (no `issues`): the hot path; returns false at the first failure, builds no path and
//   allocates nothing except the own-key list of a closed object (TypeBox rejects any own property
//   name outside `properties`, enumerable or not);
// - collecting (`issues` given, run only when checking failed): records every issue with its path
//   and goes on (it then returns true, which its callers ignore).
// One statement serves both: `if (failed && fail(issues, path, message, key)) return false`, where
// `fail` returns true (stop) when checking, and records the issue and returns false when collecting.
// `export const validateX: Validator` runs `checkX(value) ? NO_ISSUES : collect(checkX, value)`.
//
// Unknown keys: an object with `additionalProperties: false` always refuses them; one without the
// keyword accepts them (forward compatible, like JSON Schema and the official schemas) unless the
// validator was called with `{ strict: true }`. The mode lives in one module-level flag that
// `validateX` sets for the duration of its (synchronous) run and restores after, so the check
// functions keep their signature and the default mode costs no key loop at all.
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
// Deliberately stricter: an object or a record must be a plain object (its prototype is
// `Object.prototype` or `null`), else one issue "must be a plain object". `Value.Check` accepts a
// `Date`, a `Map` or a class instance where an object without required keys is expected, and
// `JSON.stringify` would then send something else (a `Date` becomes a string).

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
  /** The named schemas each anonymous node occurs in, with repeats (by structure): a repeated one gets its own function. */
  readonly occurrences: ReadonlyMap<string, ReadonlyArray<string>>
  /** Anonymous nodes that have their own `check` function: structure -> function suffix. */
  readonly functions: Map<string, string>
  /** Text of functions made while writing another, written out after it. */
  readonly pendingFunctions: Array<string>
  readonly usedNames: Set<string>
}

interface FunctionState {
  readonly module: ModuleState
  /** The named schema being written, for the names of functions made on the way. */
  readonly owner: string
  readonly writer: CodeBlockWriter
  locals: number
}

export const unsafeKeys = new Set(["__proto__", "constructor", "prototype"])
const identifierKey = /^[A-Za-z_$][\w$]*$/

/** The runtime module every `validators.ts` imports (`./validator-runtime.ts`), and the names it exports. */
const RUNTIME_FILE = "validator-runtime.ts"
const runtimeValues = ["at", "codePointCount", "fail", "failObject", "isPlainObject", "NO_ISSUES", "refuseUnknownKeys", "run"] as const

/**
 * `validator-runtime.ts`: the helpers, as written in `src/validator-runtime.ts` (a real module,
 * linted and type-checked with this package). Read from `../src/` so it works from `src/` (tests)
 * and from `dist/` (the CLI) alike.
 */
export const emitValidatorRuntime = (): string => {
  const source = readFileSync(new URL("../src/validator-runtime.ts", import.meta.url), "utf8")
  return printSourceFile("validator-runtime", RUNTIME_FILE, (writer) => writer.write(source))
}

/** Emits `validators.ts` for every named schema. */
export const emitValidators = (set: SchemaSet, options: ValidatorOptions): string => {
  const state: ModuleState = {
    set,
    options,
    patterns: new Map(),
    occurrences: countOccurrences(set),
    functions: new Map(),
    pendingFunctions: [],
    usedNames: new Set([...set.named.keys()].map((name) => `check${name}`)),
  }
  const body = makeWriter()
  for (const { name, node } of set.named.values()) {
    writeDoc(body, [
      `Validates a value against \`${name}\`${node.description === undefined ? "." : `: ${node.description}`}`,
      "Returns every issue (path and message), or the shared `NO_ISSUES` when the value is valid."
    ])
    body.writeLine(`export const validate${name}: Validator = (value: unknown, options?: ValidationOptions): ReadonlyArray<ValidationIssue> =>`)
    body.indent().write(`run(check${name}, value, options)`).newLine()
    body.blankLine()
    writeFunction(state, body, name, name, node, "")
    body.blankLine()
    for (const text of state.pendingFunctions.splice(0)) body.write(text).newLine().blankLine()
  }

  const code = body.toString()
  // Only the helpers the checks call are imported (an unused import fails `noUnusedLocals`).
  const calls = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\]|\\.)*"/g, '""')
  const used = runtimeValues.filter((name) => name !== "NO_ISSUES" && new RegExp(`\\b${name}\\b`).test(calls))
  return printSourceFile("validators", "validators.ts", (writer) => {
    const names = [...used, "type ValidationIssue", "type ValidationOptions", "type Validator"]
    writer.writeLine(`import { ${names.join(", ")} } from "./${RUNTIME_FILE}"`)
    writer.blankLine()
    for (const [pattern, name] of state.patterns) {
      writer.writeLine(`const ${name} = /${new RegExp(pattern, "u").source}/u`)
    }
    if (state.patterns.size > 0) writer.blankLine()
    writer.write(code)
  })
}

/** `check<suffix>` for `node`, checked inline (not through its own function). */
const writeFunction = (module: ModuleState, writer: CodeBlockWriter, owner: string, suffix: string, node: SchemaNode, hint: string): void => {
  const inner = makeWriter()
  emitChecks({ module, owner, writer: inner, locals: 0 }, node, "value", "path", undefined, hint, true)
  const text = inner.toString()
  // A parameter the body does not use (outside string literals) gets a leading underscore.
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, '""')
  const parameter = (name: string): string => (new RegExp(`\\b${name}\\b`).test(code) ? name : `_${name}`)
  writer.write(`function check${suffix}(${parameter("value")}: unknown, ${parameter("issues")}?: Array<ValidationIssue>, ${parameter("path")}?: string): boolean `).block(() => {
    if (text !== "") writer.write(text)
    writer.writeLine("return true")
  })
}

/** The structure of a node, descriptions left out: equal keys check equally. */
export const structureKey = (node: SchemaNode): string => canonicalJson(node, ["description"])

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
  for (let count = 2; module.usedNames.has(`check${suffix}`); count++) suffix = `${base}${count}`
  module.usedNames.add(`check${suffix}`)
  module.functions.set(key, suffix)
  const writer = makeWriter()
  const described = label(node)
  writeDoc(writer, [`${described.charAt(0).toUpperCase()}${described.slice(1)}: a part with a function of its own (it is repeated, or a union variant).`])
  writeFunction(module, writer, fn.owner, suffix, node, hint)
  module.pendingFunctions.push(writer.toString())
  return suffix
}

/** True when the node's check is one short statement: not worth a function of its own. */
const isOneLiner = (set: SchemaSet, node: SchemaNode): boolean => {
  switch (node.kind) {
    case "record":
      return acceptsAnything(set, node.value)
    case "object":
      return !node.closed && !node.closedWhenStrict && node.properties.every((property) => !property.required && acceptsAnything(set, property.node))
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

const hasKey = (object: string, key: string): string =>
  unsafeKeys.has(key) ? `Object.prototype.hasOwnProperty.call(${object}, ${JSON.stringify(key)})` : `${JSON.stringify(key)} in ${object}`

const member = (object: string, key: string): string =>
  identifierKey.test(key) && !unsafeKeys.has(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`

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
          failure = `${value}.length < ${minLength * 2} && (${value}.length < ${minLength} || codePointCount(${value}) < ${minLength})`
        }
        constraints.push({ failure, message: minLength === 1 ? "must be a non-empty string" : `must have at least ${minLength} character(s)` })
      }
      if (maxLength !== undefined) {
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

export const categoryOf = (set: SchemaSet, node: SchemaNode): Category => {
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

export const label = (node: SchemaNode): string => {
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

export const literalValues = (set: SchemaSet, union: UnionNode): ReadonlyArray<string | number | boolean> | undefined => {
  const values: Array<string | number | boolean> = []
  for (const variant of union.variants) {
    const target = resolve(set, variant)
    if (target.kind !== "literal") return undefined
    values.push(target.value)
  }
  return values
}

/** A key that every object variant requires with a distinct literal value (e.g. `action`). */
export const discriminant = (set: SchemaSet, variants: ReadonlyArray<SchemaNode>): string | undefined => {
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
// The check: statements that, checking, `return false` at the first failure and, collecting,
// record every issue
// ---------------------------------------------------------------------------------------------

/** True when `condition` has a `||` or a `?:` outside parentheses and strings. */
const hasLooseOperator = (condition: string): boolean => {
  let depth = 0
  for (let index = 0; index < condition.length; index++) {
    const char = condition.charAt(index)
    if (char === '"') {
      // A JSON string literal: skip to its closing quote.
      for (index++; index < condition.length && condition.charAt(index) !== '"'; index++) if (condition.charAt(index) === "\\") index++
    } else if (char === "(" || char === "[") depth++
    else if (char === ")" || char === "]") depth--
    else if (depth === 0 && (char === "?" || condition.startsWith("||", index))) return true
  }
  return false
}

/** A condition parenthesized when needed to combine it with `&&`. */
const grouped = (condition: string): string => (hasLooseOperator(condition) ? `(${condition})` : condition)

// On the hot path the type and prototype tests are written out, not calls to helpers: V8 inlines
// only so much into one function, and a helper left as a call costs more than the test.

/** True when `value` is not an object, or is an array. */
const notObject = (value: string): string => `typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})`

/** True when the object `object` is not plain: its prototype is neither `Object.prototype` nor `null`. */
const notPlain = (object: string): string => `Object.getPrototypeOf(${object}) !== Object.prototype && Object.getPrototypeOf(${object}) !== null`

/** The path of a child (at `key`) handed to its check: built only when collecting. */
const childPath = (path: string, key: string | undefined): string => (key === undefined ? path : `issues && at(${path}, ${key})`)

/** `fail(...)`: records `message` at `path` (or its `key`) when collecting; true (stop) when checking. */
const failCall = (path: string, message: string, key: string | undefined): string =>
  `fail(issues, ${path}, ${JSON.stringify(message)}${key === undefined ? "" : `, ${key}`})`

/**
 * One expression for the check of `value` against `node`, when one can say it (a reference, a
 * scalar, a one-line check, or a node with its own function): true means stop (checking, and the
 * value is invalid); collecting, it records the issues and is false. Else `undefined`.
 */
const checkExpression = (fn: FunctionState, node: SchemaNode, value: string, path: string, key: string | undefined, hint: string, own = false): string | undefined => {
  const { set } = fn.module
  switch (node.kind) {
    case "unknown":
      return "false"
    case "ref":
      return `!check${node.name}(${value}, issues, ${childPath(path, key)})`
    case "string":
    case "number":
    case "boolean":
    case "literal": {
      const { typeFailure, typeMessage, constraints } = scalarChecks(fn, node, value)
      const typeCheck = `${typeFailure} ? ${failCall(path, typeMessage, key)} : `
      const each = (list: ReadonlyArray<Constraint>): string => list.map((constraint) => `(${constraint.failure} && ${failCall(path, constraint.message, key)})`).join(" || ")
      const [first, ...rest] = constraints
      if (first === undefined) return `${typeFailure} && ${failCall(path, typeMessage, key)}`
      if (node.kind === "number") {
        // A non-finite number (or a non-integer) makes the bounds meaningless: report that alone.
        const kindCheck = `${first.failure} ? ${failCall(path, first.message, key)} : `
        return rest.length === 0 ? `${typeCheck}${first.failure} && ${failCall(path, first.message, key)}` : `${typeCheck}${kindCheck}${each(rest)}`
      }
      return constraints.length === 1 ? `${typeCheck}${grouped(first.failure)} && ${failCall(path, first.message, key)}` : `${typeCheck}${each(constraints)}`
    }
    default: {
      if (acceptsAnything(set, node)) return "false"
      const shared = own ? undefined : sharedFunction(fn, node, hint, false)
      if (shared !== undefined) return `!check${shared}(${value}, issues, ${childPath(path, key)})`
      if (node.kind === "union") {
        const values = literalValues(set, node)
        if (values === undefined) return undefined
        const failure = values.map((candidate) => `${value} !== ${literal(candidate)}`).join(" && ")
        return `${failure} && ${failCall(path, `must be one of: ${values.map(literal).join(", ")}`, key)}`
      }
      if (!isOneLiner(set, node)) return undefined
      if (node.kind === "array") return `!Array.isArray(${value}) && ${failCall(path, "must be an array", key)}`
      return `!isPlainObject(${value}) && failObject(issues, ${path}, ${value}${key === undefined ? "" : `, ${key}`})`
    }
  }
}

/**
 * A condition true when `value` does not satisfy `node`, for the union tests (checking only), when
 * one expression can say it; else `undefined`. `force` gives a complex node its own function (a
 * union variant must be one expression).
 */
const failureExpression = (fn: FunctionState, node: SchemaNode, value: string, hint: string, force: boolean): string | undefined => {
  const { set } = fn.module
  switch (node.kind) {
    case "unknown":
      return "false"
    case "ref":
      return `!check${node.name}(${value})`
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
      if (shared !== undefined) return `!check${shared}(${value})`
      if (node.kind === "union") {
        const values = literalValues(set, node)
        if (values !== undefined) return values.map((candidate) => `${value} !== ${literal(candidate)}`).join(" && ")
      }
      if (isOneLiner(set, node)) return node.kind === "array" ? `!Array.isArray(${value})` : `!isPlainObject(${value})`
      return undefined
    }
  }
}

/** The path of a container's children: its own when it is the function's value, else a local built only when collecting. */
const containerPath = (fn: FunctionState, path: string, key: string | undefined): string => {
  if (key === undefined) return path
  const name = local(fn, "path")
  fn.writer.writeLine(`const ${name} = ${childPath(path, key)}`)
  return name
}

/** Statements checking `value` (at `path`, or at its `key`) against `node`; `own`: in the node's own function (not a call to it). */
const emitChecks = (fn: FunctionState, node: SchemaNode, value: string, path: string, key: string | undefined, hint: string, own = false): void => {
  const { writer } = fn
  const { set } = fn.module
  const expression = checkExpression(fn, node, value, path, key, hint, own)
  if (expression === "false") return
  if (expression !== undefined) {
    writer.writeLine(`if (${expression}) return false`)
    return
  }
  switch (node.kind) {
    case "union": {
      const failures = node.variants.map((variant, index) => grouped(failureExpression(fn, variant, value, `${hint}Variant${index + 1}`, true) ?? "true"))
      writer.write(`if (${failures.join(" && ")}) `).block(() => {
        writer.writeLine("if (issues === undefined) return false")
        // Collecting from here on: find the variant the value claims to be, and report its issues.
        const unionPath = key === undefined ? path : local(fn, "path")
        if (key !== undefined) writer.writeLine(`const ${unionPath} = at(${path}, ${key})`)
        const everyLabel = `must match one of: ${node.variants.map((variant) => label(variant)).join(", ")}`
        const categories = node.variants.map((variant) => categoryOf(set, variant))
        if (categories.includes("any")) {
          writer.writeLine(`${failCall(unionPath, everyLabel, undefined)}`)
          return
        }
        const order: ReadonlyArray<Exclude<Category, "any">> = ["array", "object", "string", "number", "boolean"]
        let first = true
        for (const category of order) {
          const group = node.variants.filter((_variant, index) => categories[index] === category)
          if (group.length === 0) continue
          writer.write(`${first ? "" : "else "}if (${categoryTest(category, value)}) `).block(() => emitGroup(fn, group, value, unionPath, hint))
          first = false
        }
        writer.writeLine(`else ${failCall(unionPath, everyLabel, undefined)}`)
      })
      return
    }
    case "array": {
      writer.write(`if (!Array.isArray(${value})) `).block(() => writer.writeLine(`if (${failCall(path, "must be an array", key)}) return false`))
      writer.write("else ").block(() => {
        if (node.minItems !== undefined && node.minItems > 0) {
          writer.writeLine(`if (${value}.length < ${node.minItems} && ${failCall(path, `must have at least ${node.minItems} item(s)`, key)}) return false`)
        }
        if (node.maxItems !== undefined) {
          writer.writeLine(`if (${value}.length > ${node.maxItems} && ${failCall(path, `must have at most ${node.maxItems} item(s)`, key)}) return false`)
        }
        if (acceptsAnything(set, node.items)) return
        const itemsPath = containerPath(fn, path, key)
        const index = local(fn, "index")
        const item = local(fn, "item")
        writer.write(`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) `).block(() => {
          writer.writeLine(`const ${item}: unknown = ${value}[${index}]`)
          // `every` skips the holes of a sparse array, and so does TypeBox.
          writer.writeLine(`if (${item} === undefined && !(${index} in ${value})) continue`)
          emitChecks(fn, node.items, item, itemsPath, index, `${hint}Item`)
        })
      })
      return
    }
    case "record": {
      writer.write(`if (${notObject(value)}) `).block(() => writer.writeLine(`if (${failCall(path, "must be an object", key)}) return false`))
      writer.write(`else if (${notPlain(value)}) `).block(() => writer.writeLine(`if (${failCall(path, "must be a plain object", key)}) return false`))
      writer.write("else ").block(() => {
        const object = local(fn, "object")
        writer.writeLine(`const ${object} = ${value} as Record<string, unknown>`)
        const entriesPath = containerPath(fn, path, key)
        const entryKey = local(fn, "key")
        const entry = local(fn, "entry")
        writer.write(`for (const ${entryKey} in ${object}) `).block(() => {
          writer.writeLine(`if (!Object.prototype.hasOwnProperty.call(${object}, ${entryKey}) || !${patternName(fn, node.pattern)}.test(${entryKey})) continue`)
          writer.writeLine(`const ${entry} = ${object}[${entryKey}]`)
          emitChecks(fn, node.value, entry, entriesPath, entryKey, `${hint}Value`)
        })
      })
      return
    }
    case "object": {
      writer.write(`if (${notObject(value)}) `).block(() => writer.writeLine(`if (${failCall(path, "must be an object", key)}) return false`))
      writer.write("else ").block(() => {
        const object = local(fn, "object")
        writer.writeLine(`const ${object} = ${value} as Record<string, unknown>`)
        // The first property read comes before the prototype test: V8 then knows the object's
        // shape and folds `Object.getPrototypeOf` to a constant (else it is a call, on every object).
        const first = node.properties.find((property) => !acceptsAnything(set, property.node))
        const read = first === undefined ? undefined : { key: first.key, local: local(fn, first.key) }
        if (read !== undefined) writer.writeLine(`const ${read.local} = ${member(object, read.key)}`)
        writer.write(`if (${notPlain(object)}) `).block(() => writer.writeLine(`if (${failCall(path, "must be a plain object", key)}) return false`))
        writer.write("else ").block(() => emitProperties(fn, node, object, containerPath(fn, path, key), hint, read))
      })
      return
    }
    default:
      return
  }
}

/** The properties of a plain object `object` (at `path`): required, optional, then unknown keys. */
const emitProperties = (
  fn: FunctionState,
  node: ObjectNode,
  object: string,
  path: string,
  hint: string,
  read: { readonly key: string; readonly local: string } | undefined
): void => {
  const { writer } = fn
  const { set } = fn.module
  for (const property of node.properties) {
    const quoted = JSON.stringify(property.key)
    const trivial = acceptsAnything(set, property.node)
    const required = failCall(path, "is required", quoted)
    if (trivial) {
      if (property.required) writer.writeLine(`if (!(${hasKey(object, property.key)}) && ${required}) return false`)
      continue
    }
    const propertyValue = read?.key === property.key ? read.local : local(fn, property.key)
    if (propertyValue !== read?.local) writer.writeLine(`const ${propertyValue} = ${member(object, property.key)}`)
    // A value read is there; else `in` decides (it can be an own property holding `undefined`).
    // An inherited `constructor` is not the property: only an own one counts.
    const unsafe = unsafeKeys.has(property.key)
    const present = unsafe ? `${hasKey(object, property.key)}` : undefined
    const missing = unsafe ? `!${present}` : `${propertyValue} === undefined && !(${hasKey(object, property.key)})`
    const propertyHint = `${hint}${pascal(property.key)}`
    const expression = checkExpression(fn, property.node, propertyValue, path, quoted, propertyHint)
    const check = (): void => emitChecks(fn, property.node, propertyValue, path, quoted, propertyHint)
    if (property.required) {
      if (expression !== undefined) writer.writeLine(`if (${missing} ? ${required} : ${expression}) return false`)
      else {
        writer.write(`if (${missing}) `).block(() => writer.writeLine(`if (${required}) return false`))
        writer.write("else ").block(check)
      }
      continue
    }
    const given = `${present === undefined ? "" : `${present} && `}${propertyValue} !== undefined`
    if (expression !== undefined) writer.writeLine(`if (${given} && ${grouped(expression)}) return false`)
    else writer.write(`if (${given}) `).block(check)
  }
  if (node.closed) emitUnknownKeys(fn, node, object, path)
  else if (node.closedWhenStrict) writer.write("if (refuseUnknownKeys) ").block(() => emitUnknownKeys(fn, node, object, path))
}

/** Refuses every own property name of `object` (at `path`) outside the node's properties. */
const emitUnknownKeys = (fn: FunctionState, node: ObjectNode, object: string, path: string): void => {
  const { writer } = fn
  const keys = local(fn, "keys")
  const index = local(fn, "index")
  const unknownKey = failCall(path, "is not allowed (unknown property)", `${keys}[${index}]`)
  writer.writeLine(`const ${keys} = Object.getOwnPropertyNames(${object})`)
  writer.write(`for (let ${index} = 0; ${index} < ${keys}.length; ${index}++) `).block(() => {
    if (node.properties.length === 0) {
      writer.writeLine(`if (${unknownKey}) return false`)
      return
    }
    writer.write(`switch (${keys}[${index}]) `).block(() => {
      for (const property of node.properties) writer.writeLine(`case ${JSON.stringify(property.key)}:`)
      writer.indent(() => writer.writeLine("break"))
      writer.writeLine("default:")
      writer.indent(() => writer.writeLine(`if (${unknownKey}) return false`))
    })
  })
}

/**
 * Issues (collecting) of a value whose type matches several variants of a union: pick the one it
 * claims to be. `path` is the union's own path.
 */
const emitGroup = (fn: FunctionState, group: ReadonlyArray<SchemaNode>, value: string, path: string, hint: string): void => {
  const { set } = fn.module
  const { writer } = fn
  const [only] = group
  if (group.length === 1 && only !== undefined) {
    emitChecks(fn, only, value, path, undefined, hint)
    return
  }
  const groupLabel = `must match one of: ${group.map((variant) => label(variant)).join(", ")}`
  const targets = group.map((variant) => resolve(set, variant))
  const literals = targets.flatMap((target) => (target.kind === "literal" ? [target.value] : []))
  if (literals.length === targets.length) {
    writer.writeLine(failCall(path, `must be one of: ${literals.map(literal).join(", ")}`, undefined))
    return
  }
  const objects = targets.every((target) => target.kind === "object" || target.kind === "record")
  const key = discriminant(set, group)
  const dispatch = (): void => {
    if (key === undefined) {
      writer.writeLine(failCall(path, groupLabel, undefined))
      return
    }
    const tag = local(fn, key)
    writer.writeLine(`const ${tag} = ${member(`(${value} as Record<string, unknown>)`, key)}`)
    group.forEach((variant, index) => {
      const target = resolve(set, variant)
      const property = target.kind === "object" ? target.properties.find((candidate) => candidate.key === key) : undefined
      const tagNode = property === undefined ? undefined : resolve(set, property.node)
      if (tagNode?.kind !== "literal") return
      writer.write(`${index === 0 ? "" : "else "}if (${tag} === ${literal(tagNode.value)}) `).block(() => emitChecks(fn, variant, value, path, undefined, `${hint}Variant${index + 1}`))
    })
    writer.writeLine(`else ${failCall(path, groupLabel, undefined)}`)
  }
  if (!objects) {
    dispatch()
    return
  }
  // Objects only: a `Date`, a `Map`... is not one of them, whatever its keys.
  writer.write(`if (!isPlainObject(${value}) && !Array.isArray(${value})) `).block(() => writer.writeLine(failCall(path, "must be a plain object", undefined)))
  writer.write("else ").block(dispatch)
}
