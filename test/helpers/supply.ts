import type { Core } from '../../src/main/core'
import { requestLabelPayload } from '../../src/shared/scan/own-labels'
import { s10CheckDigit } from '../../src/shared/scan/tracking'

async function ok(answer: Promise<{ ok: boolean; error?: { message: string } }>, what: string): Promise<void> {
  const result = await answer
  if (!result.ok) throw new Error(`${what}: ${result.error?.message ?? 'refused'}`)
}

/** A valid Royal Mail (S10) tracking number of its own for each request and parcel. */
export function trackingNumberFor(requestId: string, parcelNo = 1): string {
  let hash = 2166136261
  for (const ch of `${requestId}#${parcelNo}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0
  const serial = String(hash % 100_000_000).padStart(8, '0')
  return `TT${serial}${s10CheckDigit(serial)}GB`
}

/** What packing scans: the request's own label. */
export function bagScanFor(requestId: string): string {
  return requestLabelPayload(requestId)
}

/** Packs an accuracy-checked request into `parcels` parcels and hands them to the carrier. */
export async function supplyByCarrier(
  core: Core,
  session: string,
  id: string,
  options: { parcels?: number } = {}
): Promise<void> {
  const parcels = options.parcels ?? 1
  await ok(core.call(session, 'requests.pack', { id, bagScan: bagScanFor(id), parcels }), `pack ${id}`)
  const trackingNumbers = Array.from({ length: parcels }, (_, n) => trackingNumberFor(id, n + 1))
  await ok(core.call(session, 'requests.dispatch', { id, trackingNumbers }), `dispatch ${id}`)
}

/** Packs an accuracy-checked collection request and hands it over at the counter. */
export async function supplyByCollection(
  core: Core,
  session: string,
  id: string,
  collectedBy: {
    name: string
    relation: 'patient' | 'representative' | 'healthcare_professional'
    idAsked: boolean
    idSeen: boolean
  } = { name: "Zoë O'Brien-Łukasik", relation: 'patient', idAsked: true, idSeen: true }
): Promise<void> {
  await ok(core.call(session, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), `pack ${id}`)
  await ok(core.call(session, 'requests.collect', { id, collectedBy }), `collect ${id}`)
}
