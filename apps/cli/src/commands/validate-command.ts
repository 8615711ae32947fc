import { actionNames, isActionName, validatePayload, type ActionName } from "@org/optave-core/validate"
import { guessActionFromFileName } from "../action-guess.ts"
import { wantsColor } from "../cli-io.ts"
import { parseCommandLine, type CommandContext } from "../command-context.ts"
import { ExitCode } from "../exit-codes.ts"
import { validateHelp } from "../help-texts.ts"
import { issueLines, problemCount } from "../issue-report.ts"
import { parsePayload, readPayload } from "../payload-input.ts"
import { terminalStyle } from "../terminal-style.ts"
import { UsageError } from "../usage-error.ts"

const options = { action: { type: "string" }, help: { type: "boolean", short: "h" } } as const

/** `optave validate <payload.json|-> [--action A]`: prints every problem with its path; exit 0 valid, 3 invalid. */
export const runValidateCommand = async (args: ReadonlyArray<string>, context: CommandContext): Promise<ExitCode> => {
  const { io } = context
  const { values, positionals } = parseCommandLine("validate", args, options)
  if (values.help === true) {
    io.stdout.write(validateHelp())
    return ExitCode.ok
  }
  const [source, extra] = positionals
  if (source === undefined) throw new UsageError("missing the payload file (a path, or - for standard input)", "validate")
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`, "validate")
  let action: ActionName
  let guessed = false
  if (values.action !== undefined) {
    if (!isActionName(values.action)) throw new UsageError(`unknown action ${JSON.stringify(values.action)}; one of ${actionNames.join(", ")}`, "validate")
    action = values.action
  } else {
    const guess = source === "-" ? undefined : guessActionFromFileName(source)
    if (guess === undefined) {
      throw new UsageError(
        `cannot tell the action from ${source === "-" ? "standard input" : JSON.stringify(source)}; pass --action (one of ${actionNames.join(", ")})`,
        "validate"
      )
    }
    action = guess
    guessed = true
  }
  const style = terminalStyle(wantsColor(io))
  const { name, text } = await readPayload(source, io, "validate")
  const parsed = parsePayload(name, text)
  const issues = "issues" in parsed ? parsed.issues : validatePayload(action, parsed.payload)
  const how = guessed ? style.dim(" (action guessed from the file name; --action to choose)") : ""
  if (issues.length === 0) {
    io.stdout.write(`${style.green("✔")} ${name}: a valid ${action} payload${how}\n`)
    return ExitCode.ok
  }
  io.stdout.write(`${style.red("✖")} ${name}: ${problemCount(issues.length)} in the ${action} payload${how}\n${issueLines(issues, style).join("\n")}\n`)
  return ExitCode.validation
}
