#!/usr/bin/env node
// optave-mock-server [--port N] [--host H] [--latency MS] [--fail-rate X] [--seed N]
import { parseArgs } from "node:util"
import { startMockServer } from "./mock-server.ts"

const USAGE = `Usage: optave-mock-server [--port N] [--host 127.0.0.1] [--latency MS] [--fail-rate 0..1] [--seed N] [--interleave]

Runs a local Optave mock service (WebSocket, REST and OAuth2 token endpoint on one port)
until SIGINT or SIGTERM. Client credentials: demo-client / demo-secret; any non-empty bearer
token is accepted.`

const numberOption = (name: string, text: string | undefined, fallback: number, check: (value: number) => boolean): number => {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || !check(value)) {
    process.stderr.write(`optave-mock-server: invalid --${name} ${JSON.stringify(text)}\n\n${USAGE}\n`)
    process.exit(2)
  }
  return value
}

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      latency: { type: "string" },
      "fail-rate": { type: "string" },
      seed: { type: "string" },
      interleave: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    },
    strict: true
  })
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const server = await startMockServer({
    port: numberOption("port", values.port, 4010, (value) => Number.isInteger(value) && value >= 0 && value < 65536),
    host: values.host ?? "127.0.0.1",
    latencyMs: numberOption("latency", values.latency, 5, (value) => value >= 0),
    failRate: numberOption("fail-rate", values["fail-rate"], 0, (value) => value >= 0 && value <= 1),
    seed: numberOption("seed", values.seed, 1, Number.isInteger),
    interleave: values.interleave === true
  })
  const sample = JSON.stringify({
    request: {
      connections: { threadId: "thread-1" },
      context: { organizationId: "org-1" },
      scope: {
        conversations: [
          {
            participants: [{ participantId: "u1", displayName: "Alice Hawthorne", role: "user" }],
            messages: [{ content: "My flight was cancelled and I need to rebook", participantId: "u1" }]
          }
        ]
      }
    }
  })
  process.stdout.write(
    [
      "Optave mock server listening",
      `  WebSocket  ${server.wsUrl}   (Sec-WebSocket-Protocol: optave-v1, <token>)`,
      `  REST       ${server.restUrl}/message/{action}`,
      `  OAuth2     ${server.tokenUrl}   (client_id demo-client, client_secret demo-secret)`,
      "",
      "Aim a client at it (createClient(configFromEnv({})), or the optave CLI):",
      `  export OPTAVE_WS_URL=${server.wsUrl} OPTAVE_REST_URL=${server.restUrl} OPTAVE_CLIENT_ID=demo-client OPTAVE_CLIENT_SECRET=demo-secret`,
      "",
      "Try:",
      `  TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=demo-client -d client_secret=demo-secret ${server.tokenUrl} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')`,
      `  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '${sample}' ${server.restUrl}/message/insights`,
      "",
      "Ctrl+C to stop.",
      ""
    ].join("\n")
  )
  const stop = (signal: string): void => {
    process.stdout.write(`\n${signal}: closing\n`)
    server.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once("SIGINT", () => stop("SIGINT"))
  process.once("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  process.stderr.write(`optave-mock-server: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
