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
