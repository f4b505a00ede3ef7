import type { CarrierManifest, ExportedFile, ManifestView } from '../../shared/contract'
import { pdfFile } from '../documents'
import { formatDateTime } from '../../shared/time/london'
import type { RequestsRepo } from '../fulfilment'
import type { ShipmentsRepo } from './shipments-repo'

/** The end-of-day manifest: every parcel handed to each carrier on one day. */
export function manifestView(date: string, shipments: ShipmentsRepo, requests: RequestsRepo): ManifestView {
  const byCarrier = new Map<string, CarrierManifest>()
  for (const parcel of shipments.manifest(date)) {
    const snapshot = requests.get(parcel.requestId)?.snapshot
    const manifest = byCarrier.get(parcel.carrier) ?? { carrier: parcel.carrier, parcels: [] }
    manifest.parcels.push({
      requestId: parcel.requestId,
      parcelNo: parcel.parcelNo,
      parcels: shipments.get(parcel.requestId)?.parcels ?? 1,
      service: parcel.service,
      trackingNumber: parcel.trackingNumber,
      recipient: snapshot?.delivery.recipientName ?? '',
      postcode: snapshot?.delivery.address.postcode ?? '',
      dispatchedAt: parcel.dispatchedAt
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
  return pdfFile(`manifest-${slug}-${view.date}.pdf`, {
    title: `${carrier} manifest, ${view.date}`,
    subtitle: `${pharmacy.name}, ${[...pharmacy.addressLines, pharmacy.postcode].join(', ')} · ${parcels.length} parcel${parcels.length === 1 ? '' : 's'} · collector's signature: ____________________`,
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
      { header: 'Dispatched', weight: 1.6 }
    ],
    rows: parcels.map((p, index) => [
      String(index + 1),
      p.trackingNumber ?? '(untracked)',
      p.service,
      p.recipient,
      p.postcode,
      p.requestId,
      `${p.parcelNo} of ${p.parcels}`,
      formatDateTime(p.dispatchedAt)
    ])
  })
}
