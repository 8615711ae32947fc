import type { SocketPlan } from "@org/optave-mock"
import { WebSocket } from "ws"

/** Executes the engine's plans on one connection and owns that connection's timers. */
export interface FramePlanRunner {
  readonly run: (plan: SocketPlan) => void
  /** Clears every pending frame (the connection closed). */
  readonly cancel: () => void
  /** Closes the connection abruptly, as a network failure would. */
  readonly drop: () => void
}

/**
 * Sends each frame `delayMs` after the previous one with real timers; a zero delay sends at once,
 * in order. A plan's `drop` terminates the socket once its N-th frame has been written.
 */
export const createFramePlanRunner = (socket: WebSocket): FramePlanRunner => {
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let dropped = false

  const cancel = (): void => {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
  }

  const drop = (): void => {
    dropped = true
    cancel()
    socket.terminate()
  }

  const run = (plan: SocketPlan): void => {
    const { frames } = plan
    const dropAfter = plan.drop === undefined ? undefined : Math.min(plan.drop.afterFrames, frames.length)
    if (dropAfter === 0) return drop()
    const sendFrom = (index: number): void => {
      const frame = frames[index]
      if (frame === undefined) return
      const deliver = (): void => {
        if (dropped || socket.readyState !== WebSocket.OPEN) return
        const last = dropAfter !== undefined && index + 1 === dropAfter
        // Terminate only once the frame is written, or the drop would swallow it.
        socket.send(frame.text, last ? () => drop() : undefined)
        if (!last) sendFrom(index + 1)
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
