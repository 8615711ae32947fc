/** Where a command writes and what it reads: the process's streams and environment, replaceable in tests. */
export interface OutputStream {
  readonly write: (text: string) => unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

export interface CliIo {
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  /** Reads all of standard input (for `-` as the payload file). */
  readonly readStdin: () => Promise<string>
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
}

const readAll = async (stream: AsyncIterable<Buffer | string>): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString("utf8")
}

/** The real process's streams. */
export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => readAll(process.stdin),
  env: process.env,
  cwd: process.cwd()
})

/** Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export const wantsColor = (io: CliIo, stream: OutputStream = io.stdout): boolean =>
  stream.isTTY === true && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === "") && io.env.TERM !== "dumb"

/** The terminal's width; `fallback` when unknown (not a terminal, or a pseudo-terminal of size 0). */
export const columnsOf = (stream: OutputStream, fallback = 100): number =>
  stream.columns !== undefined && stream.columns > 0 ? stream.columns : fallback
