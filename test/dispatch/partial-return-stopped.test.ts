/**
 * A Schedule 2 supply in two parcels, one back from the carrier (the request *returned to sender*,
 * an address query at Phensys), the other still out, then stopped: cancelled by Phensys or
 * rejected by a pharmacist. Which packs were in which parcel is not recorded, so the bag is not put
 * in quarantine while a parcel of it is out (a pack on the road, or delivered, would be counted in
 * the pharmacy and the CD balance check would show a difference): it stays as supplied, as for a
 * request stopped while dispatched, the acknowledgement says not everything went back, and the
 * last parcel back reverses the supply and quarantines the bag once. Review rf29b found the whole
 * bag quarantined at the stop (the balance check off by the parcel out). Against the
 * contract-literal Phensys.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { checkedRequest, registerRequest, usePrinter, type DispensedWorld } from '../helpers/dispensed-world'
import { settle, staffSession, startLinked } from '../helpers/linked'
import { supplyByCarrier, trackingNumberFor } from '../helpers/supply'
import { startListener } from '../helpers/tcp-listeners'
import { ManualClock } from '../helpers/temp-core'
import { ownerSession, packCode, scan, stockedPack } from '../stock/helpers'
import { startLiteralPhensys, type LiteralPhensys } from '../sync/literal-phensys'

const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets' }
const PACKS_IN_STOCK = 4

let lit: LiteralPhensys
let w: DispensedWorld
let morphine: { gtin: string; packSize: number }
let core: Core

beforeAll(async () => {
  lit = await startLiteralPhensys()
  const l = await startLinked({
    coreToken: lit.token,
    through: async () => lit.url,
    core: {
      printRetry: { baseMs: 20, maxMs: 50 },
      syncTuning: { retryBaseMs: 1, retryMaxMs: 2_000, pollWaitSeconds: 0 }
    }
  })
  core = l.core
  const assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
  const pharmacist = await staffSession(core, ['pharmacist'])
  const checker = await staffSession(core, ['accuracy_checker'])
  const admin = await ownerSession(core)
  const rp = await core.call(pharmacist, 'rp.signIn', {})
  if (!rp.ok) throw new Error(rp.error.message)
  const printer = await startListener({ kind: 'printer' })
  await usePrinter(core, admin, printer.port)
  w = {
    l,
    core,
    clock: new ManualClock(),
    admin,
    assembler,
    pharmacist,
    checker,
    printer,
    stop: async () => {
      await printer.close()
      await l.stop()
      await lit.close()
    }
  }
  morphine = await stockedPack(core, assembler, MORPHINE.dmdId)
  for (let i = 0; i < PACKS_IN_STOCK; i++) await scan(core, assembler, morphineCode())
}, 60_000)
afterAll(async () => w?.stop())

function morphineCode(): string {
  return packCode(morphine.gtin, 'MPR1', '280630')
}

async function call<T>(
  answer: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>
): Promise<T> {
  const result = await answer
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const stageOf = (id: string) => core.internals.requests.get(id)?.row.stage
const carrierDate = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

async function morphineSection() {
  const sections = await call(core.call(w.pharmacist, 'registers.cd.sections', {}))
  return sections.find((s) => s.vmpId === MORPHINE.dmdId)!
}

async function cdEntries(id: string) {
  const section = await morphineSection()
  const { entries } = await call(core.call(w.pharmacist, 'registers.cd.list', { sectionId: section.id }))
  return entries.filter((e) => e.requestId === id).map((e) => [e.kind, e.supplyNo, e.change])
}

async function packStates(id: string) {
  const view = await call(core.call(w.checker, 'dispensing.view', { id }))
  return view.lines.flatMap((line) => line.packs.map((pack) => pack.state))
}

it('one parcel of two back, then cancelled at Phensys: nothing quarantined while a parcel is out, the CD balance right; the rest back puts the bag in quarantine once', async () => {
  const id = 'fr_PRC_HALF'
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: 2 * morphine.packSize }
  ])
  await checkedRequest(w, id, body, { l1: [morphineCode(), morphineCode()] }, (snapshot) => lit.create(snapshot))
  await supplyByCarrier(core, w.checker, id, { parcels: 2 })
  await settle(core)
  // A carrier's date has whole seconds: the return is recorded after the second of the dispatch.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  const report = await call(
    core.call(w.checker, 'dispatch.importOutcomes', {
      fileName: 'rm.csv',
      csv: `tracking,status,date\n${trackingNumberFor(id, 1)},Returned to sender,${carrierDate()}\n`
    })
  )
  expect(report.lines).toMatchObject([{ result: 'applied', outcome: 'returned' }])
  await settle(core)
  expect(stageOf(id)).toBe('returned_to_sender')
  expect(lit.snapshot(id).state).toBe('query_open')
  expect(await morphineSection()).toMatchObject({ check: { difference: 0 } })

  lit.change(
    id,
    (s) => {
      s.state = 'cancelled'
      s.cancellation = { reason: 'patient_request', cancelledAt: new Date().toISOString() }
    },
    'request.cancelled'
  )
  await settle(core)
  expect(stageOf(id)).toBe('cancelled')
  expect(lit.accepted(id).at(-1)).toMatchObject({
    type: 'cancellation.acknowledged',
    body: { data: { stockReturned: false } }
  })
  // Parcel 2 is still with the carrier: the bag is not in the pharmacy to quarantine.
  expect(await cdEntries(id)).toEqual([['supply', 1, -2 * morphine.packSize]])
  expect(await morphineSection()).toMatchObject({ check: { difference: 0 } })
  expect(await packStates(id)).toEqual(['assembled', 'assembled'])

  // The other parcel comes back: the supply reversed once, the bag in quarantine, the balance right.
  await call(core.call(w.checker, 'requests.markReturned', { id, note: 'second parcel handed back' }))
  expect(stageOf(id)).toBe('cancelled')
  expect(await cdEntries(id)).toEqual([
    ['supply', 1, -2 * morphine.packSize],
    ['correction', 1, 2 * morphine.packSize]
  ])
  expect(await packStates(id)).toEqual(['quarantined', 'quarantined'])
  expect(await morphineSection()).toMatchObject({ check: { difference: 0 } })
  expect(lit.violations).toEqual([])
})

it('one parcel of two back, then rejected by the pharmacist: nothing quarantined while a parcel is out, the CD balance right; the rest back puts the bag in quarantine once', async () => {
  const id = 'fr_PRC_REJ'
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: MORPHINE.dmdId, name: MORPHINE.name, quantity: 2 * morphine.packSize }
  ])
  await checkedRequest(w, id, body, { l1: [morphineCode(), morphineCode()] }, (snapshot) => lit.create(snapshot))
  await supplyByCarrier(core, w.checker, id, { parcels: 2 })
  await settle(core)
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  await call(
    core.call(w.checker, 'dispatch.importOutcomes', {
      fileName: 'rm2.csv',
      csv: `tracking,status,date\n${trackingNumberFor(id, 2)},Returned to sender,${carrierDate()}\n`
    })
  )
  await settle(core)
  expect(stageOf(id)).toBe('returned_to_sender')

  await call(
    core.call(w.pharmacist, 'requests.reject', { id, reason: 'other', message: 'The patient no longer wants it' })
  )
  await settle(core)
  expect(stageOf(id)).toBe('rejected')
  expect(await cdEntries(id)).toEqual([['supply', 1, -2 * morphine.packSize]])
  expect(await morphineSection()).toMatchObject({ check: { difference: 0 } })
  expect(await packStates(id)).toEqual(['assembled', 'assembled'])

  await call(core.call(w.checker, 'requests.markReturned', { id, note: 'first parcel handed back' }))
  expect(stageOf(id)).toBe('rejected')
  expect(await cdEntries(id)).toEqual([
    ['supply', 1, -2 * morphine.packSize],
    ['correction', 1, 2 * morphine.packSize]
  ])
  expect(await packStates(id)).toEqual(['quarantined', 'quarantined'])
  expect(await morphineSection()).toMatchObject({ check: { difference: 0 } })
  expect(lit.violations).toEqual([])
})
