import type { ValidationIssue } from "@org/optave-core/validate"
import { readFile } from "node:fs/promises"
import { resolve } from "node:path"
import type { CliIo } from "./cli-io.ts"
import { UsageError } from "./usage-error.ts"

export interface PayloadText {
  /** How to name the input in messages: the path as given, or "standard input". */
  readonly name: string
  readonly text: string
}

const reasonOf = (error: unknown): string => {
  const code = error !== null && typeof error === "object" && "code" in error ? error.code : undefined
  if (code === "ENOENT") return "no such file"
  if (code === "EISDIR") return "it is a directory"
  if (code === "EACCES") return "permission denied"
  return error instanceof Error ? error.message : String(error)
}

/** Reads a payload file, or standard input for `-`. An unreadable file is a usage error (exit code 2). */
export const readPayload = async (source: string, io: CliIo, command: string): Promise<PayloadText> => {
  const name = source === "-" ? "standard input" : source
  try {
    return { name, text: source === "-" ? await io.readStdin() : await readFile(resolve(io.cwd, source), "utf8") }
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${reasonOf(error)}`, command)
  }
}

/** Parses the payload's JSON; text that is not JSON is one validation issue at the root (exit code 3). */
export const parsePayload = (name: string, text: string): { readonly payload: unknown } | { readonly issues: ReadonlyArray<ValidationIssue> } => {
  try {
    return { payload: JSON.parse(text) as unknown }
  } catch (error) {
    return { issues: [{ path: "", message: `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})` }] }
  }
}
