/**
 * The year store's generator still fits the app: a few days of a small pharmacy, made the same way
 * as the benchmarks' year, leave a store whose every request was followed through, whose events
 * Phensys all took, and whose audit trail verifies. And the rules around it: when a cached store
 * is reused, migrated forward or built again; London times across the clock change; the seeded
 * chance; the harness's figures.
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { packSnapshot } from '../../src/main/db/snapshot-packing'
import { readS10 } from '../../src/shared/scan/tracking'
import { stats } from '../../bench/harness'
import { londonDate, londonTime } from '../../bench/year-store/calendar'
import { Carriers } from '../../bench/year-store/carriers'
import { generateYearStore, storeKeys } from '../../bench/year-store/generate'
import { cacheVerdict } from '../../bench/year-store/index'
import { Random } from '../../bench/year-store/random'
import { reportStore } from '../../bench/year-store/report'
import { PEOPLE, must, signIn } from '../../bench/year-store/staff'
import { tempDir } from '../helpers/temp-core'

describe('the year store generator', () => {
  it('follows every request of a few days through the contract, and the store it leaves verifies', async () => {
    const dir = tempDir('year-store-test-')
    try {
      const summary = await generateYearStore(
        dir.path,
        { seed: 'test', firstDay: '2025-12-01', days: 4, patients: 300, requests: 240, packs: 1_000 },
        () => undefined
      )
      expect(summary.failures).toBe(0)
      expect(summary.requestsCreated).toBe(240)
      const rows = (table: string) => summary.report.tables.find((t) => t.name === table)?.rows ?? 0
      expect(rows('requests')).toBe(240)
      expect(rows('packs')).toBe(1_000)
      expect(rows('dispensed_packs')).toBeGreaterThan(100)
      // Phensys took every event the counter wrote; none waits for a person.
      // (Events of the year's last pull, after the last push, may still be pending.)
      const { sent, pending, ...others } = summary.report.outboxByStatus
      expect(sent).toBeGreaterThan(1_000)
      expect(pending ?? 0).toBeLessThan(10)
      expect(others).toEqual({})

      const db = new Database(`${dir.path}/counter.sqlite`, { readonly: true })
      const stages = db.prepare('SELECT stage, COUNT(*) AS n FROM requests GROUP BY stage').all() as Array<{
        stage: string
        n: number
      }>
      db.close()
      expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['delivered', 'dispatched']))

      const core = await createCore({
        dataDir: dir.path,
        keys: storeKeys(dir.path),
        phensys: { url: 'http://127.0.0.1:9', token: 'not-contacted' },
        autoSync: false,
        autoDevices: false,
        log: () => undefined
      })
      try {
        const owner = await signIn(core, PEOPLE.owner)
        expect(await must(core, owner, 'audit.verify', {})).toMatchObject({ intact: true })
      } finally {
        await core.close()
      }

      // A week on, closed requests keep their snapshots deflated: the report still counts every patient.
      const store = new Database(`${dir.path}/counter.sqlite`)
      const closed = store.prepare("SELECT id, snapshot FROM requests WHERE stage = 'delivered'").all() as Array<{
        id: string
        snapshot: string
      }>
      const pack = store.prepare('UPDATE requests SET snapshot = ? WHERE id = ?')
      for (const row of closed) pack.run(packSnapshot(row.snapshot), row.id)
      store.close()
      expect(closed.length).toBeGreaterThan(0)
      expect(reportStore(`${dir.path}/counter.sqlite`).patients).toBe(summary.report.patients)
    } finally {
      dir.remove()
    }
  }, 600_000)
})

describe('the cached year store', () => {
  const m = (when: number, hash: string, tag = `${when}_x`) => ({ when, hash, tag })
  it('is reused as built, migrated forward when migrations were only added, built again when its history changed', () => {
    const built = [m(1, 'a'), m(2, 'b')]
    expect(cacheVerdict(built, [m(1, 'a'), m(2, 'b')])).toBe('reuse')
    expect(cacheVerdict(built, [m(1, 'a', 'renumbered'), m(2, 'b')])).toBe('reuse')
    expect(cacheVerdict(built, [m(1, 'a'), m(2, 'b'), m(3, 'c')])).toBe('migrate')
    expect(cacheVerdict(built, [m(1, 'a'), m(2, 'changed'), m(3, 'c')])).toBe('rebuild')
    // Another branch's migration merged between them would be skipped by a forward migration.
    expect(cacheVerdict(built, [m(1, 'a'), m(1.5, 'z'), m(2, 'b')])).toBe('rebuild')
    expect(cacheVerdict(built, [m(1, 'a')])).toBe('rebuild')
  })
})

describe('the year’s calendar', () => {
  it('places London wall-clock times on both sides of the clock change', () => {
    expect(new Date(londonTime('2026-01-15', '08:00')).toISOString()).toBe('2026-01-15T08:00:00.000Z')
    expect(new Date(londonTime('2026-07-15', '08:00')).toISOString()).toBe('2026-07-15T07:00:00.000Z')
    expect(londonDate(Date.parse('2026-07-15T23:30:00Z'))).toBe('2026-07-16')
  })
})

describe('the generator’s chance', () => {
  it('is the same for the same seed, and forks are independent of what else draws', () => {
    const a = new Random('seed')
    const b = new Random('seed')
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()))
    const forked = new Random('seed').fork('patients')
    const again = new Random('seed').fork('patients')
    expect(forked.int(0, 1_000_000)).toBe(again.int(0, 1_000_000))
    expect(new Random('other').next()).not.toBe(new Random('seed').next())
  })

  it('gives each carrier parcel a tracking number its format accepts', () => {
    const carriers = new Carriers(new Random('carriers'))
    for (let i = 0; i < 50; i++) {
      expect(readS10(carriers.trackingNumber('royal_mail_tracked_24'))).toMatchObject({ valid: true })
      expect(carriers.trackingNumber('courier_next_day')).toMatch(/^\d{14}$/)
    }
  })
})

describe('the benchmark harness', () => {
  it('reports the median, the 95th percentile and the maximum', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(stats(samples)).toEqual({ n: 100, median: 51, p95: 96, max: 100 })
    expect(stats([3])).toEqual({ n: 1, median: 3, p95: 3, max: 3 })
  })
})
