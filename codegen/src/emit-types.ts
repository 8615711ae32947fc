import type { CodeBlockWriter } from "ts-morph"
import type { CatalogModel } from "./catalog-model.ts"
import { printSourceFile, propertyName, writeDoc } from "./print-source-file.ts"
import type { SchemaNode, SchemaSet } from "./schema-node.ts"

/**
 * `types.ts`: one type per named schema, equal to `Type.Static<typeof Schema>` with every property
 * `readonly` and documented from its `description`; named schemas are referenced by name, the
 * rest is inlined. Plus `ActionPayloads`, the payload type of each catalog action.
 */
export const emitTypes = (set: SchemaSet, catalog: CatalogModel): string =>
  printSourceFile("types", "types.ts", (writer) => {
    for (const { name, node } of set.named.values()) {
      writeDoc(writer, node.description === undefined ? [] : [node.description])
      if (node.kind === "object" && node.properties.length > 0) {
        writer.write(`export interface ${name} `)
        writeObjectMembers(writer, node)
        writer.newLine()
      } else {
        writer.write(`export type ${name} = `)
        writeType(writer, node)
        writer.newLine()
      }
      writer.blankLine()
    }
    writeDoc(writer, ["Payload type of each action of the catalog, by action name."])
    writer.write("export interface ActionPayloads ").block(() => {
      for (const action of catalog.actions) {
        writeDoc(writer, [action.summary, ...(action.deprecatedFor === undefined ? [] : [`@deprecated Use ${action.deprecatedFor}.`])])
        writer.writeLine(`readonly ${propertyName(action.name)}: ${action.payloadName}`)
      }
    })
    writer.blankLine()
    writeDoc(writer, ["Result type of each superpower whose result shape the API pages document, by superpower."])
    writer.write("export interface DocumentedSuperpowerResults ").block(() => {
      for (const entry of catalog.documentedResults) writer.writeLine(`readonly ${propertyName(entry.superpower)}: ${entry.schemaName}`)
    })
  })

const writeObjectMembers = (writer: CodeBlockWriter, node: Extract<SchemaNode, { kind: "object" }>): void => {
  // TypeBox's Static of an object without properties is `object`.
  if (node.properties.length === 0) {
    writer.write("object")
    return
  }
  writer.inlineBlock(() => {
    for (const property of node.properties) {
      writeDoc(writer, property.node.description === undefined ? [] : [property.node.description])
      writer.write(`readonly ${propertyName(property.key)}${property.required ? "" : "?"}: `)
      writeType(writer, property.node)
      writer.newLine()
    }
  })
}

const writeType = (writer: CodeBlockWriter, node: SchemaNode): void => {
  switch (node.kind) {
    case "ref":
      writer.write(node.name)
      return
    case "unknown":
      writer.write("unknown")
      return
    case "string":
      writer.write("string")
      return
    case "number":
      writer.write("number")
      return
    case "boolean":
      writer.write("boolean")
      return
    case "literal":
      writer.write(JSON.stringify(node.value))
      return
    case "object":
      writeObjectMembers(writer, node)
      return
    case "record":
      writer.write("{ readonly [key: string]: ")
      writeType(writer, node.value)
      writer.write(" }")
      return
    case "array":
      writer.write("ReadonlyArray<")
      writeType(writer, node.items)
      writer.write(">")
      return
    case "union":
      node.variants.forEach((variant, index) => {
        if (index > 0) writer.write(" | ")
        writeType(writer, variant)
      })
      return
  }
}
