// Start a worker thread from a sibling module and talk to it with typed request/reply messages.
import { Worker } from "node:worker_threads"

export interface WorkerChannel {
  /** Posts `message` and resolves with the next message whose `type` is `replyType`. */
  readonly ask: <A extends { type: string }>(message: { type: string; [key: string]: unknown }, replyType: string) => Promise<A>
  /** Resolves with the next message of this type (without posting anything). */
  readonly next: <A extends { type: string }>(type: string) => Promise<A>
  readonly post: (message: { type: string; [key: string]: unknown }) => void
  readonly close: () => Promise<void>
}

export const startWorker = (module: string, workerData?: unknown): WorkerChannel => {
  const worker = new Worker(new URL(module, import.meta.url), { workerData })
  const waiters: Array<{ type: string; resolve: (message: { type: string }) => void }> = []
  const backlog: Array<{ type: string }> = []
  worker.on("message", (message: { type: string }) => {
    const index = waiters.findIndex((waiter) => waiter.type === message.type)
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message)
    else backlog.push(message)
  })
  worker.on("error", (error) => {
    process.stderr.write(`worker ${module} failed: ${String(error)}\n`)
  })
  const next = <A extends { type: string }>(type: string): Promise<A> => {
    const index = backlog.findIndex((message) => message.type === type)
    if (index >= 0) return Promise.resolve(backlog.splice(index, 1)[0] as A)
    return new Promise<A>((resolve) => waiters.push({ type, resolve: resolve as (message: { type: string }) => void }))
  }
  return {
    next,
    ask: <A extends { type: string }>(message: { type: string; [key: string]: unknown }, replyType: string) => {
      const reply = next<A>(replyType)
      worker.postMessage(message)
      return reply
    },
    post: (message) => worker.postMessage(message),
    close: async () => {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()))
      worker.postMessage({ type: "close" })
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())])
      await worker.terminate()
    }
  }
}
