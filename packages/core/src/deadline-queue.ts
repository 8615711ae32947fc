import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"

/**
 * What the queue keeps on each item it holds, so that holding thousands of pending requests
 * costs two fields each and no timer, fiber or entry object per item.
 */
export interface Scheduled {
  /** Clock time the item is due at; meaningful while queued. */
  dueAt: number
  /** Where the item sits in the queue's heap; -1 when not queued. */
  queueIndex: number
}

/**
 * Items due at their own times, on Effect's clock, with one timer for all of them: a binary heap
 * ordered by `dueAt` and one sleep until the earliest. When that sleep ends, every item whose
 * time has come is taken out and handed to `onDue`, which may schedule it again (its time moved
 * later since it was queued); then the timer is armed for the new earliest. An item that becomes
 * the earliest re-arms the timer at once, so none waits for another's deadline.
 */
export class DeadlineQueue<T extends Scheduled> {
  private readonly heap: Array<T> = []
  private timer: Fiber.Fiber<void> | undefined
  /** The time the armed timer ends at. */
  private armedAt = Number.POSITIVE_INFINITY
  /** True while `fire` hands items over: the timer is armed once, after. */
  private firing = false
  private readonly fork: (effect: Effect.Effect<void>) => Fiber.Fiber<void>
  private readonly now: () => number
  private readonly onDue: (item: T, now: number) => void

  constructor(fork: (effect: Effect.Effect<void>) => Fiber.Fiber<void>, now: () => number, onDue: (item: T, now: number) => void) {
    this.fork = fork
    this.now = now
    this.onDue = onDue
  }

  get size(): number {
    return this.heap.length
  }

  /** Queues `item` for `at`, or moves it there when it is already queued. */
  schedule(item: T, at: number): void {
    if (item.queueIndex >= 0) {
      const before = item.dueAt
      item.dueAt = at
      if (at < before) this.up(item.queueIndex)
      else this.down(item.queueIndex)
    } else {
      item.dueAt = at
      item.queueIndex = this.heap.length
      this.heap.push(item)
      this.up(item.queueIndex)
    }
    if (!this.firing && at < this.armedAt) this.arm()
  }

  /** Takes `item` out (it ended): nothing keeps it once it is gone. */
  remove(item: T): void {
    const index = item.queueIndex
    if (index < 0) return
    item.queueIndex = -1
    const last = this.heap.pop()!
    if (index < this.heap.length) {
      this.heap[index] = last
      last.queueIndex = index
      this.up(index)
      this.down(last.queueIndex)
    }
    if (this.heap.length === 0 && !this.firing) this.disarm()
  }

  /** Stops the timer and forgets every item. */
  clear(): void {
    for (const item of this.heap) item.queueIndex = -1
    this.heap.length = 0
    this.disarm()
  }

  /**
   * Hands every item whose time has come to `onDue` (which schedules an item again only for a
   * time after `now`), then arms the timer for the next one.
   */
  private fire(): void {
    this.timer = undefined
    this.armedAt = Number.POSITIVE_INFINITY
    const now = this.now()
    this.firing = true
    try {
      while (this.heap.length > 0 && this.heap[0]!.dueAt <= now) {
        const item = this.heap[0]!
        this.remove(item)
        this.onDue(item, now)
      }
    } finally {
      this.firing = false
      this.arm()
    }
  }

  /** Arms the one timer for the earliest item (replacing a later one). */
  private arm(): void {
    const first = this.heap[0]
    if (first === undefined) return this.disarm()
    this.timer?.interruptUnsafe()
    this.armedAt = first.dueAt
    // A timer may end a little before the clock reads its time: `fire` then finds nothing due and arms again.
    const timer = this.fork(Effect.sleep(Math.max(0, first.dueAt - this.now())))
    this.timer = timer
    timer.addObserver((exit) => {
      if (this.timer === timer && exit._tag === "Success") this.fire()
    })
  }

  private disarm(): void {
    const timer = this.timer
    this.timer = undefined
    this.armedAt = Number.POSITIVE_INFINITY
    timer?.interruptUnsafe()
  }

  private up(index: number): void {
    const heap = this.heap
    const item = heap[index]!
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = heap[parentIndex]!
      if (parent.dueAt <= item.dueAt) break
      heap[index] = parent
      parent.queueIndex = index
      index = parentIndex
    }
    heap[index] = item
    item.queueIndex = index
  }

  private down(index: number): void {
    const heap = this.heap
    const item = heap[index]!
    const length = heap.length
    while (true) {
      const left = 2 * index + 1
      if (left >= length) break
      const right = left + 1
      const child = right < length && heap[right]!.dueAt < heap[left]!.dueAt ? right : left
      if (heap[child]!.dueAt >= item.dueAt) break
      heap[index] = heap[child]!
      heap[index]!.queueIndex = index
      index = child
    }
    heap[index] = item
    item.queueIndex = index
  }
}
