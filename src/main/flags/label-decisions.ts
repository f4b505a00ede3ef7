/**
 * What people decided that a label must follow: for a cautionary label this pharmacy had no
 * wording for, the wording a pharmacist chose (printed in its place) or the pharmacist's decision
 * to leave it off. Labels ask this before they lay a request out, for the preview and the printer
 * alike. (Cleaned text needs nothing here: the labels always print the cleaned text; the flag only
 * holds the print back until a person has confirmed it.)
 */
import type { CautionaryLabelRef, Snapshot } from '../../shared/phensys/snapshot'
import type { CautionaryLabelSet } from '../labels'
import type { FlagRow } from './flags-repo'

export interface LabelDecisions {
  /** The snapshot with the cautionary labels a pharmacist decided to leave off taken out. */
  snapshot: Snapshot
  /** The wording each line's cautionary labels print: the pharmacy's, plus what a pharmacist chose for that line. */
  cautionaryFor(lineId: string): CautionaryLabelSet
}

interface Decision {
  lineId: string
  number: number
  wording: string | null
}

export function labelDecisions(
  snapshot: Snapshot,
  flags: readonly FlagRow[],
  base: CautionaryLabelSet
): LabelDecisions {
  const decisions = flags.flatMap((row): Decision[] => {
    if (row.kind !== 'unknown_cautionary_label' || row.status !== 'resolved' || row.lineId === null) return []
    const number = labelNumber(row.raw)
    if (number === null) return []
    const detail = JSON.parse(row.resolutionDetail ?? '{}') as { wording?: string }
    return [
      {
        lineId: row.lineId,
        number,
        wording: row.resolution === 'wording_chosen' && typeof detail.wording === 'string' ? detail.wording : null
      }
    ]
  })
  const leftOff = (lineId: string, ref: CautionaryLabelRef) =>
    decisions.some(
      (d) => d.lineId === lineId && d.wording === null && d.number === (typeof ref === 'number' ? ref : ref.number)
    )
  const items = snapshot.prescription.items.map((item) => ({
    ...item,
    cautionaryLabels: item.cautionaryLabels.filter((ref) => !leftOff(item.lineId, ref))
  }))
  return {
    snapshot: { ...snapshot, prescription: { ...snapshot.prescription, items } },
    cautionaryFor: (lineId) => {
      const chosen = decisions.filter((d) => d.lineId === lineId && d.wording !== null)
      if (chosen.length === 0) return base
      const labels = new Map(base.labels)
      for (const d of chosen) labels.set(d.number, { number: d.number, text: d.wording ?? '', placeholders: [] })
      return { ...base, labels }
    }
  }
}

function labelNumber(raw: string | null): number | null {
  if (raw === null) return null
  const value = JSON.parse(raw) as unknown
  if (typeof value === 'number') return value
  const number = (value as { number?: unknown } | null)?.number
  return typeof number === 'number' ? number : null
}
