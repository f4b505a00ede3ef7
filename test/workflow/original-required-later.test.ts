/**
 * Phensys sends a request needing no original (a consultation); the counter dispenses, labels and
 * checks it; a later version then says the original is required after all (`hardCopy.required`,
 * a paper prescription), the items unchanged. The supply waits for the original as at acceptance:
 * the table's `originalRequired` sends the request to *awaiting hard copy* (its labelled packs to
 * quarantine, `hard_copy.awaiting` to Phensys), packing is refused, and the original received and
 * matched releases it to the stock check. Review rf29b found the checked bag going on to packing
 * without it (only new items or another patient were read as needing an original).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { checkedRequest, registerRequest } from '../helpers/dispensed-world'
import { literalDispensedWorld, type LiteralDispensedWorld } from '../helpers/literal-world'
import { settle } from '../helpers/linked'
import { bagScanFor } from '../helpers/supply'
import { DMD, packCode, scan } from '../stock/helpers'
import type { LiteralPhensys } from '../sync/literal-phensys'

let lit: LiteralPhensys
let w: LiteralDispensedWorld
let core: Core
let pack: { gtin: string; packSize: number }

beforeAll(async () => {
  w = await literalDispensedWorld()
  lit = w.lit
  core = w.core
  pack = w.packs
  for (let i = 0; i < 2; i++) await scan(core, w.assembler, packCode(pack.gtin, 'ORL1', '280630'))
}, 60_000)
afterAll(async () => w?.stop())

const stageOf = (id: string) => core.internals.requests.get(id)?.row.stage

it('an original Phensys requires after the bag was checked holds the supply until it is received', async () => {
  const id = 'fr_ORIG_LATER'
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: pack.packSize }
  ])
  await checkedRequest(w, id, body, { l1: [packCode(pack.gtin, 'ORL1', '280630')] }, (snapshot) => lit.create(snapshot))
  await settle(core)
  expect(stageOf(id)).toBe('accuracy_checked')

  lit.change(
    id,
    (s) => {
      const prescription = s.prescription as Record<string, unknown>
      prescription.kind = 'private_paper'
      prescription.hardCopy = { required: true, reason: 'paper_prescription' }
    },
    'request.updated'
  )
  await settle(core)
  expect(stageOf(id), 'supplied without the original Phensys requires').toBe('awaiting_hard_copy')
  expect(lit.accepted(id).at(-1)).toMatchObject({ type: 'hard_copy.awaiting' })
  const packed = await core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed).toMatchObject({ ok: false, error: { code: 'conflict' } })
  const view = await core.call(w.checker, 'dispensing.view', { id })
  expect(view.ok && view.value.lines.flatMap((line) => line.packs.map((p) => p.state))).toEqual(['quarantined'])

  const received = await core.call(w.pharmacist, 'requests.receiveHardCopy', {
    id,
    formType: 'private_paper',
    serial: '',
    patientMatches: true,
    prescriberMatches: true,
    dateMatches: true,
    lines: [{ lineId: 'l1', matches: true, quantityOnForm: pack.packSize }]
  })
  expect(received).toMatchObject({ ok: true })
  await settle(core)
  expect(stageOf(id)).toBe('ready_to_dispense')
  expect(lit.violations).toEqual([])
})
