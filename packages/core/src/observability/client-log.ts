import { ConfigError, type ProtocolError } from "../errors.ts"

/**
 * Where the client's log lines go: anything shaped like `console` (so `console` itself works).
 * Each method receives the line (`optave <event> key=value ...`) and the same facts as an object
 * (`{ event, ...fields }`), for JSON loggers.
 */
export interface ClientLogger {
  readonly debug: (line: string, fields: LogFields) => void
  readonly info: (line: string, fields: LogFields) => void
  readonly warn: (line: string, fields: LogFields) => void
  readonly error: (line: string, fields: LogFields) => void
}

/** The least severe level written; `off` writes nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off"

/** A log line's facts: ids, counts, codes and delays, never a token, a secret or payload content. */
export type LogFields = { readonly event: LogEvent } & { readonly [key: string]: string | number | boolean | ReadonlyArray<string> | undefined }

/** Every event the client logs (the README's table lists each with its level and fields). */
export type LogEvent =
  | "insecure-option"
  | "connect"
  | "disconnect"
  | "peer-silent"
  | "reconnect"
  | "give-up"
  | "resend"
  | "retry"
  | "token-fetch"
  | "token-refresh"
  | "token-failed"
  | "token-lifetime"
  | "frame-refused"
  | "frames-refused"
  | "late-result"

type Write = (event: LogEvent, fields?: { readonly [key: string]: LogFields[string] }) => void

/**
 * The client's log, resolved once: one writer per level, `undefined` below the configured level.
 * Call sites write `log.info?.("connect", { ... })`: when the level is off, the optional call skips
 * its arguments too, so a silent log costs one property read (no string, no object).
 */
export interface ClientLog {
  readonly debug: Write | undefined
  readonly info: Write | undefined
  readonly warn: Write | undefined
  readonly error: Write | undefined
}

export const LOG_LEVELS: ReadonlyArray<LogLevel> = ["debug", "info", "warn", "error", "off"]
export const DEFAULT_LOG_LEVEL: LogLevel = "warn"

/** A value goes into the line bare when it cannot be misread (no space, quote or `=`), else as a JSON string. */
const BARE = /^[\w.,:/@+-]+$/
const formatValue = (value: LogFields[string]): string => {
  if (Array.isArray(value)) return formatValue(value.join(","))
  if (typeof value === "string") return BARE.test(value) ? value : JSON.stringify(value)
  return String(value)
}

/** The line: `optave <event>` then each defined field as `key=value`, in the order given. */
export const formatLogLine = (fields: LogFields): string => {
  let line = `optave ${fields.event}`
  for (const key in fields) {
    const value = fields[key]
    if (key !== "event" && value !== undefined) line += ` ${key}=${formatValue(value)}`
  }
  return line
}

const isLogger = (value: unknown): value is ClientLogger =>
  typeof value === "object" &&
  value !== null &&
  ["debug", "info", "warn", "error"].every((method) => typeof (value as Record<string, unknown>)[method] === "function")

/**
 * Checks the `logger` and `logLevel` options and builds the log. Without a `logger`, lines go to
 * `console` (the Effect API passes Effect's logger instead, see `effectLogger`).
 */
export const makeClientLog = (logger: unknown, level: unknown): ClientLog => {
  if (logger !== undefined && !isLogger(logger)) {
    throw new ConfigError({ field: "logger", reason: "must have debug, info, warn and error methods (console works)" })
  }
  const chosen = level ?? DEFAULT_LOG_LEVEL
  if (typeof chosen !== "string" || !LOG_LEVELS.includes(chosen as LogLevel)) {
    throw new ConfigError({ field: "logLevel", reason: `must be one of ${LOG_LEVELS.join(", ")}` })
  }
  const target: ClientLogger = logger ?? console
  const threshold = LOG_LEVELS.indexOf(chosen as LogLevel)
  const writer = (method: Exclude<LogLevel, "off">): Write | undefined => {
    if (LOG_LEVELS.indexOf(method) < threshold) return undefined
    return (event, rest) => {
      // Only the facts that are there: a JSON logger gets no `undefined` keys.
      const fields: Record<string, LogFields[string]> = { event }
      for (const key in rest) if (rest[key] !== undefined) fields[key] = rest[key]
      // A logger that throws must not break the request that logged.
      try {
        target[method](formatLogLine(fields as LogFields), fields as LogFields)
      } catch {}
    }
  }
  return { debug: writer("debug"), info: writer("info"), warn: writer("warn"), error: writer("error") }
}

/** A log that writes nothing (tests and internal parts built without a client). */
export const silentLog: ClientLog = { debug: undefined, info: undefined, warn: undefined, error: undefined }

/**
 * A failure's safe description for a line: its kind, code, HTTP status and the server's asked-for
 * wait, never its free-text reason (which may quote a server's message).
 */
export const failureFields = (error: { readonly _tag: string }) => {
  const { code, status, retryAfterMs } = error as { readonly code?: unknown; readonly status?: unknown; readonly retryAfterMs?: unknown }
  return {
    error: error._tag,
    code: typeof code === "string" ? code : undefined,
    status: typeof status === "number" ? status : undefined,
    retryAfterMs: typeof retryAfterMs === "number" ? retryAfterMs : undefined
  }
}

/** A refused frame's line names this many validation paths at most, each this long at most (a hostile frame's keys may be huge). */
const PATHS_SHOWN = 5
const PATH_CHARS = 120

/**
 * A refused frame's line: its code, the first validation paths that failed and how many issues it
 * had, never the frame, the reason text or the issues' messages (a message may quote a value).
 */
export const refusedFrameFields = (error: ProtocolError) => ({
  code: error.code,
  paths: error.issues?.slice(0, PATHS_SHOWN).map((issue) => issue.path.slice(0, PATH_CHARS)),
  issues: error.issueCount ?? error.issues?.length
})

/** A window of refused frames: its first few are logged one by one, the rest counted. */
const REFUSED_LINES_PER_WINDOW = 5
const REFUSED_WINDOW_MS = 60_000

/** The log of refused inbound frames: `note` each one; `close` when the client closes. */
export interface RefusedFrameLog {
  readonly note: (error: ProtocolError) => void
  /** What the open window counted is written now, and no timer is left. */
  readonly close: () => void
}

/**
 * The log of refused inbound frames, bounded whatever a server sends: in each window of
 * `REFUSED_WINDOW_MS` (opened by a refused frame) the first `REFUSED_LINES_PER_WINDOW` get a
 * `frame-refused` line each, a sample of what is wrong; the others are only counted, by code,
 * and one `frames-refused` line at the window's end says how many there were. A flood of
 * malformed frames writes at most six lines a minute, never one per frame. `later` calls its
 * function after a delay on the client's clock and returns what cancels it.
 */
export const makeRefusedFrameLog = (log: ClientLog, later: (delayMs: number, then: () => void) => () => void): RefusedFrameLog => {
  let cancelWindow: (() => void) | undefined
  let logged = 0
  let counted = 0
  const codes = new Map<string, number>()
  const endWindow = () => {
    cancelWindow = undefined
    if (counted > 0) {
      log.warn?.("frames-refused", { refused: logged + counted, unlogged: counted, windowMs: REFUSED_WINDOW_MS, codes: [...codes].map(([code, count]) => `${code}:${count}`) })
    }
    logged = counted = 0
    codes.clear()
  }
  return {
    note: (error) => {
      if (log.warn === undefined) return
      cancelWindow ??= later(REFUSED_WINDOW_MS, endWindow)
      if (logged < REFUSED_LINES_PER_WINDOW) {
        logged++
        log.warn("frame-refused", refusedFrameFields(error))
      } else {
        counted++
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1)
      }
    },
    close: () => {
      if (cancelWindow === undefined) return
      cancelWindow()
      endWindow()
    }
  }
}
