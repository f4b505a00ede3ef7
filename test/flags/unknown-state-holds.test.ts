/**
 * A request Phensys moves to a state the contract does not list (`on_hold`) is not dispensed or
 * checked until a pharmacist has looked: Phensys refuses the informational events there, and may
 * cancel or change the request. A flag an older release stored, which held less, holds as much.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { ok, readyToDispense, stageOf, worldForFile } from '../helpers/literal-world'
import { rescansWithLabels } from '../helpers/rescans'

const w = worldForFile()

async function heldAtPhensys(id: string): Promise<void> {
  w.lit.change(id, (s) => (s.state = 'on_hold'), 'request.updated')
  await settle(w.core)
}

const refusedFor = (step: string) => ({
  ok: false,
  error: {
    code: 'precondition_failed',
    message: expect.stringMatching(
      new RegExp(
        `^${step} waits until this flag is settled: Phensys holds the request in a state this counter does not know \\("on_hold"\\).*dispensed, labelled, checked`
      )
    )
  }
})

it('the first pack scanned does not start dispensing while Phensys holds the request in an unknown state', async () => {
  const id = 'fr_G28_HELD_START'
  const code = await readyToDispense(w, id)
  await heldAtPhensys(id)
  expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })).toMatchObject(
    refusedFor('Start dispensing')
  )
  expect(stageOf(w, id)).toBe('ready_to_dispense')

  w.lit.change(id, (s) => (s.state = 'in_fulfilment'), 'request.updated')
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan once moved on')
  await until(() => stageOf(w, id) === 'labelled', 'labelled')
})

it('a labelled bag is not accuracy-checked while Phensys holds the request in an unknown state', async () => {
  const id = 'fr_G28_HELD_CHECK'
  const code = await readyToDispense(w, id)
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await until(() => stageOf(w, id) === 'labelled', 'labelled')
  await settle(w.core)
  await heldAtPhensys(id)
  const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
  const rescans = rescansWithLabels(view, [code])
  expect(await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans })).toMatchObject(
    refusedFor('Accuracy check')
  )
  expect(stageOf(w, id)).toBe('labelled')
  await settle(w.core)
  expect(w.lit.conflicts.filter((conflict) => conflict.requestId === id)).toEqual([])
})

it('a flag an older release stored with its narrower holds holds back starting dispensing all the same', async () => {
  const id = 'fr_G28_HELD_OLD_FLAG'
  const code = await readyToDispense(w, id)
  await heldAtPhensys(id)
  // As the release before stored it: its holds and words written when it was raised.
  w.core.internals.store.sqlite
    .prepare("UPDATE request_flags SET blocks = ?, words = ? WHERE request_id = ? AND path = 'state'")
    .run(
      JSON.stringify(['accept', 'checkStock', 'printLabels', 'pack', 'dispatch', 'collect']),
      'Phensys holds the request in a state this counter does not know ("on_hold"): it is not accepted, stock-checked, labelled, packed, sent or handed over.',
      id
    )
  expect(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })).toMatchObject(
    refusedFor('Start dispensing')
  )
  const flags = ok(await w.core.call(w.assembler, 'requests.flags', { id }), 'flags')
  expect(flags.find((flag) => flag.path === 'state')?.blocks).toEqual(
    expect.arrayContaining(['startDispensing', 'accuracyCheck'])
  )
  expect(stageOf(w, id)).toBe('ready_to_dispense')
})
