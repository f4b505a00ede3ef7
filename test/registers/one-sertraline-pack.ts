import { checkedRequest, packMaker, registerRequest, type DispensedWorld, type Line } from '../helpers/dispensed-world'
import { cdSectionOf, type CdSectionReader } from '../helpers/cd-section'
import { supplyByCarrier } from '../helpers/supply'
import { scan } from '../stock/helpers'

const SERTRALINE = { dmdId: '39732311000001104', name: 'Sertraline 50mg tablets' }

/** One sertraline pack booked in as `batch`, and the body of a request for exactly that pack. */
export async function oneSertralinePack(
  w: DispensedWorld,
  id: string,
  batch: string,
  line: Partial<Line> = {}
): Promise<{ packSize: number; code: string; body: Record<string, unknown> }> {
  const sertraline = await packMaker(w, SERTRALINE.dmdId)
  const code = sertraline.code(batch)
  await scan(w.core, w.assembler, code, null)
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: SERTRALINE.dmdId, name: SERTRALINE.name, quantity: sertraline.packSize, ...line }
  ])
  return { packSize: sertraline.packSize, code, body }
}

/** One sertraline pack of `batch` for request `id`, sent by Phensys as Schedule 2, dispensed and checked. */
export async function checkedAsSchedule2(
  w: DispensedWorld,
  id: string,
  batch: string
): ReturnType<typeof oneSertralinePack> {
  const sertraline = await oneSertralinePack(w, id, batch, { schedule: 2 })
  await checkedRequest(w, id, sertraline.body, { l1: [sertraline.code] })
  return sertraline
}

/** The same (checkedAsSchedule2), then handed to the carrier. */
export async function suppliedAsSchedule2(w: DispensedWorld, id: string, batch: string): Promise<void> {
  await checkedAsSchedule2(w, id, batch)
  await supplyByCarrier(w.core, w.checker, id)
}

/** Sertraline's CD register section, once Phensys sent it as Schedule 2, as the pharmacist reads it. */
export function sertralineSection(w: DispensedWorld): CdSectionReader {
  return cdSectionOf(w.core, w.pharmacist, (section) => /sertraline/i.test(section.drug))
}
