// A `logger` that keeps what it is given: each line with its level, and the fields object.
import type { ClientLogger, LogFields } from "../../src/observability/client-log.ts"

export interface RecordedLine {
  readonly level: "debug" | "info" | "warn" | "error"
  readonly line: string
  readonly fields: LogFields
}

export const recordingLogger = () => {
  const lines: Array<RecordedLine> = []
  const keep = (level: RecordedLine["level"]) => (line: string, fields: LogFields) => void lines.push({ level, line, fields })
  const logger: ClientLogger = { debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") }
  /** The events logged, in order, optionally only those named. */
  const events = (...only: ReadonlyArray<string>) => lines.map((entry) => entry.fields.event).filter((event) => only.length === 0 || only.includes(event))
  return { logger, lines, events }
}
