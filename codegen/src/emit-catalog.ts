import type { ActionModel, CatalogModel } from "./catalog-model.ts"
import { printSourceFile, propertyName, writeDoc } from "./print-source-file.ts"

const deprecation = (action: ActionModel): ReadonlyArray<string> =>
  action.deprecatedFor === undefined ? [] : [`@deprecated Use ${action.deprecatedFor}.`]

/**
 * `catalog.ts`: the action catalog as plain runtime data (no TypeBox), the action names, and the
 * payload validator of each action.
 */
export const emitCatalog = (catalog: CatalogModel, validatorsImport: string): string =>
  printSourceFile("catalog", "catalog.ts", (writer) => {
    writer.writeLine('import type { Validator } from "./validator-runtime.ts"')
    const validators = [
      ...new Set([...catalog.actions.map((action) => `validate${action.payloadName}`), ...catalog.documentedResults.map((entry) => `validate${entry.schemaName}`)])
    ].sort()
    writer.writeLine(`import { ${validators.join(", ")} } from "${validatorsImport}"`)
    writer.blankLine()
    writeDoc(writer, [
      "What the client needs of each action at run time: wire name, REST path and the superpowers a",
      "request is expected to produce (it ends when each is completed or in error). `actionCatalog`",
      "holds the same with the descriptions; the engine reads this table so that a bundle which does",
      "not use `actionCatalog` (a Worker's) carries no description."
    ])
    writer.write("export const actionRoutes = ").inlineBlock(() => {
      catalog.actions.forEach((action, index) => {
        writer.write(`${propertyName(action.name)}: `).inlineBlock(() => {
          const fields: Array<string> = [
            `wireName: ${JSON.stringify(action.wireName)}`,
            `restPath: ${JSON.stringify(action.restPath)}`,
            `superpowers: [${action.superpowers.map((superpower) => JSON.stringify(superpower)).join(", ")}]`
          ]
          fields.forEach((field, fieldIndex) => writer.writeLine(fieldIndex < fields.length - 1 ? `${field},` : field))
        })
        writer.write(index < catalog.actions.length - 1 ? "," : "").newLine()
      })
    })
    writer.write(" as const").newLine()
    writer.blankLine()
    writeDoc(writer, [
      "The action catalog: wire name, REST path, the superpowers a request is expected to produce (it",
      "ends when each is completed or in error) and where that list comes from."
    ])
    writer.write("export const actionCatalog = ").inlineBlock(() => {
      catalog.actions.forEach((action, index) => {
        writeDoc(writer, [action.summary, ...deprecation(action)])
        writer.write(`${propertyName(action.name)}: `).inlineBlock(() => {
          const fields: Array<string> = [
            `wireName: ${JSON.stringify(action.wireName)}`,
            `restPath: ${JSON.stringify(action.restPath)}`,
            `superpowers: [${action.superpowers.map((superpower) => JSON.stringify(superpower)).join(", ")}]`,
            `summary: ${JSON.stringify(action.summary)}`,
            `superpowersSource: ${JSON.stringify(action.superpowersSource)}`
          ]
          if (action.deprecatedFor !== undefined) fields.push(`deprecatedFor: ${JSON.stringify(action.deprecatedFor)}`)
          if (action.alsoReceivedAs.length > 0) fields.push(`alsoReceivedAs: [${action.alsoReceivedAs.map((spelling) => JSON.stringify(spelling)).join(", ")}]`)
          fields.forEach((field, fieldIndex) => writer.writeLine(fieldIndex < fields.length - 1 ? `${field},` : field))
        })
        writer.write(index < catalog.actions.length - 1 ? "," : "").newLine()
      })
    })
    writer.write(" as const").newLine()
    writer.blankLine()
    writeDoc(writer, ["Name of an action of the catalog (its wire name, lowercase)."])
    writer.writeLine("export type ActionName = keyof typeof actionCatalog")
    writer.blankLine()
    writeDoc(writer, ["Every action name, in catalog order."])
    writer.writeLine(
      `export const actionNames: ReadonlyArray<ActionName> = [${catalog.actions.map((action) => JSON.stringify(action.name)).join(", ")}]`
    )
    writer.blankLine()
    writeDoc(writer, ["The validator of each action's payload `{ session, request }`."])
    writer.write("export const payloadValidators: { readonly [A in ActionName]: Validator } = ").inlineBlock(() => {
      catalog.actions.forEach((action, index) => {
        writer.writeLine(`${propertyName(action.name)}: validate${action.payloadName}${index < catalog.actions.length - 1 ? "," : ""}`)
      })
    })
    writer.newLine()
    writer.blankLine()
    writeDoc(writer, ["The validator of each superpower's result where the API pages document its shape (completed events are checked on arrival)."])
    writer.write("export const documentedResultValidators: Readonly<Record<string, Validator>> = ").inlineBlock(() => {
      catalog.documentedResults.forEach((entry, index) => {
        writer.writeLine(`${propertyName(entry.superpower)}: validate${entry.schemaName}${index < catalog.documentedResults.length - 1 ? "," : ""}`)
      })
    })
    writer.newLine()
  })
