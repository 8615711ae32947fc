import type { SuperpowerEvent } from "@org/optave-node"

/** Shows a request's events as they arrive: a terminal status board, plain lines, or NDJSON. */
export interface EventPrinter {
  readonly event: (event: SuperpowerEvent) => void
  /** The request ended (or failed): last redraw, then any results summary. Called once. */
  readonly finish: () => void
}
