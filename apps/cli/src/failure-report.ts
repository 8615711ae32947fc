import type { ValidationIssue } from "@org/optave-core/validate"
import { wantsColor, type CliIo } from "./cli-io.ts"
import { exitCodeOf, type ExitCode } from "./exit-codes.ts"
import { issueLines, problemCount } from "./issue-report.ts"
import { terminalStyle } from "./terminal-style.ts"

interface TaggedFailure {
  readonly _tag?: string
  readonly message?: string
  readonly command?: string
  readonly action?: string
  readonly issues?: ReadonlyArray<ValidationIssue>
  readonly field?: string
  readonly reason?: string
  readonly code?: string
}

/** Replaces every secret in `text` by `***` (a server or library may echo what it was given). */
export const redact = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.filter((secret) => secret.length >= 4).reduce((result, secret) => result.split(secret).join("***"), text)

const linesOf = (failure: TaggedFailure, io: CliIo): Array<string> => {
  const style = terminalStyle(wantsColor(io, io.stderr))
  const message = failure.message ?? String(failure)
  switch (failure._tag) {
    case "UsageError":
      return [`optave: ${message}`, `Run "optave ${failure.command === undefined ? "" : `${failure.command} `}--help" for usage.`]
    case "ValidationError": {
      const issues = failure.issues ?? []
      const what = failure.action === undefined ? "invalid payload" : `invalid ${failure.action} payload`
      return [`optave: ${what}, ${problemCount(issues.length)}; nothing was sent:`, ...issueLines(issues, style)]
    }
    case "ConfigError":
      return [
        `optave: configuration error at ${failure.field}: ${failure.reason}`,
        // The library's hint names its option; on the command line it is a flag.
        ...(failure.reason?.includes("allowInsecure") === true ? [style.dim("On the command line: --allow-insecure (or OPTAVE_ALLOW_INSECURE=1).")] : [])
      ]
    case "AuthError":
      return [`optave: ${message}`, style.dim("Check the token, or the client id, secret and auth URL (flags, OPTAVE_* variables or .env).")]
    case "RemoteError":
    case "TransportError":
    case "TimeoutError":
    case "ProtocolError":
      return [`optave: ${message}`]
    default:
      return [`optave: unexpected error: ${message}`, ...(io.env.OPTAVE_DEBUG && failure instanceof Error && failure.stack ? [failure.stack] : [])]
  }
}

/** Prints a failure on stderr, secrets hidden, and returns its exit code. */
export const reportFailure = (error: unknown, io: CliIo, secrets: ReadonlyArray<string>): ExitCode => {
  const failure: TaggedFailure = error !== null && typeof error === "object" ? (error as TaggedFailure) : { message: String(error) }
  io.stderr.write(`${redact(linesOf(failure, io).join("\n"), secrets)}\n`)
  return exitCodeOf(error)
}
