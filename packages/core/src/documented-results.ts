import type { SuperpowerEvent } from "./generated/types.ts"
import { validateImproveAnswerResult } from "./generated/validators.ts"
import type { ValidationIssue, Validator } from "./validation-issue.ts"

// Result shapes the API pages document, checked on arrival so that `SuperpowerResultOf` (the
// typed view of `ActionResult`) never lies. Every other superpower's content stays `unknown`.
const documentedResults: Readonly<Record<string, Validator>> = { improve_answer: validateImproveAnswerResult }

/** What is wrong with a completed event's results against its documented shape (none for undocumented ones). */
export const documentedResultIssues = (event: SuperpowerEvent): ReadonlyArray<ValidationIssue> => {
  const validator = documentedResults[event.actionType]
  if (validator === undefined || event.state !== "completed") return []
  const issues: Array<ValidationIssue> = []
  event.message?.results?.forEach((result, index) => {
    for (const issue of validator(result)) issues.push({ path: `message.results[${index}]${issue.path === "" ? "" : `.${issue.path}`}`, message: issue.message })
  })
  return issues
}
