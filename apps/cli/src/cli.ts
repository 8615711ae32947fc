import { isActionName } from "@org/optave-core/validate"
import { processIo, type CliIo } from "./cli-io.ts"
import type { CommandContext } from "./command-context.ts"
import { ExitCode } from "./exit-codes.ts"
import { reportFailure } from "./failure-report.ts"
import { actionHelp, demoHelp, exampleHelp, mainHelp, mockServerHelp, validateHelp } from "./help-texts.ts"
import { UsageError } from "./usage-error.ts"
import { cliVersion } from "./version.ts"

type Run = (args: ReadonlyArray<string>, context: CommandContext) => Promise<ExitCode>

// Commands load on demand: the client (Effect) and the schemas (TypeBox) take a while to import,
// and `optave --help` or `optave validate` should not wait for what they do not use.
const commands: Readonly<Record<string, { readonly load: () => Promise<Run>; readonly help: () => string }>> = {
  validate: { load: async () => (await import("./commands/validate-command.ts")).runValidateCommand, help: validateHelp },
  example: { load: async () => (await import("./commands/example-command.ts")).runExampleCommand, help: exampleHelp },
  "mock-server": { load: async () => (await import("./commands/mock-server-command.ts")).runMockServerCommand, help: mockServerHelp },
  demo: { load: async () => (await import("./commands/demo-command.ts")).runDemoCommand, help: demoHelp }
}

const helpOf = (name: string | undefined): string | undefined => {
  if (name === undefined) return mainHelp()
  if (isActionName(name)) return actionHelp(name)
  return Object.hasOwn(commands, name) ? commands[name]?.help() : undefined
}

/** Runs the `optave` command line and resolves with its exit code (see `ExitCode`). Never rejects. */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo = processIo()): Promise<ExitCode> => {
  const context: CommandContext = { io, secrets: [] }
  const [name, ...args] = argv
  try {
    if (name === undefined) {
      io.stderr.write(mainHelp())
      return ExitCode.usage
    }
    if (name === "--version" || name === "-v" || name === "version") {
      io.stdout.write(`${cliVersion()}\n`)
      return ExitCode.ok
    }
    if (name === "--help" || name === "-h" || name === "help") {
      const help = helpOf(args[0])
      if (help === undefined) throw new UsageError(`unknown command ${JSON.stringify(args[0])}`)
      io.stdout.write(help)
      return ExitCode.ok
    }
    if (isActionName(name)) {
      const { runActionCommand } = await import("./commands/action-command.ts")
      return await runActionCommand(name, args, context)
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`)
    const run = await command.load()
    return await run(args, context)
  } catch (error) {
    return reportFailure(error, io, context.secrets)
  }
}
