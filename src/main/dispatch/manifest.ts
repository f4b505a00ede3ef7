import type { CarrierManifest, ExportedFile, ManifestView } from '../../shared/contract'
import { pdfFile } from '../documents'
import { formatDateTime } from '../../shared/time/london'
import type { Stage } from '../../shared/workflow/stages'
import type { RequestsRepo } from '../fulfilment'
import type { ShipmentsRepo } from './shipments-repo'

/** Requests Phensys stopped after their parcels were dispatched, in the manifest's words. */
const STOPPED: Partial<Record<Stage, string>> = { cancelled: 'Cancelled', rejected: 'Rejected' }

/**
 * The end-of-day manifest: every parcel handed to each carrier on one day. A parcel of a request
 * Phensys stopped after its dispatch stays listed (the collector may have taken it already, and the
 * signed manifest must say what went) and says that it is not to be handed over.
 */
export function manifestView(date: string, shipments: ShipmentsRepo, requests: RequestsRepo): ManifestView {
  const byCarrier = new Map<string, CarrierManifest>()
  for (const parcel of shipments.manifest(date)) {
    const request = requests.get(parcel.requestId)
    const snapshot = request?.snapshot
    const stopped = request ? STOPPED[request.row.stage] : undefined
    // Only the last dispatch's parcels are the stopped request's: an earlier one came back and was sent again.
    const last = stopped !== undefined && shipments.currentParcels(parcel.requestId).some((p) => p.id === parcel.id)
    const pull =
      !last || parcel.outcome === 'delivered'
        ? null
        : parcel.outcome === 'returned'
          ? `${stopped}: back in the pharmacy, not to hand over`
          : `${stopped}: pull this parcel`
    const manifest = byCarrier.get(parcel.carrier) ?? { carrier: parcel.carrier, parcels: [] }
    manifest.parcels.push({
      requestId: parcel.requestId,
      parcelNo: parcel.parcelNo,
      parcels: shipments.get(parcel.requestId)?.parcels ?? 1,
      service: parcel.service,
      trackingNumber: parcel.trackingNumber,
      recipient: snapshot?.delivery.recipientName ?? '',
      postcode: snapshot?.delivery.address.postcode ?? '',
      dispatchedAt: parcel.dispatchedAt,
      pull
    })
    byCarrier.set(parcel.carrier, manifest)
  }
  return { date, carriers: [...byCarrier.values()] }
}

export function manifestPdf(
  view: ManifestView,
  carrier: string,
  pharmacy: { name: string; addressLines: string[]; postcode: string },
  by: string,
  now: Date
): Promise<ExportedFile> {
  const parcels = view.carriers.find((c) => c.carrier === carrier)?.parcels ?? []
  const slug = carrier.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const toHandOver = parcels.filter((p) => p.pull === null).length
  const pulled = parcels.length - toHandOver
  return pdfFile(`manifest-${slug}-${view.date}.pdf`, {
    title: `${carrier} manifest, ${view.date}`,
    subtitle: `${pharmacy.name}, ${[...pharmacy.addressLines, pharmacy.postcode].join(', ')} · ${parcelCount(toHandOver)}${pulled > 0 ? ` to hand over; ${parcelCount(pulled)} marked not to hand over` : ''} · collector's signature: ____________________`,
    generatedAt: now,
    generatedBy: by,
    columns: [
      { header: '#', weight: 0.4 },
      { header: 'Tracking number', weight: 2 },
      { header: 'Service', weight: 2 },
      { header: 'Recipient', weight: 2.5 },
      { header: 'Postcode', weight: 1 },
      { header: 'Reference', weight: 1.6 },
      { header: 'Parcel', weight: 0.8 },
      { header: 'Dispatched', weight: 1.6 },
      { header: 'Not to hand over', weight: 2 }
    ],
    rows: parcels.map((p, index) => [
      String(index + 1),
      p.trackingNumber ?? '(untracked)',
      p.service,
      p.recipient,
      p.postcode,
      p.requestId,
      `${p.parcelNo} of ${p.parcels}`,
      formatDateTime(p.dispatchedAt),
      p.pull ?? ''
    ])
  })
}

const parcelCount = (n: number): string => `${n} parcel${n === 1 ? '' : 's'}`
