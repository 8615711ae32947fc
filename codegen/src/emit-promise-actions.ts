import { actionDoc, payloadTypeNames } from "./emit-actions.ts"
import type { CatalogModel } from "./catalog-model.ts"
import { printSourceFile, propertyName, writeDoc } from "./print-source-file.ts"

/**
 * `promise-actions.ts`: the Promise API's method types and the binders the facade uses. A leaf:
 * the facade's options and result types are type parameters (the facade names them), so this file
 * imports nothing hand-written and the facade can import it without a cycle.
 */
export const emitPromiseActions = (catalog: CatalogModel): string =>
  printSourceFile("promise-actions", "promise-actions.ts", (writer) => {
    writer.writeLine('import type { ActionName } from "./catalog.ts"')
    writer.writeLine(`import type { ${payloadTypeNames(catalog).join(", ")} } from "./types.ts"`)
    writer.blankLine()
    writeDoc(writer, ["The result type of each action, as the facade defines it."])
    writer.writeLine("export type ResultsByAction = { readonly [A in ActionName]: unknown }")
    writer.blankLine()
    writeDoc(writer, [
      "One method per action: resolves with every superpower's outcome once the request ends.",
      "`Options` is the facade's options type, `Results` its result type of each action."
    ])
    writer.write("export interface ActionMethodsOf<Options, Results extends ResultsByAction> ").block(() => {
      for (const action of catalog.actions) {
        writeDoc(writer, actionDoc(action, false))
        writer.writeLine(`${propertyName(action.name)}(payload: ${action.payloadName}, options?: Options): Promise<Results[${JSON.stringify(action.name)}]>`)
      }
    })
    writer.blankLine()
    writeDoc(writer, ["One method per action: yields each superpower event as it arrives. `Options` is the facade's options type."])
    writer.write("export interface StreamMethodsOf<Options> ").block(() => {
      for (const action of catalog.actions) {
        writeDoc(writer, actionDoc(action, true))
        writer.writeLine(`${propertyName(action.name)}(payload: ${action.payloadName}, options?: Options): AsyncIterable<SuperpowerEvent>`)
      }
    })
    writer.blankLine()
    writeDoc(writer, ["Binds every action method to one `call` (the facade's single implementation)."])
    writer.writeLine(
      "export const bindActionMethods = <Options, Results extends ResultsByAction>(call: (action: ActionName, payload: unknown, options?: Options) => Promise<unknown>): ActionMethodsOf<Options, Results> => ({"
    )
    catalog.actions.forEach((action, index) => {
      const wire = JSON.stringify(action.name)
      writer.writeLine(
        `  ${propertyName(action.name)}: (payload, options) => call(${wire}, payload, options) as Promise<Results[${wire}]>${index < catalog.actions.length - 1 ? "," : ""}`
      )
    })
    writer.writeLine("})")
    writer.blankLine()
    writeDoc(writer, ["Binds every stream method to one `stream` (the facade's single implementation)."])
    writer.writeLine(
      "export const bindStreamMethods = <Options>(stream: (action: ActionName, payload: unknown, options?: Options) => AsyncIterable<SuperpowerEvent>): StreamMethodsOf<Options> => ({"
    )
    catalog.actions.forEach((action, index) => {
      writer.writeLine(
        `  ${propertyName(action.name)}: (payload, options) => stream(${JSON.stringify(action.name)}, payload, options)${index < catalog.actions.length - 1 ? "," : ""}`
      )
    })
    writer.writeLine("})")
  })
