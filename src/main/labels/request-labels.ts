import type { Snapshot } from '../../shared/phensys/snapshot'
import { bundledCautionaryLabels, type CautionaryLabelSet } from './cautionary-labels'
import type { DeviceSettings } from '../../shared/devices/settings'
import type { LabelPreview } from '../../shared/contract'
import { CounterError } from '../errors'
import {
  buildDispensingLabel,
  dispensingLabelInputs,
  medicineDescription,
  type PharmacyDetails,
  type SuppliedPack
} from './dispensing-label'
import type { LabelDocument } from './document'
import { LabelError } from './errors'
import { layoutLabel, type LaidOutLabel, type LayoutOptions } from './layout'
import { DEFAULT_STOCK, type LabelStock } from './stock'
import { toSvg } from './svg'

/** The label stock and the legible minimum, as the devices settings hold them. */
export interface LabelSetup {
  stock: LabelStock
  options: LayoutOptions
}

export function labelSetup(settings: DeviceSettings['labelStock']): LabelSetup {
  return {
    stock: {
      id: `${settings.widthMm}x${settings.heightMm}-${settings.dpi}`,
      widthMm: settings.widthMm,
      heightMm: settings.heightMm,
      dpi: settings.dpi,
      marginsMm: DEFAULT_STOCK.marginsMm
    },
    options: { minimumPt: settings.minimumTextPt }
  }
}

/** The labels of one pack (or, before packs are scanned, of one line): a set, each label complete. */
export interface LabelSet {
  /** "Sertraline 50mg tablets · pack 1 of 3" */
  title: string
  labels: LaidOutLabel[]
}

/**
 * A request's dispensing labels, laid out once: the preview and the printer both take these. One
 * set per pack dispensed (the packs as scanned); a line with no pack scanned yet gets one set for
 * the line as prescribed. (The bag labels and the dispatch note are laid out when packing: they
 * depend on the parcels and the carrier, src/main/dispatch.) `labelGeneration` is the print
 * generation of the request's labels, which each pack's barcode names. `cautionaryFor` gives a line's
 * cautionary wording where a pharmacist chose wording for a label the pharmacy's file lacks
 * (src/main/flags/label-decisions.ts).
 */
export function layoutDispensingLabels(
  snapshot: Snapshot,
  packs: readonly SuppliedPack[],
  pharmacy: PharmacyDetails,
  dispensedOn: string,
  setup: LabelSetup,
  labelGeneration: number,
  cautionaryFor: (lineId: string) => CautionaryLabelSet = () => bundledCautionaryLabels()
): LabelSet[] {
  return snapshot.prescription.items.flatMap((item) =>
    dispensingLabelInputs(snapshot, item, packs, pharmacy, dispensedOn, labelGeneration).map((input) => ({
      title: `${medicineDescription(input.medicine)}${input.pack && input.pack.of > 1 ? ` · pack ${input.pack.number} of ${input.pack.of}` : ''}`,
      labels: layoutLabel(buildDispensingLabel(input, cautionaryFor(item.lineId)), setup.stock, setup.options)
    }))
  )
}

/** Lays a document out, or says in words why it cannot be (a CounterError the person can act on). */
export function layoutOrRefuse(doc: LabelDocument, setup: LabelSetup): LaidOutLabel[] {
  return refusedInWords(() => layoutLabel(doc, setup.stock, setup.options))
}

/** Runs label work; a LabelError becomes a CounterError whose message a person can act on. */
export function refusedInWords<T>(work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (!(error instanceof LabelError)) throw error
    const message = error.message.charAt(0).toUpperCase() + error.message.slice(1)
    throw new CounterError('precondition_failed', message.endsWith('.') ? message : `${message}.`, {
      details: { reason: error.code }
    })
  }
}

export function previewsOf(sets: ReadonlyArray<{ title: string; labels: readonly LaidOutLabel[] }>): LabelPreview[] {
  return sets.flatMap((set) =>
    set.labels.map((label) => ({ set: set.title, widthMm: label.widthMm, heightMm: label.heightMm, svg: toSvg(label) }))
  )
}

export function pharmacyDetails(pharmacy: { name: string; addressLines: string[]; postcode: string }): PharmacyDetails {
  return { name: pharmacy.name, address: [...pharmacy.addressLines, pharmacy.postcode].join(', ') }
}

/** The printer test label: clearly not for use, laid out like any dispensing label. */
export function testLabel(pharmacy: PharmacyDetails, printedBy: string, today: string, setup: LabelSetup): LabelSet {
  return {
    title: 'Test label',
    labels: layoutOrRefuse(
      buildDispensingLabel({
        requestId: 'TEST',
        patientName: 'TEST LABEL - NOT FOR USE',
        medicine: { name: 'Printer test', strength: null, form: null },
        quantity: 1,
        unit: 'label',
        directions: `Printed by ${printedBy} to check the label printer and the label stock.`,
        cautionaryLabels: [],
        pharmacy,
        dispensedOn: today
      }),
      setup
    )
  }
}
