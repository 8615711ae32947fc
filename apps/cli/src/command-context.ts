import { parseArgs, type ParseArgsConfig } from "node:util"
import type { CliIo } from "./cli-io.ts"
import { UsageError } from "./usage-error.ts"

/** What every command gets: the process's streams, and a place to declare secrets so failures never print them. */
export interface CommandContext {
  readonly io: CliIo
  readonly secrets: Array<string>
}

type Options = NonNullable<ParseArgsConfig["options"]>
type ParsedCommandLine<O extends Options> = ReturnType<typeof parseArgs<{ args: Array<string>; options: O; allowPositionals: true; strict: true }>>

/** `util.parseArgs`, strict, with its errors turned into usage errors (exit code 2) that name the command. */
export const parseCommandLine = <O extends Options>(command: string, args: ReadonlyArray<string>, options: O): ParsedCommandLine<O> => {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "[^"]*"\.?/u, ".") : String(error)
    throw new UsageError(message, command)
  }
}

/** Parses a numeric option, or throws a usage error. */
export const numberOption = (command: string, name: string, text: string | undefined, fallback: number, check: (value: number) => boolean): number => {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === "" || !Number.isFinite(value) || !check(value)) throw new UsageError(`invalid --${name} ${JSON.stringify(text)}`, command)
  return value
}
