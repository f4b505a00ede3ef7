/**
 * A prescription date Phensys sent that the counter cannot read ("26/11/2026", "2026-13-45") is
 * stored, flagged with the raw value, and shown in words: the list of originals awaited (F4) still
 * lists every request, this one with its last valid day unknown, and every step guarded by the
 * prescription's validity (the clinical check here) is refused in words: its validity cannot be
 * counted, so nothing goes on as if it were valid, and nothing fails inside.
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

  // Without an original to wait for, the clinical check meets the validity guard: refused in words.
  const consultation = 'fr_RF_DATE_UNREADABLE_CONSULT'
  const snapshot = snapshotOf(consultation)
  snapshot.prescription = { ...(snapshot.prescription as Json), issuedAt: '2026-13-45' }
  w.lit.create(snapshot)
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'requests.accept', { id: consultation }), 'accept')
  await settle(w.core)
  const checked = await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id: consultation, outcome: 'approved' })
  expect(checked.ok ? null : checked.error.code).toBe('precondition_failed')
  expect(checked.ok ? '' : checked.error.message).toMatch(/date could not be read/)
})
