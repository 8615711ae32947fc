// A loopback WebSocket server for the fuzz run. It records every frame a client sends, checks each
// one independently with TypeBox `Value.Check` (the request envelope, then the payload against its
// action's schema), and answers with a `started` and a `completed` event per expected superpower
// (enveloped with the correlation id; content "ok:<correlationId>:<superpower>"), invalid requests
// included (they are recorded as invalid frames, the fuzz run's `sent_invalid`). Before answering
// a request it can first send a planned list of hostile frames (the inbound-frame fuzz).
import { actionCatalog, type ActionName } from "@org/optave-core"
import { RequestEnvelope } from "@org/optave-schema"
import { Value } from "typebox/value"
import { WebSocketServer, type WebSocket } from "ws"
import { payloadSchemas } from "./payload-schemas.ts"

/** A frame the server sends: text, bytes sent as a binary frame, or bytes sent as a (possibly invalid UTF-8) text frame. */
export type OutboundFrame = string | { readonly binary: Uint8Array } | { readonly rawText: Uint8Array }

export interface InvalidFrame {
  readonly correlationId: string | undefined
  readonly reason: string
  readonly frame: string
}

export interface RecordingServer {
  readonly url: string
  /** Frames received per correlation id. */
  readonly received: (correlationId: string) => number
  readonly totalReceived: () => number
  readonly invalidFrames: ReadonlyArray<InvalidFrame>
  /** Before answering the next request with this correlation id, send these frames (once). */
  readonly planHostile: (correlationId: string, frames: ReadonlyArray<OutboundFrame>) => void
  readonly expectedContent: (correlationId: string, superpower: string) => string
  readonly close: () => Promise<void>
}

const answer = (correlationId: string, superpower: string, state: "started" | "completed") =>
  JSON.stringify({
    action: "message",
    headers: { correlationId, schemaRef: "optave.response.v3" },
    payload: {
      action: "superpower",
      actionType: superpower,
      state,
      message: { results: state === "started" ? [] : [{ response: [{ content: `ok:${correlationId}:${superpower}` }] }] }
    }
  })

const send = (socket: WebSocket, frame: OutboundFrame) => {
  if (typeof frame === "string") socket.send(frame)
  else if ("binary" in frame) socket.send(frame.binary, { binary: true })
  else socket.send(frame.rawText, { binary: false })
}

export const startRecordingServer = async (): Promise<RecordingServer> => {
  const counts = new Map<string, number>()
  const invalidFrames: Array<InvalidFrame> = []
  const hostile = new Map<string, ReadonlyArray<OutboundFrame>>()
  let total = 0
  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has("optave-v1") ? "optave-v1" : false)
  })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))

  server.on("connection", (socket) => {
    socket.on("error", () => {})
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      total++
      const text = data.toString("utf8")
      let frame: { headers?: { correlationId?: unknown; action?: unknown }; payload?: unknown } | undefined
      try {
        frame = JSON.parse(text) as typeof frame
      } catch {
        invalidFrames.push({ correlationId: undefined, reason: "not JSON", frame: text.slice(0, 300) })
        return
      }
      const correlationId = typeof frame?.headers?.correlationId === "string" ? frame.headers.correlationId : undefined
      if (correlationId !== undefined) counts.set(correlationId, (counts.get(correlationId) ?? 0) + 1)
      const action = frame?.headers?.action
      const reasons: Array<string> = []
      if (isBinary) reasons.push("sent as a binary frame")
      if (!Value.Check(RequestEnvelope, frame)) reasons.push("envelope fails RequestEnvelope")
      if (typeof action !== "string" || !Object.prototype.hasOwnProperty.call(payloadSchemas, action)) reasons.push(`unknown action ${String(action)}`)
      else if (!Value.Check(payloadSchemas[action as ActionName], frame?.payload)) {
        const errors = [...Value.Errors(payloadSchemas[action as ActionName], frame?.payload)].slice(0, 3)
        reasons.push(`payload fails ${action}'s schema: ${JSON.stringify(errors.map((error) => ({ path: (error as { instancePath?: string }).instancePath, message: error.message })))}`)
      }
      if (reasons.length > 0) invalidFrames.push({ correlationId, reason: reasons.join("; "), frame: text.slice(0, 4_000) })
      // Answer even an invalid request (when it names a known action), so the client's case ends at
      // once; the invalid frame is what gets reported.
      if (correlationId === undefined || typeof action !== "string" || !Object.prototype.hasOwnProperty.call(actionCatalog, action)) return
      const planned = correlationId === undefined ? undefined : hostile.get(correlationId)
      if (planned !== undefined) {
        hostile.delete(correlationId!)
        for (const outbound of planned) send(socket, outbound)
      }
      for (const superpower of actionCatalog[action as ActionName].superpowers) {
        socket.send(answer(correlationId!, superpower, "started"))
        socket.send(answer(correlationId!, superpower, "completed"))
      }
    })
  })

  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `ws://127.0.0.1:${port}`,
    received: (correlationId) => counts.get(correlationId) ?? 0,
    totalReceived: () => total,
    invalidFrames,
    planHostile: (correlationId, frames) => void hostile.set(correlationId, frames),
    expectedContent: (correlationId, superpower) => `ok:${correlationId}:${superpower}`,
    close: async () => {
      for (const client of server.clients) client.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
