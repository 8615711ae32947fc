import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { actionCatalog, createClient, type ActionName, type ClientConfig } from "@org/optave-node"
import { runActionRequest, type RequestOutcome } from "../action-request.ts"
import { wantsColor } from "../cli-io.ts"
import { numberOption, parseCommandLine, type CommandContext } from "../command-context.ts"
import { clientConfigOf, describeConnection, resolveConnectionSettings, targetsRealService } from "../connection-settings.ts"
import { readDotenvFile } from "../dotenv-file.ts"
import { eventLog } from "../event-log.ts"
import { examplePayload } from "../example-payloads.ts"
import { ExitCode, exitCodeOf } from "../exit-codes.ts"
import { reportFailure } from "../failure-report.ts"
import { demoHelp } from "../help-texts.ts"
import { terminalStyle } from "../terminal-style.ts"
import { UsageError } from "../usage-error.ts"

const options = { latency: { type: "string" }, seed: { type: "string" }, help: { type: "boolean", short: "h" } } as const

/** The demo's two requests: the documented examples, one per transport. */
const STEPS: ReadonlyArray<{ readonly action: ActionName; readonly transport: "ws" | "rest" }> = [
  { action: "insights", transport: "ws" },
  { action: "elevate", transport: "rest" }
]

/**
 * `optave demo`: insights over the WebSocket and elevate over REST, every event printed as it
 * arrives, then a summary. Against the embedded mock server unless a real tenant is configured.
 */
export const runDemoCommand = async (args: ReadonlyArray<string>, context: CommandContext): Promise<ExitCode> => {
  const { io } = context
  const { values, positionals } = parseCommandLine("demo", args, options)
  if (values.help === true) {
    io.stdout.write(demoHelp())
    return ExitCode.ok
  }
  if (positionals[0] !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, "demo")
  const latencyMs = numberOption("demo", "latency", values.latency, 150, (value) => value >= 0)
  const seed = numberOption("demo", "seed", values.seed, 1, Number.isInteger)
  const style = terminalStyle(wantsColor(io))
  const say = (line = ""): void => void io.stdout.write(`${line}\n`)

  const settings = resolveConnectionSettings({}, io.env, await readDotenvFile(io.cwd))
  context.secrets.push(...settings.secrets)
  const real = targetsRealService(settings)
  let server: MockServer | undefined
  let config: ClientConfig
  if (real) {
    config = clientConfigOf(settings, "ws", undefined, io.stderr)
    say(style.bold(`Optave demo · the real service, tenant ${settings.values.tenant} (tld ${settings.values.tld ?? "?"})`))
    say(style.dim("  OPTAVE_TENANT and credentials are set (environment or .env), so this talks to the real service, not the mock."))
  } else {
    server = await startMockServer({ port: 0, latencyMs, seed })
    config = { urls: { ws: server.wsUrl, rest: server.restUrl }, clientId: "demo-client", clientSecret: "demo-secret", sdkVersion: "none" }
    say(style.bold("Optave demo · embedded mock server (set OPTAVE_TENANT and credentials to use the real service)"))
    say(`  WebSocket ${server.wsUrl} · REST ${server.restUrl}/message/{action} · OAuth2 ${server.tokenUrl} (demo-client)`)
  }

  const startedAt = Date.now()
  const outcomes: Array<RequestOutcome> = []
  const failures: Array<unknown> = []
  let expected = 0
  try {
    const client = createClient(config)
    try {
      for (const step of STEPS) {
        const stepConfig = { ...config, transport: step.transport }
        say()
        say(`${style.bold(`▶ ${step.action}`)} over ${step.transport === "ws" ? "WebSocket" : "REST"} ${style.dim(`· ${describeConnection(stepConfig)}`)}`)
        expected += actionCatalog[step.action].superpowers.length
        try {
          const outcome = await runActionRequest(
            client,
            step.action,
            examplePayload(step.action),
            { transport: step.transport },
            eventLog({ stdout: io.stdout, style, action: step.action, details: true, startedAt })
          )
          outcomes.push(outcome)
          failures.push(...outcome.errors)
        } catch (error) {
          failures.push(error)
          reportFailure(error, io, context.secrets)
        }
      }
    } finally {
      await client.close()
    }
  } finally {
    await server?.close()
  }

  const completed = outcomes.reduce((total, outcome) => total + outcome.completed, 0)
  const errors = failures.length
  say()
  say(
    `${style.bold("Summary")}  ${STEPS.length} requests · ${(completed === expected ? style.green : style.yellow)(`${completed}/${expected} superpowers completed`)} · ${(errors === 0 ? style.green : style.red)(`${errors} error${errors === 1 ? "" : "s"}`)} · ${Date.now() - startedAt} ms`
  )
  return failures.length === 0 ? ExitCode.ok : exitCodeOf(failures[0])
}
