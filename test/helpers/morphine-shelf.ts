/**
 * A workstation on its seeded stock (no sync, no devices) with the pharmacist spatel signed in, for
 * tests of what Schedule 2 stock leaving the shelf writes in morphine 10mg MR's CD register section.
 */
import { afterEach } from 'vitest'
import type { CdEntryView, CdSectionSummary } from '../../src/shared/contract/register-views'
import { signedInAs, startTempCore, type TempCore } from './temp-core'

/** Morphine sulfate 10mg modified-release tablets (the VMP), Schedule 2, in the seeded stock. */
export const MORPHINE_10_MR = '36128311000001109'

/** Quantities in thousandths of a unit, as stored. */
export interface MorphineBatch {
  id: number
  amppId: string
  onHand: number
  reserved: number
  packSize: number
}

export interface MorphineShelf extends TempCore {
  pharmacist: string
  /** The morphine batches with stock on hand, oldest first. */
  batches(): MorphineBatch[]
  section(): Promise<CdSectionSummary>
  entries(): Promise<CdEntryView[]>
}

async function morphineShelf(): Promise<MorphineShelf> {
  const started = await startTempCore({ autoSync: false, autoDevices: false })
  const pharmacist = await signedInAs(started.core, 'spatel', '1111')
  const section = async (): Promise<CdSectionSummary> => {
    const sections = await started.core.call(pharmacist, 'registers.cd.sections', {})
    if (!sections.ok) throw new Error(sections.error.message)
    return sections.value.find((s) => s.vmpId === MORPHINE_10_MR)!
  }
  return Object.assign(started, {
    pharmacist,
    batches: () =>
      started.core.internals.store.sqlite
        .prepare(
          `SELECT b.id, b.ampp_id AS amppId, l.on_hand_milli AS onHand, l.reserved_milli AS reserved,
                  p.pack_size_milli AS packSize FROM batches b
             JOIN batch_levels l ON l.batch_id = b.id
             JOIN packs p ON p.ampp_id = b.ampp_id
             JOIN products amp ON amp.dmd_id = p.amp_id
            WHERE amp.vmp_id = ? AND l.on_hand_milli > 0
            ORDER BY b.id`
        )
        .all(MORPHINE_10_MR) as MorphineBatch[],
    section,
    async entries() {
      const listed = await started.core.call(pharmacist, 'registers.cd.list', { sectionId: (await section()).id })
      if (!listed.ok) throw new Error(listed.error.message)
      return listed.value.entries
    }
  })
}

/** For a file whose tests each start their own shelf: the function starts one, stopped after its test. */
export function morphineShelfForEachTest(): () => Promise<MorphineShelf> {
  let started: MorphineShelf | undefined
  afterEach(async () => {
    await started?.stop()
    started = undefined
  })
  return async () => (started = await morphineShelf())
}
