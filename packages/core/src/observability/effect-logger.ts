import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { ClientLogger, LogFields } from "./client-log.ts"

/**
 * The Effect API's default `logger`: each line goes to Effect's logger (`Effect.logWithLevel`) in
 * the context the client was built in, so the program's `Logger` layer and `MinimumLogLevel`
 * apply; the fields are the line's log annotations. Only lines at or above the client's
 * `logLevel` get here: a silent level builds no line and runs no effect.
 */
export const effectLogger = (context: Context.Context<never>): ClientLogger => {
  const run = Effect.runSyncWith(context)
  const write = (level: "Debug" | "Info" | "Warn" | "Error") => (line: string, fields: LogFields) =>
    run(Effect.annotateLogs(Effect.logWithLevel(level)(line), fields))
  return { debug: write("Debug"), info: write("Info"), warn: write("Warn"), error: write("Error") }
}
