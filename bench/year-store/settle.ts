/**
 * A year store as the counter's background keeps it: every printed label and final outbox event
 * packed, and the snapshot and final events (together) of every request closed a week before the
 * store's last day. A store
 * built with older code (or migrated forward) is packed the older way, or not at all, until the
 * background catches up a batch a minute; benchmarks want the steady state, not the catching up.
 */
import { performance } from 'node:perf_hooks'
import type { Core } from '../../src/main/core'
import { ClosedEventGrouping, ClosedRequestPacking, FinalEventPacking } from '../../src/main/maintenance'

export interface Settled {
  labelJobs: number
  finalEvents: number
  closedRequests: number
  /** Closed requests whose final events were packed together. */
  closedEvents: number
  /** Seconds each took. */
  seconds: { labelJobs: number; finalEvents: number; closedRequests: number; closedEvents: number }
}

export function packAsTheBackgroundWould(core: Core): Settled {
  const { sqlite, db } = core.internals.store
  const at = [performance.now()]
  let labelJobs = 0
  for (let n = -1; n !== 0;) labelJobs += n = core.internals.devices.queue.packPrinted(5_000)
  at.push(performance.now())
  const finalEvents = new FinalEventPacking({ db, log: () => undefined }).packAll()
  at.push(performance.now())
  const lastDay = sqlite.prepare('SELECT MAX(stage_since) FROM requests').pluck().get() as string
  const closedRequests = new ClosedRequestPacking({ db, now: () => new Date(lastDay), log: () => undefined }).packAll()
  at.push(performance.now())
  const closedEvents = new ClosedEventGrouping({ db, now: () => new Date(lastDay), log: () => undefined }).packAll()
  at.push(performance.now())
  const seconds = (n: number) => (at[n + 1]! - at[n]!) / 1000
  return {
    labelJobs,
    finalEvents,
    closedRequests,
    closedEvents,
    seconds: { labelJobs: seconds(0), finalEvents: seconds(1), closedRequests: seconds(2), closedEvents: seconds(3) }
  }
}
