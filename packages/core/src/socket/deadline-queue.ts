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

export interface DeadlineQueue<T extends Scheduled> {
  readonly size: () => number
  /** Queues `item` for `at`, or moves it there when it is already queued. */
  readonly schedule: (item: T, at: number) => void
  /** Takes `item` out (it ended): nothing keeps it once it is gone. */
  readonly remove: (item: T) => void
  /** Stops the timer and forgets every item. */
  readonly clear: () => void
}

/**
 * Items due at their own times, on Effect's clock, with one timer for all of them: a binary heap
 * ordered by `dueAt` and one sleep until the earliest. When that sleep ends, every item whose
 * time has come is taken out and handed to `onDue`, which may schedule it again for a later time
 * (its time moved since it was queued); then the timer is armed for the new earliest. An item
 * that becomes the earliest re-arms the timer at once, so none waits for another's deadline.
 * (A closure rather than a class: its names are minified in a Worker bundle.)
 */
export const makeDeadlineQueue = <T extends Scheduled>(
  fork: (effect: Effect.Effect<void>) => Fiber.Fiber<void>,
  now: () => number,
  onDue: (item: T, now: number) => void
): DeadlineQueue<T> => {
  const heap: Array<T> = []
  let timer: Fiber.Fiber<void> | undefined
  /** The time the armed timer ends at. */
  let armedAt = Number.POSITIVE_INFINITY
  /** True while `fire` hands items over: the timer is armed once, after. */
  let firing = false

  /** Puts `item` at `index`, then moves it up or down until the heap is in order again. */
  const place = (item: T, index: number) => {
    while (index > 0) {
      const parent = heap[(index - 1) >> 1]!
      if (parent.dueAt <= item.dueAt) break
      heap[(parent.queueIndex = index)] = parent
      index = (index - 1) >> 1
    }
    while (true) {
      let child = 2 * index + 1
      if (child >= heap.length) break
      if (child + 1 < heap.length && heap[child + 1]!.dueAt < heap[child]!.dueAt) child++
      if (heap[child]!.dueAt >= item.dueAt) break
      heap[(heap[child]!.queueIndex = index)] = heap[child]!
      index = child
    }
    heap[(item.queueIndex = index)] = item
  }

  const disarm = () => {
    timer?.interruptUnsafe()
    timer = undefined
    armedAt = Number.POSITIVE_INFINITY
  }

  /** Arms the one timer for the earliest item (replacing a later one). */
  const arm = () => {
    disarm()
    const first = heap[0]
    if (first === undefined) return
    armedAt = first.dueAt
    // A timer may end a little before the clock reads its time: `fire` then finds nothing due and arms again.
    const armed = (timer = fork(Effect.sleep(Math.max(0, first.dueAt - now()))))
    armed.addObserver((exit) => {
      if (timer === armed && exit._tag === "Success") fire()
    })
  }

  const remove = (item: T) => {
    const index = item.queueIndex
    if (index < 0) return
    item.queueIndex = -1
    const last = heap.pop()!
    if (index < heap.length) place(last, index)
    if (heap.length === 0 && !firing) disarm()
  }

  /** Hands every item whose time has come to `onDue`, then arms the timer for the next one. */
  const fire = () => {
    timer = undefined
    const at = now()
    firing = true
    try {
      while (heap.length > 0 && heap[0]!.dueAt <= at) {
        const item = heap[0]!
        remove(item)
        onDue(item, at)
      }
    } finally {
      firing = false
      arm()
    }
  }

  return {
    size: () => heap.length,
    schedule: (item, at) => {
      item.dueAt = at
      if (item.queueIndex < 0) heap.push(item)
      place(item, item.queueIndex < 0 ? heap.length - 1 : item.queueIndex)
      if (!firing && at < armedAt) arm()
    },
    remove,
    clear: () => {
      for (const item of heap) item.queueIndex = -1
      heap.length = 0
      disarm()
    }
  }
}
