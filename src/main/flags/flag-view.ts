import type { FlagView, ProductMatchProposal } from '../../shared/contract/flag-views'
import { FLAG_KINDS, resolutionsFor, type ResolutionMethod } from '../../shared/flags/kinds'
import { makeVisible } from '../../shared/scan/visible'
import { TRANSITIONS } from '../../shared/workflow/transitions'
import { printedText } from './control-characters'
import { blocksOf, type FlagRow } from './flags-repo'

/** Directions and delivery instructions may run over several lines; every other printed field is one line. */
function isOneLineField(path: string): boolean {
  return !/(\.directions|delivery\.instructions)$/.test(path)
}

/** For a flag on hidden characters: the text the label prints, which a person confirms. */
export function cleanedTextOf(row: Pick<FlagRow, 'kind' | 'raw' | 'path'>): string | null {
  if (row.kind !== 'control_characters' || row.raw === null) return null
  const value = JSON.parse(row.raw) as unknown
  return typeof value === 'string' ? printedText(value, isOneLineField(row.path)) : null
}

export function toFlagView(row: FlagRow): FlagView {
  const blocks = blocksOf(row)
  const raw = row.raw === null ? undefined : (JSON.parse(row.raw) as unknown)
  return {
    id: row.id,
    requestId: row.requestId,
    lineId: row.lineId,
    kind: row.kind,
    source: row.source,
    short: FLAG_KINDS[row.kind].short,
    words: row.words,
    path: row.path,
    raw: row.raw,
    // Only an intake flag's value came from Phensys; the counter's own flags carry the counter's data.
    rawShown:
      row.source !== 'intake'
        ? null
        : raw === undefined
          ? '(missing)'
          : typeof raw === 'string'
            ? `"${makeVisible(raw)}"`
            : makeVisible(row.raw ?? ''),
    blocks,
    blocksWords: blocks.map((step) => TRANSITIONS[step].label).join(', '),
    raisedVersion: row.raisedVersion,
    raisedAt: row.raisedAt,
    status: row.status,
    resolutions: row.status === 'open' ? [...resolutionsFor(row.kind, blocks)] : [],
    cleanedText: cleanedTextOf(row),
    proposal: row.proposal ? proposalOf(row) : null,
    resolution:
      row.resolution && row.resolvedAt
        ? {
            method: row.resolution,
            words: resolutionWords(row.resolution, JSON.parse(row.resolutionDetail ?? '{}') as Record<string, unknown>),
            by: row.resolvedByName ?? '',
            at: row.resolvedAt
          }
        : null,
    closed: row.closedVersion !== null && row.closedAt ? { version: row.closedVersion, at: row.closedAt } : null
  }
}

function proposalOf(row: FlagRow): ProductMatchProposal {
  const proposal = JSON.parse(row.proposal ?? '{}') as Omit<ProductMatchProposal, 'by' | 'at'>
  return { ...proposal, by: row.proposedByName ?? '', at: row.proposedAt ?? '' }
}

function resolutionWords(method: ResolutionMethod, detail: Record<string, unknown>): string {
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : '')
  switch (method) {
    case 'wording_chosen':
      return `Wording chosen: "${text('wording')}"${typeof detail.bnfNumber === 'number' ? ` (the wording of BNF label ${detail.bnfNumber})` : ''}`
    case 'product_matched':
      return `Matched to ${text('name')} (${text('level')}, dm+d ${text('dmdId')})${text('proposedBy') ? `, proposed by ${text('proposedBy')}` : ''}${detail.remembered ? ', a match remembered from another request' : ''}`
    case 'cleaned_text_confirmed':
      return `Cleaned text confirmed: "${text('text')}"`
    case 'service_chosen':
      return `Service chosen: ${text('service')}${text('reason') ? ` (${text('reason')})` : ''}`
    case 'acknowledged':
      return `Acknowledged: ${text('reason')}`
    case 'every_parcel_back':
      return `Every parcel came back: the registers noted the return of the whole supply on ${text('returnedAt')}`
  }
}
