// client.stats() as Prometheus text (exposition format 0.0.4): no metrics library needed. Each
// field of ClientStats is named here once; a field added to ClientStats fails to compile until it is.
import type { ClientStats } from "@org/optave-node"

interface Family {
  readonly name: string
  readonly type: "counter" | "gauge"
  readonly help: string
}

const FAMILIES: { readonly [K in keyof ClientStats]: Family } = {
  connects: { name: "optave_client_connects_total", type: "counter", help: "WebSocket connections opened (the first one and every reconnect)." },
  reconnects: { name: "optave_client_reconnects_total", type: "counter", help: "WebSocket connections opened after a previous one was lost." },
  resends: { name: "optave_client_resends_total", type: "counter", help: "Request frames sent again on a new connection (same idempotency key)." },
  duplicatesDropped: { name: "optave_client_duplicates_dropped_total", type: "counter", help: "Inbound events dropped as already seen (replays, late progress)." },
  unrouted: { name: "optave_client_unrouted_events_total", type: "counter", help: "Inbound events that answered no pending request (published to unrouted())." },
  protocolErrors: { name: "optave_client_protocol_errors_total", type: "counter", help: "Inbound frames that failed their checks (published to protocolErrors())." },
  tokenFetches: { name: "optave_client_token_fetches_total", type: "counter", help: "Tokens obtained from the token provider or endpoint." },
  tokenFailures: { name: "optave_client_token_failures_total", type: "counter", help: "Token acquisitions that failed, timed out or gave an unusable token." },
  pending: { name: "optave_client_pending_requests", type: "gauge", help: "WebSocket requests in flight now (sent, or waiting for the socket)." }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

// The format's escapes: in label values backslash, double quote and line feed; in HELP backslash and line feed.
const escapeLabelValue = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

/**
 * The client's counters as a Prometheus scrape body (`content-type: text/plain; version=0.0.4`).
 * `labels` go on every sample, e.g. `{ tenant: "acme" }` when one process holds several clients.
 */
export const prometheusMetrics = (stats: ClientStats, labels: Readonly<Record<string, string>> = {}): string => {
  for (const name of Object.keys(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new TypeError(`${JSON.stringify(name)} is not a Prometheus label name`)
  }
  const labelText = Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(",")
  const suffix = labelText === "" ? "" : `{${labelText}}`
  const lines: Array<string> = []
  for (const key of Object.keys(FAMILIES) as Array<keyof ClientStats>) {
    const family = FAMILIES[key]
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`, `${family.name}${suffix} ${stats[key]}`)
  }
  return `${lines.join("\n")}\n`
}
