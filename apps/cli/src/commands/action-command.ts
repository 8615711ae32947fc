import { validatePayload } from "@org/optave-core/validate"
import { actionCatalog, createClient, ValidationError, type ActionName } from "@org/optave-node"
import { runActionRequest } from "../action-request.ts"
import { wantsColor } from "../cli-io.ts"
import { numberOption, parseCommandLine, type CommandContext } from "../command-context.ts"
import { clientConfigOf, connectionFlagOptions, describeConnection, resolveConnectionSettings } from "../connection-settings.ts"
import { readDotenvFile } from "../dotenv-file.ts"
import type { EventPrinter } from "../event-printer.ts"
import { eventLog } from "../event-log.ts"
import { ExitCode } from "../exit-codes.ts"
import { reportFailure } from "../failure-report.ts"
import { actionHelp } from "../help-texts.ts"
import { ndjsonPrinter } from "../ndjson-printer.ts"
import { parsePayload, readPayload } from "../payload-input.ts"
import { statusBoard } from "../status-board.ts"
import { terminalStyle } from "../terminal-style.ts"
import { UsageError } from "../usage-error.ts"

const options = {
  transport: { type: "string" },
  json: { type: "boolean" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
  ...connectionFlagOptions
} as const

/** `optave <action> <payload.json|->`: sends the payload and shows each superpower event as it arrives. */
export const runActionCommand = async (action: ActionName, args: ReadonlyArray<string>, context: CommandContext): Promise<ExitCode> => {
  const { io } = context
  const { values, positionals } = parseCommandLine(action, args, options)
  if (values.help === true) {
    io.stdout.write(actionHelp(action))
    return ExitCode.ok
  }
  const [source, extra] = positionals
  if (source === undefined) throw new UsageError("missing the payload file (a path, or - for standard input)", action)
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`, action)
  const transport = values.transport ?? "ws"
  if (transport !== "ws" && transport !== "rest") throw new UsageError(`--transport must be ws or rest, not ${JSON.stringify(transport)}`, action)
  const timeoutMs = values.timeout === undefined ? undefined : numberOption(action, "timeout", values.timeout, 0, (value) => value > 0)

  const settings = resolveConnectionSettings(values, io.env, await readDotenvFile(io.cwd))
  context.secrets.push(...settings.secrets)

  // Check the payload before anything else: a broken payload needs no credentials to be reported.
  const { name, text } = await readPayload(source, io, action)
  const parsed = parsePayload(name, text)
  if ("issues" in parsed) throw new ValidationError({ action, issues: parsed.issues })
  const { payload } = parsed
  const issues = validatePayload(action, payload)
  if (issues.length > 0) throw new ValidationError({ action, issues })

  const config = clientConfigOf(settings, transport, timeoutMs, io.stderr)
  const client = createClient(config)
  const terminal = io.stdout.isTTY === true && values.json !== true
  const style = terminalStyle(wantsColor(io))
  if (terminal) io.stdout.write(`${style.dim(`optave ${action} over ${transport === "ws" ? "WebSocket" : "REST"} · ${describeConnection(config)}`)}\n`)
  const printer: EventPrinter =
    values.json === true
      ? ndjsonPrinter(io.stdout)
      : terminal
        ? statusBoard({ stdout: io.stdout, style, action, expected: actionCatalog[action].superpowers })
        : eventLog({ stdout: io.stdout, style, action })
  try {
    const outcome = await runActionRequest(client, action, payload, { transport }, printer)
    if (outcome.errors.length === 0) return ExitCode.ok
    let code: ExitCode = ExitCode.ok
    for (const error of outcome.errors) code = reportFailure(error, io, context.secrets)
    return code
  } finally {
    await client.close()
  }
}
