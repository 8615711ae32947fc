// The runtime every generated `validators.ts` imports. `emitValidators` copies this file, as it
// is, to `generated/validator-runtime.ts` (after the generated header): it is written here as a
// real module so it is type-checked and linted as code, not kept in a template string. It
// imports nothing, so the generated folder stays a leaf; the hand-written `validation-issue.ts`
// re-exports its public types.

/**
 * One problem found by a validator. `path` names the offending value the way you would
 * write it in code, from the validated root: `request.scope.conversations[0].messages`
 * (the empty string for the root itself).
 */
export interface ValidationIssue {
  readonly path: string
  readonly message: string
}

/** How a validator runs. */
export interface ValidationOptions {
  /**
   * Refuse unknown properties ("is not allowed (unknown property)", with their path) in every
   * object the schema does not declare open. Off by default: like the official schemas, unknown
   * properties pass through unchanged, so a field the service adds tomorrow can be sent today.
   */
  readonly strict?: boolean
}

/** A validator returns every issue it finds, or the shared empty array when the value is valid. */
export type Validator = (value: unknown, options?: ValidationOptions) => ReadonlyArray<ValidationIssue>

/** Shared empty result so a valid value allocates nothing. */
export const NO_ISSUES: ReadonlyArray<ValidationIssue> = Object.freeze([])

/** A generated `check<Name>`: checking without `issues`, collecting with them. */
type Check = (value: unknown, issues?: Array<ValidationIssue>, path?: string) => boolean

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** The path of `key` under `path`: `path.key`, `path["key"]` when the key is not an identifier, `path[0]` for an index; the root is "". */
export function at(path: string | undefined, key: string | number): string {
  const parent = path ?? ""
  if (typeof key === "number") return `${parent}[${key}]`
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`
  return parent === "" ? key : `${parent}.${key}`
}

/**
 * A failed check at `path` (or at its `key`). Checking only (no `issues`): returns true, the caller
 * stops (the value is invalid). Collecting: records the issue and returns false, the caller goes on.
 */
export function fail(issues: Array<ValidationIssue> | undefined, path: string | undefined, message: string, key?: string | number): boolean {
  if (issues === undefined) return true
  issues.push({ path: key === undefined ? (path ?? "") : at(path, key), message })
  return false
}

/** A plain object: its prototype is `Object.prototype` or `null` (a literal, `JSON.parse`, `Object.create(null)`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** `fail` for a value that is not a plain object: not an object at all, or a `Date`, `Map`, class instance... */
export function failObject(issues: Array<ValidationIssue> | undefined, path: string | undefined, value: unknown, key?: string | number): boolean {
  const object = typeof value === "object" && value !== null && !Array.isArray(value)
  return fail(issues, path, object ? "must be a plain object" : "must be an object", key)
}

/** Every issue of a value `check` rejected: `check` again, collecting. */
function collect(check: Check, value: unknown): ReadonlyArray<ValidationIssue> {
  const issues: Array<ValidationIssue> = []
  check(value, issues, "")
  return issues
}

/**
 * True while a validator called with `{ strict: true }` runs: objects without `additionalProperties`
 * then refuse unknown keys. Only `run` writes it; the generated checks read it (a live binding).
 */
export let refuseUnknownKeys: boolean = false

/** Runs `check` in the mode `options` asks for (restoring the previous mode, should a getter validate in between). */
export function run(check: Check, value: unknown, options: ValidationOptions | undefined): ReadonlyArray<ValidationIssue> {
  const previous = refuseUnknownKeys
  refuseUnknownKeys = options?.strict === true
  try {
    return check(value) ? NO_ISSUES : collect(check, value)
  } finally {
    refuseUnknownKeys = previous
  }
}

/** Length of `value` in Unicode code points (a surrogate pair counts once), as TypeBox measures `minLength`/`maxLength`. */
export function codePointCount(value: string): number {
  let count = 0
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    const previous = index > 0 ? value.charCodeAt(index - 1) : 0
    if (code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) continue
    count++
  }
  return count
}
