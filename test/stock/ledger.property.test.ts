import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src/main/db/open'
import { CatalogueRepo } from '../../src/main/stock/catalogue'
import { Ledger, type StockEnv } from '../../src/main/stock/ledger'
import { OrderDesk } from '../../src/main/stock/orders'
import { StockQueries } from '../../src/main/stock/stock-queries'
import { SupplyIssues } from '../../src/main/stock/supply-issues'
import { SimulatedWholesalerLink } from '../../src/main/stock/wholesaler-link'
import { WholesalersRepo } from '../../src/main/stock/wholesalers'
import { CounterError } from '../../src/main/errors'
import { addDays } from '../../src/shared/time/calendar'
import { tempDir } from '../helpers/temp-core'

const START = '2026-11-26'
const EXPIRY_OFFSETS = [10, 40, 200] as const
const LINES = ['l1', 'l2', 'l3'] as const

type Op =
  | { kind: 'goodsIn'; batch: number; milli: number }
  | { kind: 'reserve' | 'release' | 'dispense'; batch: number; milli: number; line: number }
  | { kind: 'waste'; batch: number; milli: number }
  | { kind: 'adjust'; batch: number; milli: number }
  | { kind: 'nextDays'; days: number }

const batchArb = fc.integer({ min: 0, max: EXPIRY_OFFSETS.length - 1 })
const milliArb = fc.integer({ min: 1, max: 60_000 })
const lineArb = fc.integer({ min: 0, max: LINES.length - 1 })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('goodsIn' as const), batch: batchArb, milli: milliArb }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('reserve' as const, 'release' as const, 'dispense' as const),
      batch: batchArb,
      milli: milliArb,
      line: lineArb
    }),
    weight: 5
  },
  { arbitrary: fc.record({ kind: fc.constant('waste' as const), batch: batchArb, milli: milliArb }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      batch: batchArb,
      milli: fc.integer({ min: -40_000, max: 40_000 }).filter((v) => v !== 0)
    }),
    weight: 1
  },
  { arbitrary: fc.record({ kind: fc.constant('nextDays' as const), days: fc.integer({ min: 1, max: 45 }) }), weight: 1 }
)

let store: Store
let dir: { path: string; remove(): void }
let ledger: Ledger
let queries: StockQueries
let run = 0

beforeAll(() => {
  dir = tempDir('stock-ledger-')
  store = openStore(join(dir.path, 'ledger.sqlite'))
  store.sqlite.exec(`
    INSERT INTO products (dmd_id, level, vmp_id, name, strength, form) VALUES ('41000011000001103', 'VMP', NULL, 'Testamol 10mg tablets', '10mg', 'tablet');
    INSERT INTO products (dmd_id, level, vmp_id, name, strength, form, supplier) VALUES ('42000011000001104', 'AMP', '41000011000001103', 'Testamol 10mg tablets', '10mg', 'tablet', 'Test Ltd');
  `)
  const catalogue = new CatalogueRepo(store.db)
  const supplyIssues = new SupplyIssues(store.db)
  ledger = new Ledger(store.db)
  queries = new StockQueries(store.db, {
    catalogue,
    supplyIssues,
    orders: new OrderDesk(store.db, {
      catalogue,
      supplyIssues,
      link: new SimulatedWholesalerLink(),
      wholesalers: new WholesalersRepo(store.db)
    })
  })
})
afterAll(() => {
  store.close()
  dir.remove()
})

/** A fresh pack with three batches (expiring in 10, 40 and 200 days) for each run. */
function freshPack(): { amppId: string; batchIds: number[] } {
  run += 1
  const amppId = `43${String(run).padStart(6, '0')}1000001`
  store.sqlite
    .prepare(
      `INSERT INTO packs (ampp_id, amp_id, name, pack_size_milli, unit) VALUES (?, '42000011000001104', ?, 28000, 'tablet')`
    )
    .run(amppId, `Pack ${run}`)
  const batchIds = EXPIRY_OFFSETS.map(
    (days, i) => ledger.ensureBatch(amppId, `B${run}-${i}`, addDays(START, days), `${START}T09:00:00.000Z`).id
  )
  return { amppId, batchIds }
}

describe('the stock ledger under random movement sequences', () => {
  it('keeps available ≥ 0, derives every level from the movements, and never reserves or dispenses an expired batch', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { amppId, batchIds } = freshPack()
        const onHand = batchIds.map(() => 0)
        const reserved = batchIds.map(() => 0)
        const held = new Map<string, number>()
        const heldKey = (line: number, batch: number) => `${line}:${batch}`
        let today = START
        const env = (): StockEnv => ({ actor: { id: 'u1', name: 'Tester' }, at: `${today}T12:00:00.000Z`, today })
        const expired = (batch: number) => addDays(START, EXPIRY_OFFSETS[batch] ?? 0) < today

        store.sqlite.transaction(() => {
          for (const op of ops) {
            if (op.kind === 'nextDays') {
              today = addDays(today, op.days)
              continue
            }
            const b = op.batch
            const id = batchIds[b] as number
            const available = (onHand[b] ?? 0) - (reserved[b] ?? 0)
            const line = 'line' in op ? op.line : 0
            const lineHeld = held.get(heldKey(line, b)) ?? 0
            const requestId = 'fr_PROP'
            const lineId = LINES[line] as string
            let allowed: boolean
            let apply: () => void
            let attempt: () => void
            switch (op.kind) {
              case 'goodsIn':
                allowed = true
                attempt = () => ledger.goodsIn(id, op.milli, {}, env())
                apply = () => {
                  onHand[b] = (onHand[b] ?? 0) + op.milli
                }
                break
              case 'reserve':
                allowed = !expired(b) && available >= op.milli
                attempt = () => ledger.reserve(id, op.milli, requestId, lineId, env())
                apply = () => {
                  reserved[b] = (reserved[b] ?? 0) + op.milli
                  held.set(heldKey(line, b), lineHeld + op.milli)
                }
                break
              case 'release':
                allowed = lineHeld >= op.milli
                attempt = () => ledger.release(id, op.milli, requestId, lineId, 'test', env())
                apply = () => {
                  reserved[b] = (reserved[b] ?? 0) - op.milli
                  held.set(heldKey(line, b), lineHeld - op.milli)
                }
                break
              case 'dispense': {
                const fromHeld = Math.min(lineHeld, op.milli)
                allowed = !expired(b) && op.milli - fromHeld <= available
                attempt = () => ledger.dispense(id, op.milli, requestId, lineId, env())
                apply = () => {
                  onHand[b] = (onHand[b] ?? 0) - op.milli
                  reserved[b] = (reserved[b] ?? 0) - fromHeld
                  held.set(heldKey(line, b), lineHeld - fromHeld)
                }
                break
              }
              case 'waste':
                allowed = available >= op.milli
                attempt = () => ledger.writeOff('waste', id, op.milli, 'broken', {}, env())
                apply = () => {
                  onHand[b] = (onHand[b] ?? 0) - op.milli
                }
                break
              case 'adjust':
                allowed = op.milli > 0 || available >= -op.milli
                attempt = () => ledger.adjust(id, op.milli, 'count', {}, env())
                apply = () => {
                  onHand[b] = (onHand[b] ?? 0) + op.milli
                }
                break
            }
            let accepted = true
            try {
              attempt()
            } catch (error) {
              if (!(error instanceof CounterError)) throw error
              accepted = false
            }
            expect(accepted, `${JSON.stringify(op)} on ${today}`).toBe(allowed)
            if (accepted) apply()
            for (const [i, batchId] of batchIds.entries()) {
              const level = ledger.level(batchId)
              expect(level.onHandMilli).toBe(onHand[i])
              expect(level.reservedMilli).toBe(reserved[i])
              expect(level.availableMilli).toBeGreaterThanOrEqual(0)
              expect(level.reservedMilli).toBeGreaterThanOrEqual(0)
            }
            // The pack's levels, read from the batches' running totals, agree with the movements.
            expect(ledger.levelsForPacks([amppId]).map((b) => [b.id, b.onHandMilli, b.reservedMilli])).toEqual(
              batchIds.flatMap((batchId, i) =>
                (onHand[i] ?? 0) > 0 || (reserved[i] ?? 0) > 0 ? [[batchId, onHand[i], reserved[i]]] : []
              )
            )
          }
        })()

        const sums = store.sqlite
          .prepare(
            `SELECT SUM(m.on_hand_delta_milli) AS on_hand, SUM(m.reserved_delta_milli) AS reserved
                    FROM stock_movements m JOIN batches b ON b.id = m.batch_id WHERE b.ampp_id = ?`
          )
          .get(amppId) as { on_hand: number | null; reserved: number | null }
        const total = (xs: number[]) => xs.reduce((a, x) => a + x, 0)
        expect(sums.on_hand ?? 0).toBe(total(onHand))
        expect(sums.reserved ?? 0).toBe(total(reserved))
        const detail = queries.pack(amppId, today, 90)
        expect(detail.onHand * 1000).toBeCloseTo(total(onHand), 6)
        expect(detail.available * 1000).toBeCloseTo(total(onHand) - total(reserved), 6)
        const screen = queries.levels({ search: amppId, filter: 'all', limit: 5, offset: 0 }).rows[0]
        expect((screen?.reserved ?? 0) * 1000).toBeCloseTo(total(reserved), 6)
        const expiredHolds = store.sqlite
          .prepare(
            `SELECT COUNT(*) AS n FROM stock_movements m JOIN batches b ON b.id = m.batch_id
                    WHERE b.ampp_id = ? AND m.kind IN ('reservation', 'dispensed') AND b.expiry < substr(m.at, 1, 10)`
          )
          .get(amppId) as { n: number }
        expect(expiredHolds.n).toBe(0)
      }),
      { numRuns: 150 }
    )
  })

  it("reads a pack's levels from its batches' running totals, never from every movement the pack has had", () => {
    const statements = ledger as unknown as Record<string, { getQuery(): { sql: string } }>
    const plan = (
      store.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${statements.levelsOfPacks!.getQuery().sql.replaceAll('?', "'[]'")}`)
        .all() as Array<{ detail: string }>
    ).map((row) => row.detail)
    expect(plan.join(' / ')).not.toMatch(/stock_movements/)
    expect(plan.join(' / ')).toMatch(/SEARCH batch_levels USING INTEGER PRIMARY KEY/)
  })

  it('is guarded by the database itself: nothing below zero, no edits, no deletions', () => {
    const { batchIds } = freshPack()
    const batchId = batchIds[2] as number
    const env: StockEnv = { actor: { id: null, name: 'Tester' }, at: `${START}T10:00:00.000Z`, today: START }
    ledger.goodsIn(batchId, 28_000, {}, env)
    ledger.reserve(batchId, 20_000, 'fr_DB', 'l1', env)
    const raw = store.sqlite.prepare(
      `INSERT INTO stock_movements (batch_id, kind, on_hand_delta_milli, reserved_delta_milli, reason, actor_name, at) VALUES (?, ?, ?, ?, ?, 'x', ?)`
    )
    expect(() => raw.run(batchId, 'waste', -10_000, 0, 'too much', env.at)).toThrow(/below zero/)
    expect(() => raw.run(batchId, 'adjustment', 5_000, 1_000, 'mixed', env.at)).toThrow(/CHECK constraint/)
    expect(() => raw.run(batchId, 'waste', -1_000, 0, null, env.at)).toThrow(/CHECK constraint/)
    expect(() =>
      store.sqlite.prepare('UPDATE stock_movements SET on_hand_delta_milli = 1 WHERE batch_id = ?').run(batchId)
    ).toThrow(/append-only/)
    expect(() => store.sqlite.prepare('DELETE FROM stock_movements WHERE batch_id = ?').run(batchId)).toThrow(
      /append-only/
    )
    expect(ledger.level(batchId)).toEqual({ onHandMilli: 28_000, reservedMilli: 20_000, availableMilli: 8_000 })
  })
})
