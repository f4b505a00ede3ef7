/**
 * A workstation on its seeded stock (no sync, no devices) with the pharmacist spatel signed in, for
 * tests of what Schedule 2 stock leaving the shelf writes in morphine 10mg MR's CD register section.
 */
import { afterEach } from 'vitest'
import { cdSectionOf, type CdSectionReader } from './cd-section'
import { signedInAs, startTempCore, type TempCore } from './temp-core'

/** Morphine sulfate 10mg modified-release tablets (the VMP), Schedule 2, in the seeded stock. */
const MORPHINE_10_MR = '36128311000001109'

/** Quantities in thousandths of a unit, as stored. */
interface MorphineBatch {
  id: number
  amppId: string
  onHand: number
  reserved: number
  packSize: number
}

export interface MorphineShelf extends TempCore, CdSectionReader {
  pharmacist: string
  /** The morphine batches with stock on hand, oldest first. */
  batches(): MorphineBatch[]
}

async function morphineShelf(): Promise<MorphineShelf> {
  const started = await startTempCore({ autoSync: false, autoDevices: false })
  const pharmacist = await signedInAs(started.core, 'spatel', '1111')
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
    ...cdSectionOf(started.core, pharmacist, (section) => section.vmpId === MORPHINE_10_MR)
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
