import type { ActionResult } from "../action-result.ts"

/**
 * The improved text of an elevate result: the first `response[].content` of
 * `improve_answer`, a string as the Elevate page documents (checked on arrival); `undefined` when
 * the superpower did not complete. An error's text is `result.superpowers.improve_answer.error?.message`.
 */
export const improvedAnswer = (result: ActionResult<"elevate">): string | undefined => {
  const outcome = result.superpowers.improve_answer
  if (outcome.state !== "completed") return undefined
  for (const item of outcome.results) {
    const content = item.response?.[0]?.content
    if (content !== undefined) return content
  }
  return undefined
}
