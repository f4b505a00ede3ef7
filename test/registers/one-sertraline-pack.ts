import { packMaker, registerRequest, type DispensedWorld, type Line } from '../helpers/dispensed-world'
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
