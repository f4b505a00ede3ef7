/**
 * The local database's full integrity check, kept off the start path: it reads every page of the
 * store, seconds on a year's store, so it runs on a thread of its own, on a schedule (a while after
 * start when the last check is older than a day, then daily), when an administrator asks, and at
 * start only after a stop that never closed the store (db/open.ts). Each result is kept and told to
 * every window; a failure stays on every person's screen, with what to do, until a check passes.
 */
import { desc } from 'drizzle-orm'
import type { StoreCheckStatus, StoreCheckView } from '../../shared/contract'
import type { Clock } from '../../shared/clock'
import { type CounterDb, placeholders, storeChecks } from '../db'
import type { EventBus } from '../events'
import { integrityProblemsInBackground } from './integrity-worker'

export interface StoreCheckSchedule {
  /** How long after start the first scheduled check waits (the first minutes belong to the counter). */
  firstAfterMs: number
  everyMs: number
}

export const DEFAULT_STORE_CHECK_SCHEDULE: StoreCheckSchedule = { firstAfterMs: 10 * 60_000, everyMs: 24 * 3_600_000 }

/** SQLite stops listing problems after this many: enough to tell support what is wrong. */
const MAX_PROBLEMS = 20

type Reason = StoreCheckView['reason']

export class StoreChecks {
  private running: Promise<StoreCheckView> | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private readonly latestRow
  private readonly insertRow

  constructor(
    private readonly deps: {
      db: CounterDb
      storeFile: string
      nativeBinding?: string
      clock: Clock
      events: EventBus
      schedule: StoreCheckSchedule
      log: (message: string, error?: unknown) => void
    }
  ) {
    this.latestRow = deps.db.select().from(storeChecks).orderBy(desc(storeChecks.id)).limit(1).prepare()
    this.insertRow = deps.db
      .insert(storeChecks)
      .values(placeholders(['reason', 'startedAt', 'finishedAt', 'problems', 'requestedByName']))
      .prepare()
  }

  /**
   * Schedules the checks. `checkedAtOpen`: the store ran the full check as it opened, after a stop
   * that never closed it; it passed (or the store would not have opened), and is kept like any other.
   */
  start(checkedAtOpen: boolean): void {
    if (checkedAtOpen)
      this.record({
        reason: 'unclean-stop',
        startedAt: this.deps.clock.now().toISOString(),
        finishedAt: this.deps.clock.now().toISOString(),
        sound: true,
        problems: [],
        requestedByName: null
      })
    const { firstAfterMs, everyMs } = this.deps.schedule
    const latest = this.status().latest
    const dueIn = latest ? Date.parse(latest.finishedAt) + everyMs - this.deps.clock.now().getTime() : 0
    this.plan(Math.max(firstAfterMs, dueIn))
  }

  status(): StoreCheckStatus {
    const row = this.latestRow.get()
    return {
      latest: row
        ? {
            reason: row.reason as Reason,
            startedAt: row.startedAt,
            finishedAt: row.finishedAt,
            sound: (JSON.parse(row.problems) as string[]).length === 0,
            problems: JSON.parse(row.problems) as string[],
            requestedByName: row.requestedByName
          }
        : null,
      running: this.running !== null
    }
  }

  /** Runs a check now, or joins the one already running. */
  run(reason: Reason, requestedByName: string | null = null): Promise<StoreCheckView> {
    this.running ??= this.check(reason, requestedByName).finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Stops the schedule and waits for a running check (the store closes after). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running?.catch(() => undefined)
  }

  private plan(inMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.run('schedule')
        .catch((error: unknown) => this.deps.log('the scheduled database check could not run', error))
        .finally(() => this.plan(this.deps.schedule.everyMs))
    }, inMs)
    // A pending check never keeps the process alive.
    this.timer.unref()
  }

  private async check(reason: Reason, requestedByName: string | null): Promise<StoreCheckView> {
    const startedAt = this.deps.clock.now().toISOString()
    const problems = await integrityProblemsInBackground(this.deps.storeFile, {
      maxProblems: MAX_PROBLEMS,
      ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {})
    })
    const view: StoreCheckView = {
      reason,
      startedAt,
      finishedAt: this.deps.clock.now().toISOString(),
      sound: problems.length === 0,
      problems,
      requestedByName
    }
    this.record(view)
    if (!view.sound) this.deps.log(`the database check found problems: ${problems.slice(0, 3).join('; ')}`)
    this.deps.events.broadcast('store.checked', view)
    return view
  }

  private record(view: StoreCheckView): void {
    this.insertRow.run({
      reason: view.reason,
      startedAt: view.startedAt,
      finishedAt: view.finishedAt,
      problems: JSON.stringify(view.problems),
      requestedByName: view.requestedByName
    })
  }
}
