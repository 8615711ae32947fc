// Bytes allocated on this thread's V8 heap while a piece of work runs, garbage included: heap in
// use after minus before, plus what every collection in between freed (V8's own figures before
// and after each collection, from `v8.GCProfiler`). Nothing is sampled or estimated, and no
// collection is forced, so the work runs as it would. It counts the whole thread (the work,
// `ws`, timers); buffers outside the V8 heap (socket writes) are not counted. Other threads, such
// as the benchmark's frame-counting server, have heaps of their own and are not counted either.
import { GCProfiler, getHeapStatistics } from "node:v8"

export interface Allocation<A> {
  readonly result: A
  readonly bytes: number
  readonly collections: number
  /** Time spent in those collections (V8's `cost` of each), in milliseconds. */
  readonly collectionMs: number
}

export const measureAllocation = async <A>(work: () => Promise<A>): Promise<Allocation<A>> => {
  const profiler = new GCProfiler()
  profiler.start()
  const before = getHeapStatistics().used_heap_size
  const result = await work()
  const after = getHeapStatistics().used_heap_size
  const { statistics } = profiler.stop()
  let freed = 0
  let costMicroseconds = 0
  // At run time these are camelCase (usedHeapSize), unlike getHeapStatistics(); @types/node 20 says otherwise.
  for (const collection of statistics) {
    freed += usedHeapSize(collection.beforeGC.heapStatistics) - usedHeapSize(collection.afterGC.heapStatistics)
    costMicroseconds += collection.cost
  }
  return { result, bytes: after - before + freed, collections: statistics.length, collectionMs: costMicroseconds / 1000 }
}

const usedHeapSize = (statistics: object): number => (statistics as { readonly usedHeapSize: number }).usedHeapSize
