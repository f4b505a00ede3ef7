/**
 * A prescription whose date Phensys sent in a form the counter cannot read ("26/11/2026") is stored
 * and flagged, and shown to a person in words: the list of originals awaited still opens, with the
 * request on it and its last valid day unknown, and a step guarded by the prescription's validity
 * is refused in words (the validity cannot be counted), never an internal error.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { ok, snapshotOf, stageOf, worldForFile } from '../helpers/literal-world'
import type { Json } from '../sync/literal-phensys'

const w = worldForFile()

function paperPrescription(id: string, issuedAt: string): Json {
  const snapshot = snapshotOf(id, { route: 'upload' })
  const prescription = snapshot.prescription as Json
  snapshot.prescription = {
    ...prescription,
    kind: 'private_paper',
    issuedAt,
    hardCopy: { required: true, reason: 'paper_prescription' }
  }
  return snapshot
}

it('an unreadable prescription date: F4 still lists every original awaited, and the clinical check says why it cannot go on', async () => {
  const unreadable = 'fr_RF_DATE_UNREADABLE'
  const readable = 'fr_RF_DATE_READABLE'
  w.lit.create(paperPrescription(unreadable, '26/11/2026'))
  w.lit.create(paperPrescription(readable, new Date().toISOString().slice(0, 10)))
  await settle(w.core)
  const flags = ok(await w.core.call(w.pharmacist, 'requests.flags', { id: unreadable }), 'flags')
  expect(flags.filter((flag) => flag.path === 'prescription.issuedAt').map((flag) => flag.raw)).toEqual([
    '"26/11/2026"'
  ])
  for (const id of [unreadable, readable]) ok(await w.core.call(w.assembler, 'requests.accept', { id }), `accept ${id}`)
  await settle(w.core)
  expect(stageOf(w, unreadable)).toBe('awaiting_hard_copy')

  const awaited = await w.core.call(w.assembler, 'hardCopies.outstanding', {})
  expect(awaited.ok, JSON.stringify(awaited)).toBe(true)
  const rows = awaited.ok ? awaited.value : []
  expect(rows.map((row) => row.requestId).sort()).toEqual([readable, unreadable].sort())
  expect(rows.find((row) => row.requestId === unreadable)?.validUntil).toBeNull()

  const checked = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id: unreadable, outcome: 'approved' })
  expect(checked.ok).toBe(false)
  expect(checked.ok ? null : checked.error.code).toBe('precondition_failed')
  expect(checked.ok ? '' : checked.error.message).toMatch(/date/i)
})
