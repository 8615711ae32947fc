/** A command line the binary cannot run (unknown command or option, missing argument): exit code 2. */
export class UsageError extends Error {
  readonly _tag = "UsageError"
  /** The command whose help to point at, if any. */
  readonly command: string | undefined

  constructor(message: string, command?: string) {
    super(message)
    this.name = "UsageError"
    this.command = command
  }
}
