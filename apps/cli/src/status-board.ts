import { isTerminalState, type SuperpowerEvent } from "@org/optave-node"
import { columnsOf, type OutputStream } from "./cli-io.ts"
import type { EventPrinter } from "./event-printer.ts"
import { clip, contentsOf, errorTextOf, renderContents, summariseContents } from "./superpower-rendering.ts"
import { cursor, type TerminalStyle } from "./terminal-style.ts"

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
const FRAME_MS = 80

interface Row {
  readonly superpower: string
  state: string
  startedAt?: number
  endedAt?: number
  readonly contents: Array<unknown>
  errorText?: string
}

export interface StatusBoardOptions {
  readonly stdout: OutputStream
  readonly style: TerminalStyle
  readonly action: string
  /** Superpowers the action is expected to produce: one line each from the start. */
  readonly expected: ReadonlyArray<string>
  readonly now?: () => number
}

/**
 * The terminal view of a request: one live line per superpower (a spinner while it runs, ✔ when
 * completed, ✖ on error), redrawn in place by moving the cursor up over the previous drawing;
 * once the request ends, each result's rendering below.
 */
export const statusBoard = (options: StatusBoardOptions): EventPrinter => {
  const { stdout, style } = options
  const now = options.now ?? Date.now
  const requestStartedAt = now()
  const rows: Array<Row> = options.expected.map((superpower) => ({ superpower, state: "waiting", contents: [] }))
  let drawnLines = 0
  let frame = 0
  let finished = false

  const elapsed = (row: Row): string => {
    if (row.endedAt !== undefined) return `${row.endedAt - requestStartedAt} ms`
    if (row.startedAt !== undefined) return `${((now() - requestStartedAt) / 1000).toFixed(1)} s`
    return ""
  }

  const lineOf = (row: Row, nameWidth: number): string => {
    const width = Math.max(40, columnsOf(stdout) - 1)
    const icon =
      row.state === "completed" ? style.green("✔") : row.state === "error" ? style.red("✖") : row.state === "waiting" ? style.dim("·") : style.cyan(SPINNER[frame % SPINNER.length]!)
    const state = row.state.padEnd(9)
    const paintedState = row.state === "completed" ? style.green(state) : row.state === "error" ? style.red(state) : style.dim(state)
    const time = elapsed(row).padStart(8)
    // Plain widths first, so a line never wraps (a wrapped line would break the cursor-up redraw).
    const used = 2 + 2 + nameWidth + 1 + state.length + 1 + time.length + 2
    const note = row.state === "completed" ? summariseContents(row.superpower, row.contents, 200) : row.state === "error" ? (row.errorText ?? "") : ""
    const room = width - used
    const shownNote = note === "" || room < 8 ? "" : `  ${row.state === "error" ? style.red(clip(note, room)) : style.dim(clip(note, room))}`
    return `  ${icon} ${style.bold(row.superpower.padEnd(nameWidth))} ${paintedState} ${style.dim(time)}${shownNote}`
  }

  const draw = (): void => {
    const nameWidth = Math.max(12, ...rows.map((row) => row.superpower.length))
    const body = rows.map((row) => `\r${cursor.clearLine}${lineOf(row, nameWidth)}\n`).join("")
    stdout.write(`${cursor.up(drawnLines)}${body}`)
    drawnLines = rows.length
  }

  // Ctrl+C while the board is up: give the cursor back before leaving.
  const onInterrupt = (): void => {
    stdout.write(cursor.show)
    process.exit(130)
  }
  process.once("SIGINT", onInterrupt)

  stdout.write(`${style.bold(options.action)} ${style.dim(`· ${options.expected.length} superpower${options.expected.length === 1 ? "" : "s"} expected`)}\n${cursor.hide}`)
  draw()
  const timer = setInterval(() => {
    frame++
    if (rows.some((row) => !isTerminalState(row.state) && row.state !== "waiting")) draw()
  }, FRAME_MS)
  timer.unref()

  const event = (received: SuperpowerEvent): void => {
    let row = rows.find((candidate) => candidate.superpower === received.actionType)
    if (row === undefined) {
      row = { superpower: received.actionType, state: "waiting", contents: [] }
      rows.push(row)
    }
    // A late `started` (frames may come out of order) never undoes an end.
    if (isTerminalState(row.state) && !isTerminalState(received.state)) return
    row.state = received.state
    row.startedAt ??= now()
    if (received.state === "completed") {
      row.contents.push(...contentsOf(received))
      row.endedAt = now()
    } else if (received.state === "error") {
      row.errorText = errorTextOf(received)
      row.endedAt = now()
    }
    draw()
  }

  const finish = (): void => {
    if (finished) return
    finished = true
    clearInterval(timer)
    process.removeListener("SIGINT", onInterrupt)
    draw()
    stdout.write(cursor.show)
    const width = columnsOf(stdout)
    for (const row of rows) {
      if (row.state !== "completed" || row.contents.length === 0) continue
      stdout.write(`\n${style.bold(row.superpower)}\n`)
      for (const line of renderContents(row.superpower, row.contents, style, width)) stdout.write(`${line}\n`)
    }
  }

  return { event, finish }
}
