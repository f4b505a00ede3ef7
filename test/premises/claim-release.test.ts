import { afterEach, expect, it } from 'vitest'
import { staffedWorld, type StaffedWorld } from '../helpers/dispensed-world'
import { requestBody, settle, staffSession } from '../helpers/linked'
import { DMD, bookIn, item, packCode, stockedPack, withItems } from '../stock/helpers'

/**
 * A claim released mid-way (the person stops): another bench may carry the dispensing on, and the
 * one who does holds the request from then on, shown to every other bench, which it keeps out as
 * before. Releasing is the holder's bench's, and taking over a pharmacist's.
 */
let world: StaffedWorld | undefined
afterEach(async () => {
  await world?.l.stop()
  world = undefined
})

it('a released claim is taken again by whoever carries the dispensing on, at their bench, and keeps the others out', async () => {
  const w = await staffedWorld()
  world = w
  const { core } = w
  await bookIn(core, w.assembler, DMD.sertraline, 3, 'LOT1', '280630')
  const { gtin, packSize } = await stockedPack(core, w.assembler, DMD.sertraline)
  const id = 'fr_CLAIM_AGAIN'
  await w.l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', 2 * packSize)])
  )
  await settle(core)
  const bench1 = await staffSession(core, ['dispenser'], { id: 'bench-1', name: 'Bench 1' })
  const bench2 = await staffSession(core, ['dispenser', 'accuracy_checker'], { id: 'bench-2', name: 'Bench 2' })
  const claim = () => core.internals.requests.get(id)!.row.claim
  const scan = (session: string) =>
    core.call(session, 'dispensing.scanPack', { id, lineId: 'l1', raw: packCode(gtin, 'LOT1', '280630') })

  expect(await core.call(bench1, 'requests.accept', { id })).toMatchObject({ ok: true })
  expect(await scan(bench1)).toMatchObject({ ok: true, value: { complete: false } })
  expect(claim()).toMatchObject({ benchName: 'Bench 1', userName: 'Staff dispenser', stage: 'dispensing' })

  // Another bench neither releases it nor, without being a pharmacist, takes it over.
  expect(await core.call(bench2, 'requests.releaseClaim', { id })).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringContaining('Dispensing at Bench 1 by Staff dispenser') }
  })
  expect(await core.call(bench2, 'requests.takeOver', { id })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' }
  })

  // The holder stops mid-way and releases it: audited, with whose it was.
  expect(await core.call(bench1, 'requests.releaseClaim', { id })).toMatchObject({
    ok: true,
    value: { row: { claim: null } }
  })
  const released = core.internals.audit
    .list({ entityId: id, limit: 20 })
    .find((entry) => entry.command === 'requests.releaseClaim')
  expect(released).toMatchObject({
    actorName: 'Staff dispenser',
    summary: { released: { benchName: 'Bench 1', userName: 'Staff dispenser' } }
  })

  // Bench 2 carries the dispensing on: it holds the request now, and Bench 1 is kept out, told who.
  expect(await scan(bench2)).toMatchObject({ ok: true, value: { complete: true } })
  expect(claim()).toMatchObject({
    benchName: 'Bench 2',
    userName: 'Staff dispenser accuracy_checker',
    stage: 'dispensing'
  })
  expect(await core.call(bench1, 'requests.printLabels', { id })).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringContaining('Dispensing at Bench 2 by Staff dispenser') }
  })
})
