import type { Core } from '../../src/main/core'

async function ok(answer: Promise<{ ok: boolean; error?: { message: string } }>, what: string): Promise<void> {
  const result = await answer
  if (!result.ok) throw new Error(`${what}: ${result.error?.message ?? 'refused'}`)
}

/** Packs an accuracy-checked request into `parcels` parcels and hands them to the carrier. */
export async function supplyByCarrier(core: Core, session: string, id: string, options: { parcels?: number } = {}): Promise<void> {
  const parcels = options.parcels ?? 1
  await ok(core.call(session, 'requests.pack', { id, parcels }), `pack ${id}`)
  const trackingNumbers = Array.from({ length: parcels }, (_, n) => `RM${String(12345678 + n).padStart(8, '0')}5GB`)
  await ok(core.call(session, 'requests.dispatch', { id, carrier: 'Royal Mail', service: 'Tracked 24', trackingNumbers }), `dispatch ${id}`)
}
