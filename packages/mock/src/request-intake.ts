// Intake: reading what a front door received (JSON text, a bearer header) into values the engine
// can check, and describing what was wrong with it, before any scenario is played.
import type { RequestIssue } from "./request-record.ts"

export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value)
export const nonEmptyString = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined)
export const describeIssues = (issues: ReadonlyArray<RequestIssue>, root: string): string =>
  issues.map((issue) => `${issue.path === "" ? root : issue.path}: ${issue.message}`).join("; ")
export const uniqueIssues = (issues: ReadonlyArray<RequestIssue>): Array<RequestIssue> => {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
export const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}
export const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = authorization === undefined ? null : /^\s*Bearer\s+(\S+)\s*$/iu.exec(authorization)
  return match?.[1]
}
