/** A sleep that ends early when woken (new work) or stopped. */
export class Waker {
  private wake: (() => void) | null = null

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.wake = null
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      signal.addEventListener('abort', done, { once: true })
      this.wake = done
    })
  }

  notify(): void {
    this.wake?.()
  }
}

/** Exponential backoff with full jitter, floored at half the base so retries never spin. */
export function backoffMs(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30))
  return Math.max(baseMs / 2, Math.floor(random() * ceiling))
}
