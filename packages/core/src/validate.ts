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
 * Validates an action's payload `{ session, request }`; the empty array means valid. Unknown
 * properties pass unless `{ strict: true }`.
 */
export const validatePayload = (action: ActionName, payload: unknown, options?: ValidationOptions): ReadonlyArray<ValidationIssue> =>
  payloadValidators[action](payload, options)
export { isTerminalState, superpowerError } from "./superpower-state.ts"
