import { actionDoc, payloadTypeNames } from "./emit-actions.ts"
import type { CatalogModel } from "./catalog-model.ts"
import { printSourceFile, propertyName, writeDoc } from "./print-source-file.ts"

/** `promise-actions.ts`: the Promise API's method types and the binders the facade uses. */
export const emitPromiseActions = (catalog: CatalogModel): string =>
  printSourceFile("promise-actions", "promise-actions.ts", (writer) => {
    writer.writeLine('import type { ActionResult } from "../action-result.ts"')
    writer.writeLine('import type { PromiseRequestOptions } from "../request-options.ts"')
    writer.writeLine('import type { ActionName } from "./catalog.ts"')
    writer.writeLine(`import type { ${payloadTypeNames(catalog).join(", ")} } from "./types.ts"`)
    writer.blankLine()
    writeDoc(writer, ["One method per action: resolves with every superpower's outcome once the request ends."])
    writer.write("export interface ActionMethods ").block(() => {
      for (const action of catalog.actions) {
        writeDoc(writer, actionDoc(action, false))
        writer.writeLine(
          `${propertyName(action.name)}(payload: ${action.payloadName}, options?: PromiseRequestOptions): Promise<ActionResult<${JSON.stringify(action.name)}>>`
        )
      }
    })
    writer.blankLine()
    writeDoc(writer, ["One method per action: yields each superpower event as it arrives."])
    writer.write("export interface StreamMethods ").block(() => {
      for (const action of catalog.actions) {
        writeDoc(writer, actionDoc(action, true))
        writer.writeLine(`${propertyName(action.name)}(payload: ${action.payloadName}, options?: PromiseRequestOptions): AsyncIterable<SuperpowerEvent>`)
      }
    })
    writer.blankLine()
    writeDoc(writer, ["Binds every action method to one `call` (the facade's single implementation)."])
    writer.writeLine(
      "export const bindActionMethods = (call: (action: ActionName, payload: unknown, options?: PromiseRequestOptions) => Promise<ActionResult>): ActionMethods => ({"
    )
    catalog.actions.forEach((action, index) => {
      const wire = JSON.stringify(action.name)
      writer.writeLine(
        `  ${propertyName(action.name)}: (payload, options) => call(${wire}, payload, options) as Promise<ActionResult<${wire}>>${index < catalog.actions.length - 1 ? "," : ""}`
      )
    })
    writer.writeLine("})")
    writer.blankLine()
    writeDoc(writer, ["Binds every stream method to one `stream` (the facade's single implementation)."])
    writer.writeLine(
      "export const bindStreamMethods = (stream: (action: ActionName, payload: unknown, options?: PromiseRequestOptions) => AsyncIterable<SuperpowerEvent>): StreamMethods => ({"
    )
    catalog.actions.forEach((action, index) => {
      writer.writeLine(
        `  ${propertyName(action.name)}: (payload, options) => stream(${JSON.stringify(action.name)}, payload, options)${index < catalog.actions.length - 1 ? "," : ""}`
      )
    })
    writer.writeLine("})")
  })
