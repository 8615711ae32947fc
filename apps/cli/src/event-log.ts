import { columnsOf, type OutputStream } from "./cli-io.ts"
import type { EventPrinter } from "./event-printer.ts"
import { contentsOf, errorTextOf, renderContents, summariseContents } from "./superpower-rendering.ts"
import type { TerminalStyle } from "./terminal-style.ts"

export interface EventLogOptions {
  readonly stdout: OutputStream
  readonly style: TerminalStyle
  readonly action: string
  /** Print the readable rendering of each completed result under its line (the demo does). */
  readonly details?: boolean
  /** Prefix each line with the time since `startedAt` (ms, from `now`). */
  readonly startedAt?: number
  readonly now?: () => number
}

/**
 * One line per event: `<action> <superpower> <state> <short content>` (exactly that, uncoloured,
 * when stdout is not a terminal), optionally followed by the result's rendering.
 */
export const eventLog = (options: EventLogOptions): EventPrinter => {
  const { stdout, style, action } = options
  const now = options.now ?? Date.now
  const stateText = (state: string, width = 0): string => {
    const padded = state.padEnd(width)
    return state === "completed" ? style.green(padded) : state === "error" ? style.red(padded) : state === "started" ? style.cyan(padded) : style.yellow(padded)
  }
  return {
    event: (event) => {
      const contents = contentsOf(event)
      const short = event.state === "error" ? errorTextOf(event) : event.state === "completed" ? summariseContents(event.actionType, contents) : ""
      const elapsed = options.startedAt === undefined ? "" : style.dim(`${String(now() - options.startedAt).padStart(5)} ms  `)
      const columns = options.details === true ? [style.bold(action.padEnd(9)), event.actionType.padEnd(21), stateText(event.state, 9)] : [action, event.actionType, stateText(event.state)]
      const line = `${elapsed}${columns.join(" ")}${short === "" || options.details === true ? "" : ` ${short}`}`.trimEnd()
      stdout.write(`${line}\n`)
      if (options.details === true) {
        const indent = options.startedAt === undefined ? "" : "         "
        const details = event.state === "completed" ? renderContents(event.actionType, contents, style, columnsOf(stdout) - indent.length) : event.state === "error" ? [`  ${style.red(errorTextOf(event))}`] : []
        for (const detail of details) stdout.write(`${indent}${detail}\n`)
      }
    },
    finish: () => {}
  }
}
