/** The binary's exit codes; `optave --help` documents them. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  validation: 3,
  auth: 4,
  remote: 5,
  transport: 6,
  config: 7
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Exit code of a failure, by its `_tag` (tags survive duplicated package copies, `instanceof` does not). */
export const exitCodeOf = (error: unknown): ExitCode => {
  const tag = error !== null && typeof error === "object" && "_tag" in error ? error._tag : undefined
  switch (tag) {
    case "UsageError":
      return ExitCode.usage
    case "ValidationError":
      return ExitCode.validation
    case "AuthError":
      return ExitCode.auth
    case "RemoteError":
      return ExitCode.remote
    case "TransportError":
    case "TimeoutError":
    case "ProtocolError":
      return ExitCode.transport
    case "ConfigError":
      return ExitCode.config
    default:
      return ExitCode.unexpected
  }
}
