import type { Snapshot } from '../../shared/phensys/snapshot'
import { bundledCautionaryLabels, type CautionaryLabelSet } from './cautionary-labels'
import type { DeviceSettings } from '../../shared/devices/settings'
import type { LabelPreview } from '../../shared/contract'
import { buildDispensingLabel, dispensingLabelInput, type PharmacyDetails } from './dispensing-label'
import { layoutLabel, type LaidOutLabel } from './layout'
import { DEFAULT_STOCK, type LabelStock } from './stock'
import { toSvg } from './svg'

export function stockFromSettings(settings: DeviceSettings['labelStock']): LabelStock {
  return {
    id: `${settings.widthMm}x${settings.heightMm}-${settings.dpi}`,
    widthMm: settings.widthMm,
    heightMm: settings.heightMm,
    dpi: settings.dpi,
    marginsMm: DEFAULT_STOCK.marginsMm
  }
}

/**
 * A request's dispensing labels, laid out once: the preview and the printer both take these. (The
 * bag labels and the dispatch note are laid out when packing: they depend on the parcels and the
 * carrier, src/main/dispatch.) `cautionaryFor` gives a line's cautionary wording where a pharmacist
 * chose wording for a label the pharmacy's file lacks (src/main/flags/label-decisions.ts).
 */
export function layoutDispensingLabels(
  snapshot: Snapshot,
  pharmacy: PharmacyDetails,
  dispensedOn: string,
  stock: LabelStock,
  cautionaryFor: (lineId: string) => CautionaryLabelSet = () => bundledCautionaryLabels()
): LaidOutLabel[] {
  return snapshot.prescription.items.flatMap((item) =>
    layoutLabel(
      buildDispensingLabel(dispensingLabelInput(snapshot, item, pharmacy, dispensedOn), cautionaryFor(item.lineId)),
      stock
    )
  )
}

export function previewsOf(labels: LaidOutLabel[], stock: LabelStock): LabelPreview[] {
  return labels.map((label) => ({ widthMm: stock.widthMm, heightMm: stock.heightMm, svg: toSvg(label) }))
}

export function pharmacyDetails(pharmacy: { name: string; addressLines: string[]; postcode: string }): PharmacyDetails {
  return { name: pharmacy.name, address: [...pharmacy.addressLines, pharmacy.postcode].join(', ') }
}
