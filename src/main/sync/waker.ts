/**
 * A sleep that ends early when woken (new work) or stopped. A wake-up that comes while the loop
 * is busy is kept, so the next sleep returns at once: no work is left waiting for the timeout.
 */
export class Waker {
  private wake: (() => void) | null = null
  private pending = false

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.wake = null
        this.pending = false
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      signal.addEventListener('abort', done, { once: true })
      this.wake = done
    })
  }

  notify(): void {
    if (this.wake) this.wake()
    else this.pending = true
  }
}

/** Exponential backoff with full jitter, floored at half the base so retries never spin. */
export function backoffMs(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30))
  return Math.max(baseMs / 2, Math.floor(random() * ceiling))
}
