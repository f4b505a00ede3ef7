/**
 * The batch recall tests' world: test/helpers/dispensed-world.ts with sertraline packs to book in,
 * and a request for one pack of a batch taken to accuracy-checked in its bag.
 */
import { DMD } from '../stock/helpers'
import { checkedRequest, dispensedWorld, packMaker, registerRequest, type DispensedWorld } from './dispensed-world'

export const SERTRALINE = { dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets' }

export type PackMaker = Awaited<ReturnType<typeof packMaker>>

export async function sertralineWorld(): Promise<{ w: DispensedWorld; sertraline: PackMaker }> {
  const w = await dispensedWorld()
  return { w, sertraline: await packMaker(w, SERTRALINE.dmdId) }
}

/** A request for one sertraline pack, dispensed with a pack of `batch` (booked in already) and checked. */
export async function baggedSertralinePack(
  w: DispensedWorld,
  sertraline: PackMaker,
  id: string,
  batch: string
): Promise<void> {
  await checkedRequest(w, id, registerRequest(id, [{ lineId: 'l1', ...SERTRALINE, quantity: sertraline.packSize }]), {
    l1: [sertraline.code(batch)]
  })
}
