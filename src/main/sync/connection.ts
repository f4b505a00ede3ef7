import { Waker } from './waker'

export interface ConnectionTuning {
  /** How often Phensys's health check is asked while it cannot be reached. */
  probeIntervalMs: number
  /** The longest wait between health checks that passed while its API still failed. */
  retryMaxMs: number
}

interface Deps {
  tuning: ConnectionTuning
  /** `GET /v1/health` answered 200. */
  healthy: (signal: AbortSignal) => Promise<boolean>
  /** What is left of the wait Phensys asked for (`Retry-After`) on the feed, in ms; 0 when there is none. */
  askedToWaitMs: () => number
  /**
   * Phensys is back: answered a call after failures, or passed its health check. `bringForward`
   * is false for a health check passing again while the calls themselves still fail (a busy
   * Phensys answering its health check but not its API): then the loops are woken, no more.
   */
  onBack: (how: { bringForward: boolean }) => void
  /** Reachability changed: health to tell the windows. */
  onChange: () => void
}

/**
 * Whether Phensys can be reached, from every call's outcome. While it cannot, its health check is
 * asked every `probeIntervalMs`, so the counter notices within that time that Phensys is back
 * instead of waiting out the backoff each loop has grown during a long outage.
 */
export class ConnectionWatch {
  private up = false
  private error: string | null = null
  /** Health checks that passed while the calls still failed, since Phensys was last reached. */
  private falseAlarms = 0
  private readonly wentDown = new Waker()
  private readonly pause = new Waker()

  constructor(private readonly deps: Deps) {}

  get reachable(): boolean {
    return this.up
  }

  get lastError(): string | null {
    return this.error
  }

  /** A call got an answer from Phensys (whatever it said). */
  answered(): void {
    this.error = null
    this.falseAlarms = 0
    if (this.up) return
    this.up = true
    this.deps.onBack({ bringForward: true })
    this.deps.onChange()
  }

  /** A call failed. Only no answer, or a 503, means Phensys is away; a 429 or 500 is this call's. */
  failed(reason: string, unreachable: boolean): void {
    this.error = reason
    if (!unreachable || !this.up) return
    this.up = false
    this.wentDown.notify()
    this.deps.onChange()
  }

  /** A person asks to try Phensys now: a health check kept back by a wait is asked at once. */
  wake(): void {
    this.pause.notify()
  }

  /** Runs until stopped: asks the health check while Phensys is away. */
  async watch(signal: AbortSignal): Promise<void> {
    let delay = this.deps.tuning.probeIntervalMs
    while (!signal.aborted) {
      if (this.up) {
        await this.wentDown.sleep(60_000, signal)
        delay = this.deps.tuning.probeIntervalMs
        continue
      }
      await this.pause.sleep(delay, signal)
      if (this.up || signal.aborted) continue
      // Within the wait Phensys asked for, its health check passing would shorten nothing (the loops
      // keep to the wait): it is asked once the wait is over, or when a person asks to try now.
      const asked = this.deps.askedToWaitMs()
      if (asked > 0) {
        await this.pause.sleep(asked, signal)
        continue
      }
      if (await this.deps.healthy(signal)) {
        if (this.up || signal.aborted) continue
        this.deps.onBack({ bringForward: this.falseAlarms === 0 })
        this.falseAlarms += 1
        delay = Math.min(this.deps.tuning.retryMaxMs, this.deps.tuning.probeIntervalMs * 2 ** this.falseAlarms)
      } else {
        delay = this.deps.tuning.probeIntervalMs
      }
    }
  }
}
