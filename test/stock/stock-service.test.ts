import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditTrail } from '../../src/main/audit/trail'
import { openStore, type Store } from '../../src/main/db/open'
import { CounterError } from '../../src/main/errors'
import { RequestsRepo, type StoredRequest } from '../../src/main/fulfilment/requests-repo'
import type { CheckEnv, CheckResult } from '../../src/main/stock/stock-check'
import { StockService } from '../../src/main/stock/stock-service'
import { snapshotSchema } from '../../src/shared/phensys/snapshot'
import { wholesalersFileSchema } from '../../src/shared/stock/wholesaler'
import { requestBody } from '../helpers/linked'
import { ManualClock, tempDir } from '../helpers/temp-core'
import { item, packCode, withItems } from './helpers'
import { resourcePath } from '../../src/main/resources'

let dir: { path: string; remove(): void }
let store: Store
let stock: StockService
let requests: RequestsRepo
let clock: ManualClock
const logged: string[] = []

beforeEach(() => {
  dir = tempDir('stock-service-')
  store = openStore(join(dir.path, 'stock.sqlite'))
  clock = new ManualClock(Date.parse('2026-11-26T09:00:00Z'))
  stock = new StockService({
    db: store.db,
    audit: new AuditTrail(store.db, randomBytes(32)),
    clock,
    log: (m) => logged.push(m),
    training: false
  })
  stock.start()
  requests = new RequestsRepo(store.db)
  const file = wholesalersFileSchema.parse(JSON.parse(readFileSync(resourcePath('wholesalers.json'), 'utf8')))
  for (const wholesaler of file.wholesalers) stock.wholesalers.save(wholesaler, true, clock.now().toISOString())
})
afterEach(() => {
  store.close()
  dir.remove()
})

const env = (): CheckEnv => stock.env({ id: 'u1', name: 'Tester' }, clock.now())
const tx = <T>(fn: () => T): T => store.sqlite.transaction(fn)()

function stored(id: string, items: Array<Record<string, unknown>>): StoredRequest {
  const at = clock.now().toISOString()
  const snapshot = snapshotSchema.parse({
    ...withItems(requestBody(id), items),
    version: 1,
    state: 'in_fulfilment',
    createdAt: at,
    updatedAt: at
  })
  requests.ingest(snapshot, at)
  const got = requests.get(id)
  if (!got) throw new Error('not stored')
  return got
}

function check(id: string, items: Array<Record<string, unknown>>): CheckResult {
  return tx(() => stock.check.check(stored(id, items), env()))
}

function bookIn(amppId: string, batch: string, expiry: string, packs: number): number {
  return tx(() => {
    const pack = stock.catalogue.pack(amppId)
    if (!pack) throw new Error(`no pack ${amppId}`)
    const b = stock.ledger.ensureBatch(amppId, batch, expiry, env().at)
    stock.ledger.goodsIn(b.id, packs * pack.packSizeMilli, {}, env())
    return b.id
  })
}

describe('the stock service on a real store', () => {
  it('loads the sample catalogue at first start, once, and logs the import report', () => {
    expect(
      logged.some((line) => /catalogue imported .*859 products, 638 packs, 729 gtins; 0 rows rejected/.test(line))
    ).toBe(true)
    expect(stock.catalogue.product('39732311000001104')).toMatchObject({
      level: 'VMP',
      name: 'Sertraline 50mg tablets'
    })
    const pack = stock.catalogue.packByGtin('05000000100002')
    expect(pack).toMatchObject({
      amppId: '43000011000001105',
      vmpId: '41000011000001103',
      unit: 'capsule',
      packSizeMilli: 28_000
    })
    stock.start()
    expect(store.sqlite.prepare('SELECT COUNT(*) AS n FROM products').get()).toEqual({ n: 859 })
    expect(stock.wholesalers.bankHolidays()).toContain('2026-12-25')
  })

  it('tries the next wholesaler when a depot is out of stock', () => {
    const result = check('fr_T1', [item('l1', '41001741000001105', 'Terbinafine 250mg tablets', 28)])
    expect(result.lines[0]).toMatchObject({ outcome: 'ordered', wholesalers: ['Alliance Healthcare'] })
    expect(result.orders.map((o) => [o.wholesaler.id, o.lines[0]?.status, o.lines[0]?.reasonCode])).toEqual([
      ['aah', 'rejected', 'out_of_stock'],
      ['alliance', 'placed', null]
    ])
    expect(result.events).toEqual([
      { type: 'stock.ordered', data: { eta: '2026-11-26', lines: ['l1'], wholesaler: 'Alliance Healthcare' } }
    ])
  })

  it('splits an allocated product across wholesalers, and reports the latest ETA', () => {
    const result = check('fr_T2', [
      item('l1', '41002111000001103', 'Semaglutide 2.4mg pens', 3, 'pre-filled pen', 'Inject ONCE a week')
    ])
    expect(result.orders.map((o) => [o.wholesaler.id, o.lines[0]?.status, o.lines[0]?.packsPlaced])).toEqual([
      ['aah', 'partly_placed', 1],
      ['alliance', 'partly_placed', 1],
      ['phoenix', 'placed', 1]
    ])
    expect(result.events[0]).toMatchObject({
      type: 'stock.ordered',
      data: {
        eta: '2026-11-27',
        wholesaler: 'AAH Pharmaceuticals, Alliance Healthcare, Phoenix Healthcare Distribution'
      }
    })
  })

  it("accepts another supplier's pack for a generic prescription and books it in against the order", () => {
    const result = check('fr_T3', [
      item('l1', '41000011000001103', 'Omeprazole 20mg gastro-resistant capsules', 28, 'capsule')
    ])
    const line = result.orders[0]?.lines[0]
    expect(line).toMatchObject({ status: 'substituted', packsPlaced: 1 })
    expect(line?.supplied?.amppId).not.toBe(line?.request.pack.amppId)
    const gtin = stock.catalogue.gtins(line?.supplied?.amppId ?? '').find((g) => !g.historic)?.gtin ?? ''
    const received = tx(() => stock.goodsIn.receive(packCode(gtin, 'OM1', '280131'), null, env()))
    expect(stock.goodsIn.line(received.lineId)).toMatchObject({
      booked: true,
      flags: [],
      orderLineId: line?.orderLineId
    })
    expect(tx(() => stock.check.complete(requests.get('fr_T3') as StoredRequest, env()))).toBe(true)
  })

  it('turns a discontinuation into a supply issue, which the next check reports without ordering again', () => {
    const ointment = [item('l1', '41002701000001104', 'Chloramphenicol 1% eye ointment', 4, 'g', 'Apply at night')]
    const first = check('fr_T4', ointment)
    expect(first.lines[0]).toMatchObject({ outcome: 'supply_issue', reason: expect.stringContaining('Discontinued') })
    expect(stock.supplyIssues.list(true)).toMatchObject([
      { source: 'wholesaler', reason: 'Discontinued by the manufacturer' }
    ])
    const orders = stock.orders.list(false).length
    const second = check('fr_T5', ointment)
    expect(second.lines[0]).toMatchObject({ outcome: 'supply_issue', supplyIssueId: first.lines[0]?.supplyIssueId })
    expect(stock.orders.list(false)).toHaveLength(orders)
    expect(second.events[0]).toMatchObject({ type: 'stock.supply_issue', data: { eta: null } })
  })

  it('reserves creams as whole packs, and flags a unit no pack counts in', () => {
    bookIn('43005771000001105', 'HC15', '2027-09-30', 2)
    bookIn('43005781000001107', 'HC30', '2028-03-31', 1)
    const cream = check('fr_T6', [
      item('l1', '39733111000001109', 'Hydrocortisone 1% cream', 30, 'gram', 'Apply thinly twice a day')
    ])
    expect(cream.outcome).toBe('available')
    expect(stock.ledger.reservationsOf('fr_T6')).toEqual([
      { lineId: 'l1', batchId: expect.any(Number), reservedMilli: 30_000 }
    ])
    // A unit no pack counts in is not a shortage: the check refuses, and nothing is told to Phensys.
    expect(() => check('fr_T7', [item('l1', '39733111000001109', 'Hydrocortisone 1% cream', 1, 'bottle')])).toThrow(
      /cannot run yet: line l1: .*"bottle"/
    )
  })

  it('a re-check keeps the reservations that still fit and gives back what the new prescription does not need', () => {
    const sertraline = stock.catalogue.packsFor('39732311000001104')[0]?.amppId ?? ''
    bookIn(sertraline, 'SE1', '2028-01-31', 2)
    check('fr_T8', [
      item('l1', '39732311000001104', 'Sertraline 50mg tablets', 28),
      item('l2', '39732311000001104', 'Sertraline 50mg tablets', 14)
    ])
    const movements = () =>
      (
        store.sqlite.prepare(`SELECT COUNT(*) AS n FROM stock_movements WHERE request_id = 'fr_T8'`).get() as {
          n: number
        }
      ).n
    const before = movements()
    tx(() => {
      const again = requests.get('fr_T8') as StoredRequest
      const items = again.snapshot.prescription.items.slice(0, 1)
      stock.check.check(
        { ...again, snapshot: { ...again.snapshot, prescription: { ...again.snapshot.prescription, items } } },
        env()
      )
    })
    expect(movements()).toBe(before + 1)
    expect(stock.ledger.reservationsOf('fr_T8')).toEqual([
      { lineId: 'l1', batchId: expect.any(Number), reservedMilli: 28_000 }
    ])
  })

  it('a stock-take adjusts to the count, but not below what requests hold', () => {
    const sertraline = stock.catalogue.packsFor('39732311000001104')[0]?.amppId ?? ''
    const batchId = bookIn(sertraline, 'ST1', '2028-01-31', 2)
    check('fr_T9', [item('l1', '39732311000001104', 'Sertraline 50mg tablets', 40)])
    const take = (counted: number) => tx(() => stock.stockTaking.take(sertraline, [{ batchId, counted }], null, env()))
    expect(() => take(30)).toThrow(/reserved for fr_T9/)
    const done = take(50)
    expect(done.lines).toEqual([
      { batchId, batchNo: 'ST1', expiry: '2028-01-31', expected: 56, counted: 50, difference: -6 }
    ])
    expect(stock.ledger.level(batchId)).toEqual({ onHandMilli: 50_000, reservedMilli: 40_000, availableMilli: 10_000 })
  })

  it('says whether stock is still out when a cancelled request is released', () => {
    const sertraline = stock.catalogue.packsFor('39732311000001104')[0]?.amppId ?? ''
    const batchId = bookIn(sertraline, 'RL1', '2028-01-31', 1)
    check('fr_T10', [item('l1', '39732311000001104', 'Sertraline 50mg tablets', 20)])
    tx(() => stock.ledger.dispense(batchId, 10_000, 'fr_T10', 'l1', env()))
    const answer = tx(() => stock.releaseForRequest('fr_T10', clock.now(), 'cancelled at Phensys'))
    expect(answer).toEqual({ stockReturned: false })
    expect(stock.ledger.level(batchId)).toEqual({ onHandMilli: 18_000, reservedMilli: 0, availableMilli: 18_000 })
    expect(() => tx(() => stock.ledger.reserve(batchId, 19_000, 'fr_X', 'l1', env()))).toThrow(CounterError)
  })
})
