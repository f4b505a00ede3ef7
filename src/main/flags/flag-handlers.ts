/**
 * The contract calls that settle flags: each a person's act, checked against what the flag's kind
 * allows, written with its audit entry in the call's one transaction. The windows hear
 * `worklist.changed` so the request screen and the worklist show the flag settled.
 */
import type { flagCalls } from '../../shared/contract/flag-calls'
import { resolutionsFor, type FlagKind, type ResolutionMethod } from '../../shared/flags/kinds'
import { type HandlerContext, type Handlers, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { blocksOf, type FlagPerson, type FlagRow } from './flags-repo'
import { cleanedTextOf, toFlagView } from './flag-view'
import type { RequestFlags } from './request-flags'

type FlagCallName = keyof typeof flagCalls

/** Matching prescribed products to the catalogue's (src/main/stock/product-matches.ts). */
export interface ProductMatching {
  /** The product, when some pack of it counts in the prescribed unit; else why not, in words. */
  candidate(dmdId: string, unit: string): { dmdId: string; name: string; level: 'VMP' | 'AMP' } | { refused: string }
  /** A pharmacist confirmed a match: remembered for every later request prescribing the same code. */
  remember(match: {
    prescribedDmdId: string
    prescribedName: string
    matchedDmdId: string
    proposedByName: string
    confirmedById: string
    confirmedByName: string
    confirmedAt: string
    requestId: string
  }): void
}

export interface FlagHandlerDeps {
  flags: RequestFlags
  requests: { get(id: string): { snapshot: Snapshot } | undefined }
  matches: ProductMatching
  /** The pharmacy's cautionary wording a pharmacist may pick from (labels with no figures to fill in). */
  cautionaryWordings(): Array<{ number: number; text: string }>
}

export function flagHandlers(deps: FlagHandlerDeps): Pick<Handlers, FlagCallName> {
  const { flags } = deps
  const repo = flags.repo

  const person = (ctx: HandlerContext): FlagPerson => {
    const actor = requireActor(ctx)
    return { id: actor.id, name: actor.displayName }
  }

  /** The flag, when it is still waiting for this kind of decision; otherwise a refusal in words. */
  const waiting = (id: number, kinds: readonly FlagKind[], method: ResolutionMethod | null): FlagRow => {
    const row = repo.get(id)
    if (!row) throw new CounterError('not_found', `There is no flag ${id}.`)
    if (row.status === 'no_longer_applies')
      throw new CounterError(
        'conflict',
        `This flag no longer applies: version ${row.closedVersion} of the request removed its cause.`
      )
    if (row.status === 'resolved') throw new CounterError('conflict', `This flag was settled by ${row.resolvedByName}.`)
    if (!kinds.includes(row.kind) || (method !== null && !resolutionsFor(row.kind, blocksOf(row)).includes(method)))
      throw new CounterError('conflict', `This flag is not settled that way: ${row.words}`)
    return row
  }

  const settled = (ctx: HandlerContext, row: FlagRow, summary: Record<string, unknown>) => {
    ctx.audit({
      entityType: 'request',
      entityId: row.requestId,
      summary: { flag: row.id, kind: row.kind, path: row.path, raw: row.raw, ...summary }
    })
    ctx.broadcast('worklist.changed', { requestIds: [row.requestId] })
    return toFlagView(repo.get(row.id)!)
  }

  const lineOf = (row: FlagRow) => {
    const item = deps.requests.get(row.requestId)?.snapshot.prescription.items.find((i) => i.lineId === row.lineId)
    if (!item) throw new CounterError('conflict', `Line ${row.lineId} is no longer on request ${row.requestId}.`)
    return item
  }

  return {
    'requests.flags': (_ctx, input) => repo.ofRequest(input.id).map(toFlagView),

    'flags.cautionaryWordings': () => deps.cautionaryWordings(),

    'flags.chooseWording': (ctx, input) => {
      const row = waiting(input.id, ['unknown_cautionary_label'], 'wording_chosen')
      repo.resolve(
        row.id,
        'wording_chosen',
        { wording: input.wording, bnfNumber: input.bnfNumber },
        person(ctx),
        ctx.now.toISOString()
      )
      return settled(ctx, row, { wording: input.wording, bnfNumber: input.bnfNumber })
    },

    'flags.acknowledge': (ctx, input) => {
      const row = repo.get(input.id)
      const kinds = row ? [row.kind] : []
      const found = waiting(input.id, kinds, 'acknowledged')
      repo.resolve(found.id, 'acknowledged', { reason: input.reason }, person(ctx), ctx.now.toISOString())
      return settled(ctx, found, { reason: input.reason })
    },

    'flags.confirmCleanedText': (ctx, input) => {
      const row = waiting(input.id, ['control_characters'], 'cleaned_text_confirmed')
      const cleaned = cleanedTextOf(row)
      if (cleaned === null || cleaned !== input.text)
        throw new CounterError(
          'conflict',
          'The cleaned text is not the one shown here: look at the flag again and confirm what it shows.'
        )
      repo.resolve(row.id, 'cleaned_text_confirmed', { text: cleaned }, person(ctx), ctx.now.toISOString())
      return settled(ctx, row, { text: cleaned })
    },

    'flags.proposeMatch': (ctx, input) => {
      const row = waiting(input.id, ['unknown_product'], 'product_matched')
      const item = lineOf(row)
      const product = deps.matches.candidate(input.dmdId, item.unit)
      if ('refused' in product) throw new CounterError('precondition_failed', product.refused)
      const proposal = { dmdId: product.dmdId, name: product.name, level: product.level }
      repo.propose(row.id, proposal, person(ctx), ctx.now.toISOString())
      return settled(ctx, row, { proposed: proposal, prescribed: item.product.dmdCode })
    },

    'flags.decideMatch': (ctx, input) => {
      const row = repo.get(input.id)
      if (!row || row.kind !== 'unknown_product' || row.status !== 'proposed')
        throw new CounterError('conflict', 'There is no product match waiting for a pharmacist on this flag.')
      const by = person(ctx)
      const at = ctx.now.toISOString()
      if (!input.confirm) {
        repo.reopen(row.id)
        return settled(ctx, row, { declined: JSON.parse(row.proposal ?? 'null'), reason: input.reason })
      }
      const item = lineOf(row)
      const proposal = JSON.parse(row.proposal ?? '{}') as { dmdId: string; name: string; level: string }
      // Checked again: the catalogue may have changed since it was proposed.
      const product = deps.matches.candidate(proposal.dmdId, item.unit)
      if ('refused' in product) throw new CounterError('precondition_failed', product.refused)
      const prescribed = item.product.dmdCode
      deps.matches.remember({
        prescribedDmdId: prescribed,
        prescribedName: item.product.name,
        matchedDmdId: product.dmdId,
        proposedByName: row.proposedByName ?? by.name,
        confirmedById: by.id,
        confirmedByName: by.name,
        confirmedAt: at,
        requestId: row.requestId
      })
      const detail = { ...proposal, prescribed, proposedBy: row.proposedByName }
      repo.resolve(row.id, 'product_matched', detail, by, at)
      const view = settled(ctx, row, { matched: detail })
      // The match is remembered: other requests waiting for the same code are matched by it too.
      for (const other of repo.unsettledOfKind('unknown_product')) {
        if (other.id === row.id || prescribedCode(other) !== prescribed) continue
        repo.resolve(other.id, 'product_matched', { ...detail, remembered: true }, by, at)
        settled(ctx, other, { matched: detail, remembered: true })
      }
      return view
    }
  }
}

function prescribedCode(row: FlagRow): string | null {
  const product = row.raw === null ? null : (JSON.parse(row.raw) as { dmdCode?: unknown } | null)
  return typeof product?.dmdCode === 'string' ? product.dmdCode : null
}
