import { actionNames, isActionName } from "@org/optave-core/validate"
import { parseCommandLine, type CommandContext } from "../command-context.ts"
import { examplePayload } from "../example-payloads.ts"
import { ExitCode } from "../exit-codes.ts"
import { exampleHelp } from "../help-texts.ts"
import { UsageError } from "../usage-error.ts"

/** `optave example <action>`: prints a valid example payload (the API docs' own where they have one). */
export const runExampleCommand = async (args: ReadonlyArray<string>, context: CommandContext): Promise<ExitCode> => {
  const { values, positionals } = parseCommandLine("example", args, { help: { type: "boolean", short: "h" } })
  if (values.help === true) {
    context.io.stdout.write(exampleHelp())
    return ExitCode.ok
  }
  const [action, extra] = positionals
  if (action === undefined || !isActionName(action)) {
    throw new UsageError(`${action === undefined ? "missing the action" : `unknown action ${JSON.stringify(action)}`}; one of ${actionNames.join(", ")}`, "example")
  }
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`, "example")
  context.io.stdout.write(`${JSON.stringify(examplePayload(action), null, 2)}\n`)
  return ExitCode.ok
}
