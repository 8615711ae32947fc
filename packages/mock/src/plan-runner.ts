import type { SocketPlan } from "./front-door.ts"

/** The connection a front door gives the runner (a `ws` socket, an MSW `ws.link` client...). */
export interface PlanTarget {
  /** Sends one frame; calls `written` once it is handed to the network, when the transport can tell. */
  readonly send: (text: string, written?: () => void) => void
  /** Closes the connection abruptly, as a network failure would. */
  readonly drop: () => void
  /** False once the connection is closing or closed. */
  readonly isOpen: () => boolean
}

/** Executes the engine's plans on one connection and owns that connection's timers. */
export interface PlanRunner {
  readonly run: (plan: SocketPlan) => void
  /** Clears every pending frame (the connection closed). */
  readonly cancel: () => void
  /** Drops the connection now. */
  readonly drop: () => void
}

/**
 * Sends each frame `delayMs` after the previous one with plain timers (Node, browsers, workerd);
 * a zero delay sends at once, in order. A plan's `drop` closes the connection once its N-th
 * frame was written, never before (or the drop would swallow it). Both front doors (the local
 * mock server and the MSW handlers) run plans through this one runner.
 */
export const createPlanRunner = (target: PlanTarget): PlanRunner => {
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let dropped = false

  const cancel = (): void => {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
  }

  const drop = (): void => {
    if (dropped) return
    dropped = true
    cancel()
    target.drop()
  }

  const run = (plan: SocketPlan): void => {
    const { frames } = plan
    const dropAfter = plan.drop === undefined ? undefined : Math.min(plan.drop.afterFrames, frames.length)
    if (dropAfter === 0) return drop()
    const sendFrom = (index: number): void => {
      const frame = frames[index]
      if (frame === undefined) return
      const deliver = (): void => {
        if (dropped || !target.isOpen()) return
        const last = dropAfter !== undefined && index + 1 === dropAfter
        if (last) {
          // Nothing more of this plan may go out: stop the timers now, drop once written.
          cancel()
          target.send(frame.text, drop)
          return
        }
        target.send(frame.text)
        sendFrom(index + 1)
      }
      if (frame.delayMs <= 0) return deliver()
      const timer = setTimeout(() => {
        timers.delete(timer)
        deliver()
      }, frame.delayMs)
      timers.add(timer)
    }
    sendFrom(0)
  }

  return { run, cancel, drop }
}
