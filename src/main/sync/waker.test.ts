import { describe, expect, it } from 'vitest'
import { Waker, backoffMs } from './waker'

describe('the waker', () => {
  it('keeps a wake-up that came while the loop was busy, so the next sleep returns at once', async () => {
    const waker = new Waker()
    waker.notify()
    const started = Date.now()
    await waker.sleep(5_000, new AbortController().signal)
    expect(Date.now() - started).toBeLessThan(100)
    const second = Date.now()
    await waker.sleep(50, new AbortController().signal)
    expect(Date.now() - second).toBeGreaterThanOrEqual(45)
  })

  it('ends a sleep when woken or stopped, long before its time is up', async () => {
    const waker = new Waker()
    const stop = new AbortController()
    const sleepFor = async (start: () => void): Promise<number> => {
      const started = Date.now()
      const sleeping = waker.sleep(5_000, stop.signal)
      setTimeout(start, 20)
      // Whichever comes first: the sleep ending, or a second passing.
      await Promise.race([sleeping, new Promise((resolve) => setTimeout(resolve, 1_000))])
      return Date.now() - started
    }
    expect(await sleepFor(() => waker.notify())).toBeLessThan(500)
    expect(await sleepFor(() => stop.abort())).toBeLessThan(500)
  })

  it('backs off exponentially with jitter, never below half the base nor above the cap', () => {
    for (let failures = 0; failures < 40; failures++) {
      for (const random of [0, 0.5, 0.999]) {
        const delay = backoffMs(failures, 1_000, 60_000, () => random)
        expect(delay).toBeGreaterThanOrEqual(500)
        expect(delay).toBeLessThanOrEqual(60_000)
      }
    }
    expect(backoffMs(3, 1_000, 60_000, () => 0.999)).toBe(7_992)
  })
})
