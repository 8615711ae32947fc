// Public entry `@org/optave-core/validate`: the generated, eval-free validators and the action
// catalog, for tools that check payloads without a client (the mock engine, the CLI, your tests).
import { actionCatalog, payloadValidators, type ActionName } from "./generated/catalog.ts"
import type { ValidationIssue, ValidationOptions } from "./validation-issue.ts"

export * from "./generated/index.ts"
// Also here, at the entry itself: the bundled entry keeps `#validators` external (the consumer's
// conditions pick the form), and a bundler turns an external `export *` one module down into a
// namespace copy that static `import { validateX }` cannot see.
export * from "#validators"
export { NO_ISSUES, type ValidationIssue, type ValidationOptions, type Validator } from "./validation-issue.ts"

/** True when `name` is an action of the catalog (wire names are lowercase). */
export const isActionName = (name: string): name is ActionName => Object.prototype.hasOwnProperty.call(actionCatalog, name)

/**
 * The catalog action a received wire name stands for: the name itself when it is one, else the
 * action that lists it in `alsoReceivedAs` (`customerInteraction`, as the official JavaScript
 * client's runtime sends it, is `customerinteraction`); undefined for an unknown name.
 */
export const actionReceivedAs = (name: string): ActionName | undefined => {
  if (isActionName(name)) return name
  for (const [action, entry] of Object.entries(actionCatalog)) {
    if ("alsoReceivedAs" in entry && (entry.alsoReceivedAs as ReadonlyArray<string>).includes(name)) return action as ActionName
  }
  return undefined
}

/**
 * Validates an action's payload `{ session, request }`; the empty array means valid. Unknown
 * properties pass unless `{ strict: true }`.
 */
export const validatePayload = (action: ActionName, payload: unknown, options?: ValidationOptions): ReadonlyArray<ValidationIssue> =>
  payloadValidators[action](payload, options)
export { isTerminalState, superpowerError } from "./request/superpower-state.ts"
