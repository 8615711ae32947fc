import { SCHEMA_REF } from "./envelope.ts"
import { TERMINAL_STATES } from "./superpower-event.ts"

/**
 * The protocol's constants, written once: codegen emits them to `generated/protocol.ts`, from
 * where the client, the mock and the MSW handlers import them.
 */
export const protocolFacts = {
  /** The WebSocket subprotocol: the first entry of `Sec-WebSocket-Protocol` (the token may follow). */
  subprotocol: "optave-v1",
  /** `headers.schemaRef` of a request envelope. */
  requestSchemaRef: SCHEMA_REF,
  /** `headers.schemaRef` of a wrapped result. */
  responseSchemaRef: "optave.response.v3",
  /** `headers.schemaRef` of a wrapped error: the envelope itself ends its superpower. */
  errorSchemaRef: "optave.error.v3",
  /** The states that end a superpower; any other state is progress. */
  terminalStates: TERMINAL_STATES
} as const
