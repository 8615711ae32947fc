// A small seeded PRNG (mulberry32) so fault schedules and action mixes are reproducible by seed.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  readonly next: () => number
  /** Uniform integer in [min, max], both included. */
  readonly integer: (min: number, max: number) => number
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
}

export const seededRandom = (seed: number): SeededRandom => {
  let state = seed >>> 0 || 0x9e3779b9
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p
  }
}
