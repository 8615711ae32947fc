// The raw `ws` side of the comparisons: an envelope built by hand, the way a team without the
// client would write it (no validation), serialized once per message.
import { randomUUID } from "node:crypto"

export const rawEnvelope = (correlationId: string, payload: unknown): string =>
  JSON.stringify({
    action: "message",
    headers: {
      correlationId,
      traceId: randomUUID(),
      idempotencyKey: randomUUID(),
      identifier: "message",
      action: "insights",
      schemaRef: "optave.message.v3",
      sdkVersion: "none",
      issuedAt: new Date().toISOString()
    },
    payload
  })
