/** Time as the core sees it. Injected so tests and benchmarks can move it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
