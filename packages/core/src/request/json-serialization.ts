import type { ValidationIssue } from "../validation-issue.ts"

/**
 * Finds what `JSON.stringify` cannot write (a bigint, a cycle), with its path in the same
 * notation as the validators. Runs only after stringify failed, so it may be slow.
 */
const findUnserializable = (value: unknown, path: string, ancestors: Array<unknown>): ValidationIssue | undefined => {
  if (typeof value === "bigint") return { path, message: "must be JSON-serializable (a bigint is not)" }
  if (value === null || typeof value !== "object") return undefined
  if (ancestors.includes(value)) return { path, message: "must be JSON-serializable (it refers back to itself)" }
  ancestors.push(value)
  const entries = Array.isArray(value) ? value.map((item, index) => [`[${index}]`, item] as const) : Object.entries(value).map(([key, item]) => [/^[A-Za-z_$][\w$]*$/.test(key) ? `${path === "" ? "" : "."}${key}` : `[${JSON.stringify(key)}]`, item] as const)
  for (const [segment, item] of entries) {
    const found = findUnserializable(item, path + segment, ancestors)
    if (found !== undefined) return found
  }
  ancestors.pop()
  return undefined
}

/**
 * `JSON.stringify(value)`, or the issue that made it fail (never a bare `TypeError`), located
 * in `payload` (the caller's part of the value, whose paths the caller knows).
 */
export const serializeJson = (value: unknown, payload: unknown = value): string | ValidationIssue => {
  try {
    return JSON.stringify(value)
  } catch (error) {
    return (
      findUnserializable(payload, "", []) ?? { path: "", message: `must be JSON-serializable (${error instanceof Error ? error.message : "stringify failed"})` }
    )
  }
}
