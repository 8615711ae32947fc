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
