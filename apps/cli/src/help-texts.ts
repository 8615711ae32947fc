import { actionCatalog, actionNames, type ActionName } from "@org/optave-core/validate"
import { connectionSettings, isSwitch } from "./connection-settings.ts"
import { cliVersion } from "./version.ts"

const table = (rows: ReadonlyArray<readonly [string, string]>, indent = "  "): string => {
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`).join("\n")
}

const EXIT_CODES = table([
  ["0", "ok"],
  ["1", "unexpected internal error"],
  ["2", "usage error (unknown command or option, missing or unreadable file)"],
  ["3", "validation error (the payload does not match the action's schema, or is not JSON)"],
  ["4", "authentication error (token refused, token endpoint failed)"],
  ["5", "remote error (a superpower ended in the error state)"],
  ["6", "transport, timeout or protocol error"],
  ["7", "configuration error (missing endpoint or credentials, bad tenant or URL)"]
])

const CONNECTION = `Connection (a flag, else the environment variable, else a .env file in the working directory):
${table(connectionSettings.map((setting) => [`--${setting.flag}${isSwitch(setting.key) ? "" : " <value>"}`, `${setting.variable.padEnd(21)} ${setting.help}`]))}
  Give --tenant and --tld for the real service, or --ws-url/--rest-url for another server (a local mock).
  Authenticate with a token, or with client id and secret (the token endpoint defaults to the client's
  documented {REST URL}/auth/oauth2/token; --auth-url for another). Prefer the variables for secrets:
  flags end up in shell history. Secrets are never printed. Client log lines go to stderr.`

const superpowersOf = (action: ActionName): string => actionCatalog[action].superpowers.join(", ")

export const mainHelp = (): string => `optave ${cliVersion()}: the Optave message API at a terminal, with a local mock server built in.

Usage:
  optave <action> <payload.json|-> [options]     send a payload and stream its superpowers
  optave validate <payload.json|-> [--action A]  check a payload against its action's schema
  optave example <action>                        print an example payload of the action
  optave mock-server [--port N] [--latency MS] [--fail-rate X] [--seed N]
  optave demo                                    insights over WebSocket and elevate over REST, end to end
  optave <command> --help | optave --version

Actions:
${table(actionNames.map((action) => [action, `${"deprecatedFor" in actionCatalog[action] ? "(deprecated, use interaction) " : ""}${actionCatalog[action].summary} -> ${superpowersOf(action)}`]))}

${CONNECTION}

Exit codes:
${EXIT_CODES}

Examples:
  optave demo
  optave mock-server --port 4010
  optave example insights > insights.json
  optave insights insights.json --ws-url ws://127.0.0.1:4010 --client-id demo-client --client-secret demo-secret
  OPTAVE_TENANT=acme OPTAVE_TLD=tech OPTAVE_TOKEN=... optave elevate draft.json --transport rest
  optave insights - --json < insights.json | jq -c 'select(.state == "completed")'
  optave validate insights.json
`

export const actionHelp = (action: ActionName): string => `optave ${action}: ${actionCatalog[action].summary}${"deprecatedFor" in actionCatalog[action] ? "\nDeprecated alias of interaction, sent lowercase on the wire." : ""}

Usage:
  optave ${action} <payload.json|-> [options]

Sends the payload ({ session, request }; "-" reads standard input) and shows each superpower event
as it arrives. Expected superpowers: ${superpowersOf(action)}.
On a terminal: a live status line per superpower, then the results. Otherwise one plain line per
event: "<action> <superpower> <state> <short content>". With --json: one event object per line (NDJSON).

Options:
${table([
  ["--transport ws|rest", "WebSocket (default) or REST (POST /message/" + action + ")"],
  ["--json", "print each event as one line of JSON, nothing else on stdout"],
  ["--timeout <ms>", "give up on the request after this long (default 120000)"],
  ["-h, --help", "this help"]
])}

${CONNECTION}

Exit codes:
${EXIT_CODES}

Examples:
  optave example ${action} > ${action}.json
  optave ${action} ${action}.json --ws-url ws://127.0.0.1:4010 --token any-token
  optave ${action} ${action}.json --transport rest --json
  cat ${action}.json | optave ${action} - --tenant acme --tld tech
`

export const validateHelp = (): string => `optave validate: check a payload against an action's schema, without sending it.

Usage:
  optave validate <payload.json|-> [--action <action>]

The action comes from --action, else from the file name (insights.json, my-elevate-draft.json);
standard input needs --action. Prints every problem with its JSON path.

Options:
${table([
  ["--action <action>", `one of ${actionNames.join(", ")}`],
  ["-h, --help", "this help"]
])}

Exit codes:
  0 valid, 2 usage error (no action, unreadable file), 3 invalid (or not JSON)

Examples:
  optave validate insights.json
  optave validate payload.json --action elevate
  optave example adjust | optave validate - --action adjust
`

export const exampleHelp = (): string => `optave example: print an example payload of an action (the API documentation's own examples).

Usage:
  optave example <action>

Examples:
  optave example insights > insights.json
  optave example elevate | optave elevate - --ws-url ws://127.0.0.1:4010 --token any-token
`

export const mockServerHelp = (): string => `optave mock-server: run the local Optave mock service (WebSocket, REST and OAuth2 token endpoint on one port).

Usage:
  optave mock-server [--port N] [--host 127.0.0.1] [--latency MS] [--fail-rate X] [--seed N]

Prints its URLs and a sample command, and runs until Ctrl+C (SIGINT) or SIGTERM.
Client credentials: demo-client / demo-secret; any non-empty bearer token is accepted.

Options:
${table([
  ["--port <n>", "port to listen on (default 4010; 0 picks a free one)"],
  ["--host <address>", "interface to listen on (default 127.0.0.1, loopback only)"],
  ["--latency <ms>", "delay before and between events (default 5)"],
  ["--fail-rate <0..1>", "fraction of superpowers answered with an error state (default 0)"],
  ["--seed <n>", "seed of every random choice, for repeatable answers (default 1)"],
  ["-h, --help", "this help"]
])}

Examples:
  optave mock-server
  optave mock-server --port 0 --latency 300 --fail-rate 0.2 --seed 7
`

export const demoHelp = (): string => `optave demo: the whole flow, end to end.

Usage:
  optave demo [--latency MS] [--seed N]

Starts the embedded mock server on a random loopback port, authenticates with OAuth2 client
credentials, sends the API documentation's insights example over the WebSocket and its elevate
example over REST, prints every event as it arrives with a readable rendering of each result
(per-criterion scores, the sentiment, the improved answer), then a summary, and exits.

With OPTAVE_TENANT (and OPTAVE_TLD) plus OPTAVE_TOKEN, or OPTAVE_CLIENT_ID and OPTAVE_CLIENT_SECRET
(OPTAVE_AUTH_URL optional), set in the environment or .env, it talks to the real service instead and says so.

Options:
${table([
  ["--latency <ms>", "mock server delay before and between events (default 150)"],
  ["--seed <n>", "mock server seed (default 1)"],
  ["-h, --help", "this help"]
])}

Exit codes: as for the actions (0 when every superpower completed).

Examples:
  optave demo
  OPTAVE_TENANT=acme OPTAVE_TLD=tech OPTAVE_TOKEN=... optave demo
`
