import { startMockServer } from "@org/optave-mock-server"
import { wantsColor } from "../cli-io.ts"
import { numberOption, parseCommandLine, type CommandContext } from "../command-context.ts"
import { ExitCode } from "../exit-codes.ts"
import { mockServerHelp } from "../help-texts.ts"
import { terminalStyle } from "../terminal-style.ts"
import { UsageError } from "../usage-error.ts"

const options = {
  port: { type: "string" },
  host: { type: "string" },
  latency: { type: "string" },
  "fail-rate": { type: "string" },
  seed: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

const untilSignal = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.removeListener("SIGINT", stop)
      process.removeListener("SIGTERM", stop)
      resolve(signal)
    }
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
  })

/** `optave mock-server`: the local mock service until SIGINT or SIGTERM. */
export const runMockServerCommand = async (args: ReadonlyArray<string>, context: CommandContext): Promise<ExitCode> => {
  const { io } = context
  const { values, positionals } = parseCommandLine("mock-server", args, options)
  if (values.help === true) {
    io.stdout.write(mockServerHelp())
    return ExitCode.ok
  }
  if (positionals[0] !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, "mock-server")
  const command = "mock-server"
  const server = await startMockServer({
    port: numberOption(command, "port", values.port, 4010, (value) => Number.isInteger(value) && value >= 0 && value < 65536),
    host: values.host ?? "127.0.0.1",
    latencyMs: numberOption(command, "latency", values.latency, 5, (value) => value >= 0),
    failRate: numberOption(command, "fail-rate", values["fail-rate"], 0, (value) => value >= 0 && value <= 1),
    seed: numberOption(command, "seed", values.seed, 1, Number.isInteger)
  })
  const style = terminalStyle(wantsColor(io))
  // The token endpoint sits at the documented path under the REST URL, where the client looks by default.
  const connection = `--ws-url ${server.wsUrl} --rest-url ${server.restUrl} --client-id demo-client --client-secret demo-secret`
  io.stdout.write(
    [
      style.bold("Optave mock server listening"),
      `  WebSocket  ${server.wsUrl}   ${style.dim("(Sec-WebSocket-Protocol: optave-v1, <token>)")}`,
      `  REST       ${server.restUrl}/message/{action}`,
      `  OAuth2     ${server.tokenUrl}   ${style.dim("(client_id demo-client, client_secret demo-secret; any non-empty bearer token works too)")}`,
      "",
      "Try:",
      "  optave example insights > payload.json",
      `  optave insights payload.json ${connection}`,
      `  optave elevate - --transport rest ${connection} < <(optave example elevate)`,
      "",
      "Or set the connection once (the optave CLI and configFromEnv in your code read the same names):",
      `  export OPTAVE_WS_URL=${server.wsUrl} OPTAVE_REST_URL=${server.restUrl} OPTAVE_CLIENT_ID=demo-client OPTAVE_CLIENT_SECRET=demo-secret`,
      "",
      style.dim("Ctrl+C to stop."),
      ""
    ].join("\n")
  )
  const signal = await untilSignal()
  io.stdout.write(`\n${signal}: closing\n`)
  await server.close()
  io.stdout.write("closed\n")
  return ExitCode.ok
}
