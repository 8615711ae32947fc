import type { SuperpowerEvent } from "../generated/types.ts"
import { documentedResultValidators } from "../generated/catalog.ts"
import type { ValidationIssue } from "../validation-issue.ts"

// Result shapes the API pages document (the schema's `documentedSuperpowerResults`), checked on
// arrival so that `SuperpowerResultOf` (the typed view of `ActionResult`) never lies. Every other
// superpower's content stays `unknown`.

/** What is wrong with a completed event's results against its documented shape (none for undocumented ones). */
export const documentedResultIssues = (event: SuperpowerEvent): ReadonlyArray<ValidationIssue> => {
  const validator = Object.hasOwn(documentedResultValidators, event.actionType) ? documentedResultValidators[event.actionType] : undefined
  if (validator === undefined || event.state !== "completed") return []
  const issues: Array<ValidationIssue> = []
  event.message?.results?.forEach((result, index) => {
    for (const issue of validator(result)) issues.push({ path: `message.results[${index}]${issue.path === "" ? "" : `.${issue.path}`}`, message: issue.message })
  })
  return issues
}
