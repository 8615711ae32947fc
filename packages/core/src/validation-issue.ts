/**
 * One problem found by a validator. `path` names the offending value the way you would
 * write it in code, from the validated root: `request.scope.conversations[0].messages`
 * (the empty string for the root itself).
 */
export interface ValidationIssue {
  readonly path: string
  readonly message: string
}

/** A validator returns every issue it finds, or the shared empty array when the value is valid. */
export type Validator = (value: unknown) => ReadonlyArray<ValidationIssue>

/** Shared empty result so a valid value allocates nothing. */
export const NO_ISSUES: ReadonlyArray<ValidationIssue> = Object.freeze([])
