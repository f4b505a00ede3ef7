/**
 * A cancellation racing a person at another window: the feed stops the request while a colleague's
 * screen still shows it labelled, waiting for the accuracy check. What they then send, based on
 * what their screen showed or not, is refused in words that say the request was cancelled, and
 * nothing is written: no check, no event for Phensys, no pack moved. Against the contract-literal
 * Phensys.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { cancelledAtPhensys, ok, readyToDispense, stageOf, worldForFile } from '../helpers/literal-world'
import { rescansWithLabels } from '../helpers/rescans'
import { until } from '../helpers/until'

const w = worldForFile()

it('the accuracy check and a pack scan sent after the feed cancelled the request are refused in words; nothing is written', async () => {
  const id = 'fr_RACE_CHECK'
  const code = await readyToDispense(w, id)
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await until(() => stageOf(w, id) === 'labelled', `${id} labelled`)
  await settle(w.core)
  // The checker's screen, read before the cancellation arrives.
  const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
  const shown = ok(await w.core.call(w.checker, 'requests.get', { id }), 'request').row.revision

  cancelledAtPhensys(w, id)
  await settle(w.core)
  expect(stageOf(w, id)).toBe('cancelled')
  const eventsAfterCancel = w.core.internals.outbox.forRequest(id).map((event) => event.type)
  const packsAfterCancel = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'view').lines.flatMap((line) =>
    line.packs.map((pack) => pack.state)
  )
  expect(packsAfterCancel).toEqual(['quarantined'])

  // From the screen as it showed the request: refused, saying what happened meanwhile.
  const rescans = rescansWithLabels(view, [code])
  const stale = await w.core.call(w.checker, 'requests.accuracyCheck', { id, basedOnRevision: shown, rescans })
  expect(stale).toMatchObject({
    ok: false,
    error: {
      code: 'conflict',
      message: expect.stringMatching(/changed since your screen showed it \(now Cancelled; last: Cancelled at Phensys/)
    }
  })
  // Without a revision (a key pressed on a screen not yet refreshed): refused by the stage.
  const unbased = await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans })
  expect(unbased).toMatchObject({
    ok: false,
    error: { code: 'conflict', message: expect.stringMatching(/Accuracy check is not possible: .* is Cancelled/) }
  })
  // Another pack scanned for it at the bench: refused, nothing taken off the shelf.
  const scanned = await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })
  expect(scanned).toMatchObject({ ok: false })

  await settle(w.core)
  expect(stageOf(w, id)).toBe('cancelled')
  expect(w.core.internals.outbox.forRequest(id).map((event) => event.type)).toEqual(eventsAfterCancel)
  expect(eventsAfterCancel).not.toContain('dispensing.checked')
  expect(
    ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'view').lines.flatMap((line) =>
      line.packs.map((pack) => pack.state)
    )
  ).toEqual(['quarantined'])
  expect(w.lit.accepted(id).at(-1)).toMatchObject({
    type: 'cancellation.acknowledged',
    body: { data: { stockReturned: false } }
  })
  expect(w.lit.violations).toEqual([])
})
