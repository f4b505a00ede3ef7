/**
 * Phensys sends a line as Schedule 2 that this pharmacy's catalogue has as no controlled drug. The
 * counter raises `cd_schedule_differs` and tells the pharmacist it "treats it as Schedule 2 (the
 * stricter): the original, how long the prescription is valid and the CD register follow that".
 * The CD register does too: `SupplyRecords.recordCdSupplies` uses the one effective schedule, and
 * the supply opens the drug's section if it has none. (Found by review 28a: it asked the catalogue
 * alone, so the supply was in no section.)
 */
import { describe, expect, it } from 'vitest'
import { dispensedWorld } from '../helpers/dispensed-world'
import { startedForFile } from '../helpers/started-for-file'
import { supplyByCarrier } from '../helpers/supply'
import { checkedAsSchedule2 } from './one-sertraline-pack'

const w = startedForFile(dispensedWorld)

describe('a line Phensys sends as Schedule 2, the catalogue as no controlled drug', () => {
  it('is supplied only with its CD register entry, as the pharmacist was told', async () => {
    const id = 'fr_R28A_CD_SENT_2'
    const sertraline = await checkedAsSchedule2(w, id, 'SR1')

    const flags = await w.core.call(w.pharmacist, 'requests.flags', { id })
    const told = JSON.stringify(flags)
    expect(told, 'what the pharmacist is told').toMatch(/CD register follow/)

    const dispatched = await supplyByCarrier(w.core, w.checker, id).then(
      () => true,
      () => false
    )
    const cdEntries = w.core.internals.store.sqlite
      .prepare(`SELECT COUNT(*) AS n FROM cd_register_entries WHERE request_id = ? AND kind = 'supply'`)
      .get(id) as { n: number }
    const outcome = dispatched ? `supplied, ${cdEntries.n} CD register supply entries` : 'not supplied'
    expect(outcome, 'supplied as Schedule 2 with its CD register entry, or not supplied').not.toBe(
      'supplied, 0 CD register supply entries'
    )

    // The section opened for it starts from the stock held, so its balance is still the stock held.
    const sections = await w.core.call(w.pharmacist, 'registers.cd.sections', {})
    const section = sections.ok ? sections.value.find((s) => /sertraline/i.test(s.drug)) : undefined
    expect(section?.check.difference, "the new section's balance against the stock held").toBe(0)
    const listed = await w.core.call(w.pharmacist, 'registers.cd.list', { sectionId: section!.id })
    const entries = listed.ok ? listed.value.entries : []
    expect(entries.map((e) => [e.kind, e.change])).toEqual([
      ['correction', section!.balance + sertraline.packSize],
      ['supply', -sertraline.packSize]
    ])
    expect(entries[0]?.note).toMatch(/Phensys sends as Schedule 2 .*counts the stock/)
  })
})
