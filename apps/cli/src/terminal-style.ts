// SGR escapes by hand: a handful of colours is not worth a dependency.
const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`

export interface TerminalStyle {
  readonly enabled: boolean
  readonly bold: (text: string) => string
  readonly dim: (text: string) => string
  readonly red: (text: string) => string
  readonly green: (text: string) => string
  readonly yellow: (text: string) => string
  readonly cyan: (text: string) => string
}

const plain = (text: string): string => text

/** Colours when `enabled`, the text unchanged otherwise. */
export const terminalStyle = (enabled: boolean): TerminalStyle =>
  enabled
    ? { enabled, bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) }
    : { enabled, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain }

/** Cursor and line control (ECMA-48 CSI sequences). */
export const cursor = {
  up: (lines: number): string => (lines > 0 ? `\u001b[${lines}A` : ""),
  clearLine: "\u001b[2K",
  hide: "\u001b[?25l",
  show: "\u001b[?25h"
} as const
