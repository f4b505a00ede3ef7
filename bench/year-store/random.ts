/**
 * The generator's only source of chance: a seeded generator (sfc32), so the same seed makes the
 * same year. Each part of the year draws from its own stream (`fork`), so a change to how, say,
 * goods-in picks its batches does not reshuffle which patients order what.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: string) {
    // The seed string is hashed into the four words of state (cyrb128).
    let h1 = 1779033703
    let h2 = 3144134277
    let h3 = 1013904242
    let h4 = 2773480762
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i)
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
    this.a = (h1 ^ h2 ^ h3 ^ h4) >>> 0
    this.b = (h2 ^ h1) >>> 0
    this.c = (h3 ^ h1) >>> 0
    this.d = (h4 ^ h1) >>> 0
    for (let i = 0; i < 12; i++) this.next()
  }

  /** A new, independent stream named after what it is for. */
  fork(name: string): Random {
    return new Random(`${this.next()}/${name}`)
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0
    this.b >>>= 0
    this.c >>>= 0
    this.d >>>= 0
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  /** One of the keys, in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    return this.among(Object.entries(weights) as Array<[K, number]>)
  }

  /** One of the values, in proportion to its weight. */
  among<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
    let r = this.next() * total
    for (const [value, weight] of choices) {
      r -= weight
      if (r < 0) return value
    }
    return choices[choices.length - 1]![0]
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
}

/** Draws indexes in proportion to fixed weights, by binary search over their running sum. */
export class WeightedTable<T> {
  private readonly cumulative: number[] = []
  private readonly total: number

  constructor(
    readonly items: readonly T[],
    weight: (item: T, index: number) => number
  ) {
    let sum = 0
    items.forEach((item, index) => {
      sum += weight(item, index)
      this.cumulative.push(sum)
    })
    this.total = sum
    if (items.length === 0 || sum <= 0) throw new Error('a weighted table needs items with weight')
  }

  /** The share of all weight this item carries. */
  share(index: number): number {
    return ((this.cumulative[index] ?? 0) - (index > 0 ? (this.cumulative[index - 1] ?? 0) : 0)) / this.total
  }

  draw(random: Random): T {
    const r = random.next() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.cumulative[mid] ?? 0) <= r) lo = mid + 1
      else hi = mid
    }
    return this.items[lo]!
  }
}
