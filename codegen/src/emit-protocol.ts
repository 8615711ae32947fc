import { printSourceFile, writeDoc } from "./print-source-file.ts"

/** The facts `protocol.ts` holds: the schema package's `protocolFacts` export. */
export interface ProtocolFacts {
  readonly subprotocol: string
  readonly requestSchemaRef: string
  readonly responseSchemaRef: string
  readonly errorSchemaRef: string
  readonly terminalStates: ReadonlyArray<string>
}

const isStringArray = (value: unknown): value is ReadonlyArray<string> => Array.isArray(value) && value.every((item) => typeof item === "string")

/** The schema module's `protocolFacts`, checked; undefined when the module has none (a schema without a wire protocol). */
export const readProtocolFacts = (schemaModule: Readonly<Record<string, unknown>>): ProtocolFacts | undefined => {
  const facts = schemaModule["protocolFacts"]
  if (facts === undefined) return undefined
  const record = typeof facts === "object" && facts !== null ? (facts as Record<string, unknown>) : {}
  for (const key of ["subprotocol", "requestSchemaRef", "responseSchemaRef", "errorSchemaRef"]) {
    if (typeof record[key] !== "string") throw new Error(`protocolFacts.${key}: must be a string`)
  }
  if (!isStringArray(record["terminalStates"])) throw new Error("protocolFacts.terminalStates: must be an array of strings")
  return facts as ProtocolFacts
}

/**
 * `protocol.ts`: the protocol's constants as code, so the client, the mock and the MSW handlers
 * import them instead of writing them out again.
 */
export const emitProtocol = (facts: ProtocolFacts): string =>
  printSourceFile("protocol", "protocol.ts", (writer) => {
    writeDoc(writer, ["The WebSocket subprotocol: the first entry of `Sec-WebSocket-Protocol` (the token may follow)."])
    writer.writeLine(`export const SUBPROTOCOL = ${JSON.stringify(facts.subprotocol)}`)
    writer.blankLine()
    writeDoc(writer, ["`headers.schemaRef` of a request envelope: `optave.message.v<major>` of the protocol this client speaks."])
    writer.writeLine(`export const SCHEMA_REF = ${JSON.stringify(facts.requestSchemaRef)}`)
    writer.blankLine()
    writeDoc(writer, ["`headers.schemaRef` of a wrapped result."])
    writer.writeLine(`export const RESPONSE_SCHEMA_REF = ${JSON.stringify(facts.responseSchemaRef)}`)
    writer.blankLine()
    writeDoc(writer, ["`headers.schemaRef` of a wrapped error: the envelope itself ends its superpower."])
    writer.writeLine(`export const ERROR_SCHEMA_REF = ${JSON.stringify(facts.errorSchemaRef)}`)
    writer.blankLine()
    writeDoc(writer, ["The states that end a superpower; any other state (`started`, 3.1's `processing`, anything newer) is progress."])
    writer.writeLine(`export const TERMINAL_STATES = [${facts.terminalStates.map((state) => JSON.stringify(state)).join(", ")}] as const`)
    writer.blankLine()
    writeDoc(writer, ["A state that ends a superpower."])
    writer.writeLine("export type TerminalState = (typeof TERMINAL_STATES)[number]")
  })
