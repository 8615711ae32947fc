import type { ActionModel, CatalogModel } from "./catalog-model.ts"
import { printSourceFile, propertyName, writeDoc } from "./print-source-file.ts"

/** The JSDoc of an action: its summary, the superpowers it is expected to produce, its deprecation. */
export const actionDoc = (action: ActionModel, streams: boolean): ReadonlyArray<string> => [
  streams ? `${action.summary} Streams each superpower event as it arrives.` : action.summary,
  "",
  `Expected superpowers (${action.superpowersSource}): ${action.superpowers.map((superpower) => `\`${superpower}\``).join(", ")}; ` +
    (streams ? "the stream ends when each is completed or in error." : "the request ends when each is completed or in error."),
  ...(action.deprecatedFor === undefined ? [] : [`@deprecated Use ${action.deprecatedFor}.`])
]

/** The payload types the actions use, plus `SuperpowerEvent`, sorted. */
export const payloadTypeNames = (catalog: CatalogModel): ReadonlyArray<string> =>
  [...new Set([...catalog.actions.map((action) => action.payloadName), "SuperpowerEvent"])].sort()

/** Where the action surfaces that import the hand-written client go, under `generated/`. */
export const SURFACE_FOLDER = "surface"

/**
 * `surface/actions.ts`: the Effect API, one function and one stream per action. It calls the
 * hand-written client, so it sits on top, in a folder of its own that only the package's entry
 * file (`effect.ts`) imports; the rest of `generated/` is a leaf the client itself imports.
 */
export const emitActions = (catalog: CatalogModel): string =>
  printSourceFile("actions", `${SURFACE_FOLDER}/actions.ts`, (writer) => {
    writer.writeLine('import type * as Effect from "effect/Effect"')
    writer.writeLine('import type * as Stream from "effect/Stream"')
    writer.writeLine('import { request, requestStream, type OptaveClient } from "../../optave-client.ts"')
    writer.writeLine('import type { OptaveError } from "../../errors.ts"')
    writer.writeLine('import type { ActionResult } from "../../action-result.ts"')
    writer.writeLine('import type { RequestOptions } from "../../request-options.ts"')
    writer.writeLine(`import type { ${payloadTypeNames(catalog).join(", ")} } from "../types.ts"`)
    for (const action of catalog.actions) {
      const name = propertyName(action.name)
      const wire = JSON.stringify(action.name)
      writer.blankLine()
      writeDoc(writer, actionDoc(action, false))
      writer.writeLine(
        `export const ${name} = (payload: ${action.payloadName}, options?: RequestOptions): Effect.Effect<ActionResult<${wire}>, OptaveError, OptaveClient> =>`
      )
      writer.indent().write(`request(${wire}, payload, options)`).newLine()
      writer.blankLine()
      writeDoc(writer, actionDoc(action, true))
      writer.writeLine(
        `export const ${name}Stream = (payload: ${action.payloadName}, options?: RequestOptions): Stream.Stream<SuperpowerEvent, OptaveError, OptaveClient> =>`
      )
      writer.indent().write(`requestStream(${wire}, payload, options)`).newLine()
    }
  })
