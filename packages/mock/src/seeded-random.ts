// The workspace's one seeded PRNG (mulberry32) and string hash (FNV-1a): every answer of the engine,
// and every fault schedule of the stress runs, is reproducible from its seed (0 included, like any
// other), in any runtime, without `crypto` or `Math.random`.

/** A deterministic source of randomness. */
export interface SeededRandom {
  /** A number in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max], both included. */
  readonly integer: (min: number, max: number) => number
  /** True with probability `probability`. */
  readonly chance: (probability: number) => boolean
  /** One item of a non-empty list. */
  readonly pick: <T>(items: ReadonlyArray<T>) => T
  /** A shuffled copy (Fisher-Yates). */
  readonly shuffle: <T>(items: ReadonlyArray<T>) => Array<T>
  /** `length` lowercase hexadecimal digits. */
  readonly hex: (length: number) => string
}

/** FNV-1a 32-bit hash of a string, as an unsigned integer: turns any text into a seed. */
export const hashSeed = (text: string): number => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A mulberry32 generator started from `seed`. */
export const seededRandom = (seed: number): SeededRandom => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = state
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
  const integer = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: ReadonlyArray<T>): T => {
    if (items.length === 0) throw new RangeError("pick needs a non-empty list")
    return items[integer(0, items.length - 1)] as T
  }
  const shuffle = <T>(items: ReadonlyArray<T>): Array<T> => {
    const copy = [...items]
    for (let index = copy.length - 1; index > 0; index--) {
      const other = integer(0, index)
      const held = copy[index] as T
      copy[index] = copy[other] as T
      copy[other] = held
    }
    return copy
  }
  const hex = (length: number): string => {
    let text = ""
    while (text.length < length) text += Math.floor(next() * 16).toString(16)
    return text
  }
  const chance = (probability: number): boolean => next() < probability
  return { next, integer, chance, pick, shuffle, hex }
}
