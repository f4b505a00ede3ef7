import { afterEach, describe, expect, it } from 'vitest'
import { signedInAs, startTempCore } from '../helpers/temp-core'

let started: Awaited<ReturnType<typeof startTempCore>> | undefined
afterEach(async () => {
  await started?.stop()
  started = undefined
})

const MORPHINE_10_MR = '36128311000001109'
const SERTRALINE = '39732311000001104'

describe('opening CD register sections', () => {
  it('a training store opens a section for each Schedule 2 drug it holds, agreeing with the ledger, once', async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const sections = await started.core.call(pharmacist, 'registers.cd.sections', {})
    if (!sections.ok) throw new Error(sections.error.message)
    expect(sections.value.map((s) => s.vmpId)).toContain(MORPHINE_10_MR)
    for (const section of sections.value) {
      expect(section.balance, section.drug).toBeGreaterThan(0)
      expect(section.check.difference, section.drug).toBe(0)
    }
    const list = await started.core.call(pharmacist, 'registers.cd.list', { sectionId: sections.value[0]!.id })
    expect(list).toMatchObject({
      ok: true,
      value: { entries: [{ seq: 1, kind: 'correction', note: expect.stringContaining('brought forward') }] }
    })

    // A restart opens nothing more.
    const count = () =>
      (
        started!.core.internals.store.sqlite.prepare('SELECT COUNT(*) AS n FROM cd_register_entries').get() as {
          n: number
        }
      ).n
    const before = count()
    await started.restart()
    expect(count()).toBe(before)
  })

  it("a pharmacist brings a paper register's balance forward, once, for Schedule 2 drugs only", async () => {
    started = await startTempCore({ autoSync: false, autoDevices: false })
    const pharmacist = await signedInAs(started.core, 'spatel', '1111')
    const dispenser = await signedInAs(started.core, 'ajones', '2222')
    const note = 'Brought forward from paper register vol. 3, page 41'
    // A Schedule 2 drug the training store does not stock, so it has no section yet.
    const unstocked = started.core.internals.store.sqlite
      .prepare(
        `SELECT dmd_id FROM products WHERE level = 'VMP' AND cd_schedule = 2 AND dmd_id NOT IN (SELECT vmp_id FROM cd_register_sections) ORDER BY dmd_id LIMIT 1`
      )
      .get() as { dmd_id: string }
    const UNSTOCKED = unstocked.dmd_id
    expect(
      await started.core.call(dispenser, 'registers.cd.open', { vmpId: UNSTOCKED, balance: 30, note })
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const opened = await started.core.call(pharmacist, 'registers.cd.open', { vmpId: UNSTOCKED, balance: 30, note })
    expect(opened).toMatchObject({
      ok: true,
      value: { seq: 1, kind: 'correction', change: 30, balance: 30, note, recordedBy: 'Sam Patel' }
    })
    expect(
      await started.core.call(pharmacist, 'registers.cd.open', { vmpId: UNSTOCKED, balance: 30, note })
    ).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(
      await started.core.call(pharmacist, 'registers.cd.open', { vmpId: SERTRALINE, balance: 30, note })
    ).toMatchObject({
      ok: false,
      error: { code: 'precondition_failed', message: expect.stringContaining('not a controlled drug') }
    })
    const sections = await started.core.call(pharmacist, 'registers.cd.sections', {})
    if (!sections.ok) throw new Error(sections.error.message)
    // The ledger holds none of it: the check shows the difference for a pharmacist to resolve.
    expect(sections.value.find((s) => s.vmpId === UNSTOCKED)?.check).toMatchObject({
      registerBalance: 30,
      expected: 0,
      difference: 30
    })
    // The balance never goes below zero: such an entry is refused, saying by how much.
    const sectionId = (opened.ok && opened.value.sectionId) as number
    const below = await started.core.call(pharmacist, 'registers.cd.correct', {
      sectionId,
      correctsEntryId: null,
      change: -31,
      note: 'stock count'
    })
    expect(below).toMatchObject({
      ok: false,
      error: {
        code: 'precondition_failed',
        message: expect.stringContaining('would go below zero (balance 30, this entry -31)')
      }
    })
    expect(
      await started.core.call(pharmacist, 'registers.cd.correct', {
        sectionId,
        correctsEntryId: null,
        change: -30,
        note: 'stock count: none on the shelf'
      })
    ).toMatchObject({ ok: true, value: { balance: 0 } })
  })
})
