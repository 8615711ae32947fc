import { actionNames, type ActionName } from "@org/optave-core/validate"
import { basename } from "node:path"

/**
 * The action a payload file is named after (`insights.json`, `my-elevate-draft.json`), or
 * undefined when the name mentions none or several. The longest name wins where one contains
 * another (`customerinteraction.json` is not `interaction`).
 */
export const guessActionFromFileName = (path: string): ActionName | undefined => {
  const name = basename(path).toLowerCase()
  const found = actionNames.filter((action) => name.includes(action))
  const distinct = found.filter((action) => !found.some((other) => other !== action && other.includes(action)))
  return distinct.length === 1 ? distinct[0] : undefined
}
