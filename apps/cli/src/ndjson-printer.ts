import type { OutputStream } from "./cli-io.ts"
import type { EventPrinter } from "./event-printer.ts"

/** `--json`: each event as one line of JSON, nothing else on stdout. */
export const ndjsonPrinter = (stdout: OutputStream): EventPrinter => ({
  event: (event) => void stdout.write(`${JSON.stringify(event)}\n`),
  finish: () => {}
})
