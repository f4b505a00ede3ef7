/** Says in words what a scan was, for the toast and the scan lists. */
import type { ScanClassification } from '@shared/scan/classify'
import { makeVisible } from '@shared/scan/visible'
import type { Gs1Date } from '@shared/gs1/dates'
import type { ScanEntry } from './scan-store'
import { formatDate } from '@shared/time/london'

export type ScanTone = 'pack' | 'label' | 'other' | 'unknown' | 'failed'

export interface ScanDescription {
  tone: ScanTone
  /** One line: what it is. For an unrecognised scan, the text before what was read. */
  headline: string
  /** Exactly what was read, control characters made visible; shown for unknown and failed scans. */
  read: string | null
  /** Why it was not recognised, or a caveat about the reading. */
  note: string | null
}

/** "31/12/2030"; a GS1 day 00 means the month's end, which is said. */
function formatGs1Date(date: Gs1Date): string {
  return date.dayGiven ? formatDate(date.iso) : `${formatDate(date.iso)} (end of month)`
}

/**
 * A label carrying a long id's short form that no request here carries (main found none): it names
 * no request, so none is named nor opened; what was read is shown.
 */
function notKnownHere(scan: ScanClassification): ScanDescription {
  return {
    tone: 'unknown',
    headline: 'This label is not known here: read',
    read: makeVisible(scan.raw),
    note: 'No request on this workstation carries it (it may be from another pharmacy): nothing was opened.'
  }
}

function describeClassification(scan: ScanClassification): ScanDescription {
  if ((scan.kind === 'request-label' || scan.kind === 'bag-label') && scan.requestId === null) return notKnownHere(scan)
  switch (scan.kind) {
    case 'gs1': {
      const { gs1 } = scan
      const parts = [
        gs1.gtin && `GTIN ${gs1.gtin}`,
        gs1.batch !== null && `batch ${gs1.batch}`,
        gs1.expiry && `expiry ${formatGs1Date(gs1.expiry)}`,
        gs1.serial !== null && `serial ${gs1.serial}`
      ].filter((part): part is string => typeof part === 'string')
      const fields =
        parts.length > 0 ? parts.join(', ') : gs1.elements.map((element) => `(${element.ai}) ${element.data}`).join(' ')
      return {
        tone: 'pack',
        headline: `${gs1.gtin ? 'Pack' : 'GS1 code'}: ${fields}`,
        read: null,
        note: gs1.separatorsInferred
          ? 'The scanner sent no separators: where a field ends was worked out from the data.'
          : null
      }
    }
    case 'gtin':
      return {
        tone: 'pack',
        headline: `Product barcode: ${scan.format.toUpperCase()} ${scan.code}`,
        read: null,
        note: null
      }
    case 'pip':
      return { tone: 'pack', headline: `PIP code ${scan.pip}`, read: null, note: null }
    case 'request-label':
      return {
        tone: 'label',
        headline: scan.packId ? `Dispensing label on a pack of ${scan.requestId}` : `Request label: ${scan.requestId}`,
        read: null,
        note: null
      }
    case 'bag-label':
      return {
        tone: 'label',
        headline: `Bag label: ${scan.requestId}, parcel ${scan.parcelNo}`,
        read: null,
        note: null
      }
    case 'tracking':
      return {
        tone: 'other',
        headline: `Tracking number (${scan.carrier}): ${scan.trackingNumber}`,
        read: null,
        note: null
      }
    case 'unknown':
      return {
        tone: 'unknown',
        headline: 'Not recognised: read',
        read: scan.visible,
        note: scan.problem?.message ?? null
      }
  }
}

export function describeScan(entry: Pick<ScanEntry, 'raw' | 'view' | 'error'>): ScanDescription {
  if (entry.view) {
    const description = describeClassification(entry.view.classification)
    // A pack the catalogue knows is named, so the person sees what they hold.
    if (entry.view.pack) return { ...description, headline: `${entry.view.pack.name} · ${description.headline}` }
    if (description.tone === 'pack' && entry.view.classification.kind !== 'pip') {
      return {
        ...description,
        note: [description.note, 'This GTIN is not in the catalogue.'].filter(Boolean).join(' ')
      }
    }
    return description
  }
  return {
    tone: 'failed',
    headline: 'The scan could not be checked: read',
    read: makeVisible(entry.raw),
    note: entry.error
  }
}
