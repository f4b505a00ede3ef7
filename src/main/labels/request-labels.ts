import type { Snapshot } from '../../shared/phensys/snapshot'
import type { DeviceSettings } from '../../shared/devices/settings'
import type { LabelPreview } from '../../shared/contract'
import { bagLabelInput, buildBagLabel } from './bag-label'
import { buildDispensingLabel, dispensingLabelInput, type PharmacyDetails } from './dispensing-label'
import { layoutLabel, type LaidOutLabel } from './layout'
import { DEFAULT_STOCK, type LabelStock } from './stock'
import { toSvg } from './svg'
import { toZpl } from './zpl'

export function stockFromSettings(settings: DeviceSettings['labelStock']): LabelStock {
  return {
    id: `${settings.widthMm}x${settings.heightMm}-${settings.dpi}`,
    widthMm: settings.widthMm,
    heightMm: settings.heightMm,
    dpi: settings.dpi,
    marginsMm: DEFAULT_STOCK.marginsMm
  }
}

export interface RequestLabels {
  dispensing: LaidOutLabel[]
  bag: LaidOutLabel[]
}

/** Every label a request needs, laid out once: the preview and the printer both take these. */
export function layoutRequestLabels(snapshot: Snapshot, pharmacy: PharmacyDetails, dispensedOn: string, stock: LabelStock, parcels = 1): RequestLabels {
  const dispensing = snapshot.prescription.items.flatMap((item) =>
    layoutLabel(buildDispensingLabel(dispensingLabelInput(snapshot, item, pharmacy, dispensedOn)), stock)
  )
  const bag = Array.from({ length: parcels }, (_, index) => layoutLabel(buildBagLabel(bagLabelInput(snapshot, index + 1, parcels)), stock)).flat()
  return { dispensing, bag }
}

export function previewsOf(labels: LaidOutLabel[], stock: LabelStock): LabelPreview[] {
  return labels.map((label) => ({ widthMm: stock.widthMm, heightMm: stock.heightMm, svg: toSvg(label) }))
}

export function zplOf(labels: LaidOutLabel[]): string {
  return toZpl(labels)
}

export function pharmacyDetails(pharmacy: { name: string; addressLines: string[]; postcode: string }): PharmacyDetails {
  return { name: pharmacy.name, address: [...pharmacy.addressLines, pharmacy.postcode].join(', ') }
}
