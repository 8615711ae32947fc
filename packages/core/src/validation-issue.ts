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

/** Issues a `ProtocolError` keeps of one frame, and characters kept of each path and message. */
export const KEPT_ISSUES = 20
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
