import { printSourceFile } from "./print-source-file.ts"

/** `index.ts`: the barrel of the generated modules a package entry re-exports (not the action surfaces). */
export const emitIndex = (withProtocol: boolean, validatorsImport: string): string =>
  printSourceFile("index", "index.ts", (writer) => {
    writer.writeLine('export * from "./types.ts"')
    writer.writeLine('export * from "./catalog.ts"')
    writer.writeLine(`export * from "${validatorsImport}"`)
    if (withProtocol) writer.writeLine('export * from "./protocol.ts"')
  })
