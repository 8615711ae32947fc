import type { SocketPlan } from "@org/optave-mock"

/** The part of MSW's `client` (a `ws.link` connection) the runner drives. */
export interface PlanTarget {
  send(data: string): void
  close(code?: number, reason?: string): void
}

/** Executes the engine's plans on one intercepted connection and owns that connection's timers. */
export interface FramePlanRunner {
  readonly run: (plan: SocketPlan) => void
  /** Clears every pending frame (the connection closed). */
  readonly cancel: () => void
  /** Closes the connection abruptly, as a network failure would. */
  readonly drop: () => void
}

/** What a browser reports when the connection is lost without a closing handshake. */
export const ABNORMAL_CLOSURE = 1006

/**
 * The MSW twin of the mock server's runner (apps/mock-server/src/frame-plan-runner.ts): each
 * frame `delayMs` after the previous one with plain timers (Node and browsers alike), a zero
 * delay sends at once, in order; a plan's `drop` closes the connection with 1006 once its N-th
 * frame was delivered.
 */
export const createFramePlanRunner = (client: PlanTarget): FramePlanRunner => {
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let closed = false

  const cancel = (): void => {
    closed = true
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
  }

  const drop = (): void => {
    if (closed) return
    cancel()
    client.close(ABNORMAL_CLOSURE, "connection dropped")
  }

  const run = (plan: SocketPlan): void => {
    const { frames } = plan
    const dropAfter = plan.drop === undefined ? undefined : Math.min(plan.drop.afterFrames, frames.length)
    if (dropAfter === 0) return drop()
    const sendFrom = (index: number): void => {
      const frame = frames[index]
      if (frame === undefined) return
      const deliver = (): void => {
        if (closed) return
        client.send(frame.text)
        if (dropAfter !== undefined && index + 1 === dropAfter) {
          // MSW delivers a sent frame in a microtask and discards it once the socket is closing:
          // close on the next macrotask so the frame arrives first, and send nothing more.
          cancel()
          setTimeout(() => client.close(ABNORMAL_CLOSURE, "connection dropped"), 0)
          return
        }
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
