import { describe, expect, it } from 'vitest'
import type { CdEntryView, CdSectionSummary } from '../../src/shared/contract/register-views'
import { premisesHostEachTest } from '../helpers/premises'
import { MORPHINE } from '../helpers/cd-world'
import { packCode } from '../stock/helpers'

/**
 * One premises, one of each register: the Responsible Pharmacist is one at a time for the whole
 * premises, whichever bench they sign in at, and a CD received at one bench is in the one CD
 * register every bench reads.
 */
describe('one RP and one CD register for every bench of the premises', () => {
  const host = premisesHostEachTest()

  it('a second pharmacist at another bench cannot be RP while one is; a CD booked in at one bench is in the register the other reads', async () => {
    const created = await host().temp.core.call(host().admin, 'users.create', {
      username: 'jdoe',
      displayName: 'Jo Doe',
      roles: ['pharmacist'],
      gphcNumber: '2099999',
      secret: '482916'
    })
    expect(created.ok ? 'ok' : created.error.message).toBe('ok')
    const bench1 = await host().bench('Bench 1')
    const bench2 = await host().bench('Bench 2')
    const jo = await bench1.signIn('jdoe', '482916')
    const alex = await bench1.signIn('ajones', '2222')
    const sam = await bench2.signIn('spatel', '1111')

    expect((await bench2.link.dispatch(sam, 'rp.signIn', {})).ok).toBe(true)
    const seen = await bench1.link.dispatch(jo, 'rp.status', {})
    expect(JSON.stringify(seen.ok ? seen.value : seen.error)).toContain('Sam Patel')
    const second = await bench1.link.dispatch(jo, 'rp.signIn', {})
    expect(second.ok).toBe(false)
    expect(second.ok ? '' : second.error.message).toMatch(/Sam Patel/)

    // Morphine booked in at Bench 1, read in the CD register at Bench 2.
    const levels = await bench1.link.dispatch(alex, 'stock.levels', { search: MORPHINE.dmdId, limit: 50 })
    const row = (levels.ok ? (levels.value as { rows: Array<{ amppId: string }> }).rows : [])[0]
    expect(row, 'morphine in the catalogue').toBeTruthy()
    const pack = await bench1.link.dispatch(alex, 'stock.pack', { amppId: row!.amppId })
    const gtin = (pack.ok ? (pack.value as { gtins: Array<{ gtin: string; historic: boolean }> }).gtins : []).find(
      (g) => !g.historic
    )!.gtin
    const received = await bench1.link.dispatch(alex, 'stock.receiveScan', {
      raw: packCode(gtin, 'MRB1', '280630'),
      deliveryId: null
    })
    expect(received.ok ? 'ok' : received.error.message).toBe('ok')
    const sections = await bench2.link.dispatch(sam, 'registers.cd.sections', {})
    const morphine = (sections.ok ? (sections.value as CdSectionSummary[]) : []).find(
      (section) => section.vmpId === MORPHINE.dmdId
    )
    expect(morphine, 'a morphine section at Bench 2').toBeTruthy()
    const listed = await bench2.link.dispatch(sam, 'registers.cd.list', { sectionId: morphine!.id })
    const entries = listed.ok ? (listed.value as { entries: CdEntryView[] }).entries : []
    expect(JSON.stringify(entries)).toContain('MRB1')
    // And the same register, entry for entry, at Bench 1.
    const atOne = await bench1.link.dispatch(jo, 'registers.cd.list', { sectionId: morphine!.id })
    expect(atOne.ok && (atOne.value as { entries: CdEntryView[] }).entries).toEqual(entries)
  })
})
