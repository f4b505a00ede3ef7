/**
 * Runs `packSome` in the background: every `everyMs`, and while a batch comes back full, again
 * 50 ms later, with room for the counter between (a store from before catches up this way
 * without holding its first start up). Errors are logged and the next round tried as planned.
 */
export class BackgroundBatches {
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(
    private readonly work: {
      packSome: () => number
      batch: number
      everyMs: number
      failed: string
      log: (message: string, error?: unknown) => void
    }
  ) {}

  start(): void {
    this.plan(this.work.everyMs)
  }

  /** Every batch now, until one comes back empty (before compacting the store); returns how many were packed. */
  packAll(): number {
    let packed = 0
    for (let n = -1; n !== 0;) packed += n = this.work.packSome()
    return packed
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
  }

  private plan(inMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      let more = false
      try {
        more = this.work.packSome() === this.work.batch
      } catch (error) {
        this.work.log(this.work.failed, error)
      }
      this.plan(more ? 50 : this.work.everyMs)
    }, inMs)
    this.timer.unref()
  }
}

/**
 * A packing done in the background by BackgroundBatches: its batch (`packSome`) is its own;
 * starting, stopping and packing everything before the store is compacted are the same for each.
 */
export abstract class BackgroundPacking {
  private readonly background: BackgroundBatches

  protected constructor(work: Omit<ConstructorParameters<typeof BackgroundBatches>[0], 'packSome'>) {
    this.background = new BackgroundBatches({ ...work, packSome: () => this.packSome() })
  }

  /** Packs one batch in one transaction; returns how many it packed. */
  abstract packSome(): number

  /** Everything due packed now (before compacting the store); returns how many. */
  packAll(): number {
    return this.background.packAll()
  }

  start(): void {
    this.background.start()
  }

  stop(): void {
    this.background.stop()
  }
}
