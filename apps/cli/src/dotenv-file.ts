import { readFile } from "node:fs/promises"
import { join } from "node:path"

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" }
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/u

/**
 * Parses the common `.env` dialect: `KEY=value` lines, an optional `export ` prefix, `#` comments
 * (whole lines, or after whitespace in an unquoted value), single quotes taken literally, double
 * quotes with `\n`-style escapes and possibly spanning lines. No variable expansion.
 */
export const parseDotenv = (text: string): Record<string, string> => {
  const values: Record<string, string> = {}
  const lines = text.replace(/^\uFEFF/u, "").split(/\r?\n/u)
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? "").trim()
    if (line === "" || line.startsWith("#")) continue
    const equals = line.indexOf("=")
    if (equals < 0) continue
    const key = line.slice(0, equals).trim().replace(/^export\s+/u, "")
    if (!KEY.test(key)) continue
    let rest = line.slice(equals + 1).trim()
    const quote = rest.charAt(0)
    if (quote === '"' || quote === "'") {
      // A quoted value may continue on the following lines until its closing quote.
      let body = rest.slice(1)
      while (!hasClosingQuote(body, quote) && index + 1 < lines.length) body += `\n${lines[++index] ?? ""}`
      const end = closingQuoteAt(body, quote)
      const raw = end < 0 ? body : body.slice(0, end)
      values[key] = quote === '"' ? raw.replace(/\\(.)/gu, (whole, character: string) => ESCAPES[character] ?? whole) : raw
      continue
    }
    const comment = rest.search(/\s#/u)
    if (comment >= 0) rest = rest.slice(0, comment)
    values[key] = rest.trim()
  }
  return values
}

const closingQuoteAt = (body: string, quote: string): number => {
  for (let index = 0; index < body.length; index++) {
    if (quote === '"' && body[index] === "\\") index++
    else if (body[index] === quote) return index
  }
  return -1
}
const hasClosingQuote = (body: string, quote: string): boolean => closingQuoteAt(body, quote) >= 0

/** The `.env` file of `directory`, parsed; empty when there is none. */
export const readDotenvFile = async (directory: string): Promise<Record<string, string>> => {
  try {
    return parseDotenv(await readFile(join(directory, ".env"), "utf8"))
  } catch (error) {
    if (error !== null && typeof error === "object" && "code" in error && (error.code === "ENOENT" || error.code === "EISDIR")) return {}
    throw error
  }
}
