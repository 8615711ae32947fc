// Start a worker thread (or a child process) from a sibling module and talk to it with typed
// request/reply messages.
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"

export interface WorkerChannel {
  /** Posts `message` and resolves with the next message whose `type` is `replyType`. */
  readonly ask: <A extends { type: string }>(message: { type: string; [key: string]: unknown }, replyType: string) => Promise<A>
  /** Resolves with the next message of this type (without posting anything). */
  readonly next: <A extends { type: string }>(type: string) => Promise<A>
  readonly post: (message: { type: string; [key: string]: unknown }) => void
  readonly close: () => Promise<void>
}

interface Endpoint {
  readonly post: (message: unknown) => void
  readonly onMessage: (listener: (message: { type: string }) => void) => void
  readonly onExit: (listener: () => void) => void
  readonly kill: () => Promise<unknown>
}

const channel = (endpoint: Endpoint): WorkerChannel => {
  const waiters: Array<{ type: string; resolve: (message: { type: string }) => void }> = []
  const backlog: Array<{ type: string }> = []
  endpoint.onMessage((message) => {
    const index = waiters.findIndex((waiter) => waiter.type === message.type)
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message)
    else backlog.push(message)
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
      endpoint.post(message)
      return reply
    },
    post: (message) => endpoint.post(message),
    close: async () => {
      const exited = new Promise<void>((resolve) => endpoint.onExit(resolve))
      endpoint.post({ type: "close" })
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())])
      await endpoint.kill()
    }
  }
}

export const startWorker = (module: string, workerData?: unknown): WorkerChannel => {
  const worker = new Worker(new URL(module, import.meta.url), { workerData })
  worker.on("error", (error) => {
    process.stderr.write(`worker ${module} failed: ${String(error)}\n`)
  })
  return channel({
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on("message", listener),
    onExit: (listener) => void worker.once("exit", () => listener()),
    kill: () => worker.terminate()
  })
}

/**
 * The same module in a child process of its own, run by `execPath` (this Node by default): its
 * CPU time is then not counted by the sender's `process.cpuUsage()`, which covers every thread.
 */
export const startProcess = (module: string, execPath: string = process.execPath): WorkerChannel => {
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), [], { execPath, stdio: ["ignore", "ignore", "inherit", "ipc"] })
  child.on("error", (error) => {
    process.stderr.write(`process ${module} failed: ${String(error)}\n`)
  })
  return channel({
    post: (message) => void child.send(message as object),
    onMessage: (listener) => void child.on("message", listener as (message: unknown) => void),
    onExit: (listener) => void child.once("exit", () => listener()),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill()
    }
  })
}
