// The issue types and `NO_ISSUES` are defined once, in the generated validators' runtime (written
// in codegen/src/validator-runtime.ts), so the generated folder imports nothing hand-written.
import type { ValidationIssue } from "./generated/validator-runtime.ts"
export { NO_ISSUES, type ValidationIssue, type ValidationOptions, type Validator } from "./generated/validator-runtime.ts"

/** Issues a `ProtocolError` keeps of one frame, and characters kept of each path and message. */
const KEPT_ISSUES = 20
const KEPT_ISSUE_CHARS = 200

const clip = (text: string): string => (text.length > KEPT_ISSUE_CHARS ? `${text.slice(0, KEPT_ISSUE_CHARS)}...` : text)

/**
 * The first few issues of a frame, each clipped, with the total count when some were left out:
 * what an error keeps of a frame is bounded in bytes whatever the frame holds (a 1 MiB frame of
 * bad items yields ~500,000 issues, and errors are retained for late subscribers).
 */
export const keepFirstIssues = (
  issues: ReadonlyArray<ValidationIssue>
): { readonly issues: ReadonlyArray<ValidationIssue>; readonly issueCount?: number } => {
  const kept = issues.slice(0, KEPT_ISSUES).map((issue) => ({ path: clip(issue.path), message: clip(issue.message) }))
  return issues.length > KEPT_ISSUES ? { issues: kept, issueCount: issues.length } : { issues: kept }
}
