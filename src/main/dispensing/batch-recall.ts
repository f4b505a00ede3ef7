/**
 * A batch recalled by a drug alert (`stock.recallBatch`, a pharmacist), in one transaction: the
 * recall recorded once, so every later scan of a pack of it is refused (dispensing, goods-in, the
 * accuracy check's re-scans); free stock of it to quarantine; and every open request that held it,
 * reserved or in a bag not yet handed over, dealt with and flagged for a pharmacist:
 * - a pack of it in the bag goes to quarantine in the books (returned, then quarantined, as a
 *   stopped request's labelled pack does), and the labels and accuracy check made with it are
 *   void: a request labelled, checked or packed goes back to dispensing (the table's
 *   `batchRecalled`) for a replacement pack, labelled and checked again;
 * - its reservation of the batch is released;
 * - what it lost is reserved again from other free batches of the same pack, first expiry first;
 *   where there is not enough, it goes back to the stock check (`batchRecalled`), its packs taken
 *   back as for a query, for a person's S to reserve or order the rest;
 * - a `batch_recalled` flag holds back labels, the accuracy check, packing, dispatch and hand-over
 *   until a pharmacist acknowledges that the pack is out of the bag and in quarantine.
 * Bags handed over are what `registers.recall.search` lists (with this recall at its top); a bag
 * back from the carrier (*returned to sender*) is listed there as "stop it" and is left to a person.
 */
import type { BatchRecallOutcome } from '../../shared/contract'
import type { FlaggableStep } from '../../shared/flags/kinds'
import { normaliseGtin } from '../../shared/stock/identifiers'
import { fromMilli } from '../../shared/stock/units'
import type { Stage } from '../../shared/workflow/stages'
import { type Handlers, type HandlerContext, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { RequestFlags } from '../flags'
import type { Workflow } from '../workflow'
import { quarantineFromBag, reserveElsewhere } from './bag-packs'
import type { DispensingService } from './dispensing-service'

export interface BatchRecallDeps {
  dispensing: DispensingService
  flags: RequestFlags
  workflow: Workflow
  /** Labels of the request still waiting for the printer are withdrawn (they would label the recalled pack). */
  withdrawPrintJobs: (requestId: string, now: Date, why: string) => { cancelled: number[]; atPrinter: number[] }
}

/**
 * Where a bag is in the pharmacy on its way to the patient: its recalled packs come out. A bag back
 * from the carrier (*returned to sender*) waits for Phensys's answer to the address query: it
 * stays there, its accuracy check void, so it cannot go again as it is: the answer sends it to dispensing.
 */
const BAG_STAGES: readonly Stage[] = ['dispensing', 'labelled', 'accuracy_checked', 'packed', 'returned_to_sender']

const HELD_STEPS: readonly FlaggableStep[] = ['printLabels', 'accuracyCheck', 'pack', 'dispatch', 'collect']

interface Held {
  packsTakenOut: number
  releasedMilli: number
  /** What each line lost of the batch (bag and reservation), to reserve again from other batches. */
  lostByLine: Map<string, number>
}

export function batchRecallHandlers(deps: BatchRecallDeps): Pick<Handlers, 'stock.recallBatch'> {
  const { dispensing, flags, workflow } = deps
  const { stock, requests } = dispensing.deps

  return {
    'stock.recallBatch': (ctx, input) => {
      const actor = requireActor(ctx)
      const pack = input.amppId !== undefined ? stock.catalogue.pack(input.amppId) : packOfGtin(input.gtin ?? '')
      if (!pack)
        throw new CounterError(
          'not_found',
          `There is no pack ${input.amppId ?? `with GTIN ${input.gtin ?? ''}`} in the catalogue.`
        )
      const existing = stock.recalls.of(pack.amppId, input.batchNo)
      if (existing) {
        ctx.audit({
          entityType: 'batch_recall',
          entityId: String(existing.id),
          summary: { alreadyRecorded: true, pack: pack.amppId, batch: input.batchNo, reference: input.reference }
        })
        return {
          recall: existing,
          alreadyRecorded: true,
          message: `Batch ${existing.batchNo} of ${existing.packName} was recalled already (${existing.reference}, class ${existing.alertClass}), recorded by ${existing.recordedBy} at ${existing.recordedAt}: nothing was changed.`,
          quarantined: 0,
          requests: []
        }
      }
      const recall = stock.recalls.record({
        amppId: pack.amppId,
        batchNo: input.batchNo,
        reference: input.reference,
        alertClass: input.alertClass,
        note: input.note && input.note !== '' ? input.note : null,
        recordedAt: ctx.now.toISOString(),
        recordedBy: { id: actor.id, name: actor.displayName }
      })
      const env = stock.env({ id: actor.id, name: actor.displayName }, ctx.now)
      const why = `batch ${recall.batchNo} recalled (${recall.reference}, class ${recall.alertClass})`
      // Every batch of the pack held under this number in any case: the recall is of what the packs carry.
      const heldBatches = stock.ledger.batchesMatching(pack.amppId, input.batchNo)
      const held = new Map<string, Held>()
      const heldBy = (requestId: string): Held => {
        const found = held.get(requestId) ?? { packsTakenOut: 0, releasedMilli: 0, lostByLine: new Map() }
        held.set(requestId, found)
        return found
      }
      let quarantinedMilli = 0
      for (const batch of heldBatches) {
        for (const bagged of dispensing.packs.assembledOfBatch(batch.id)) {
          const stage = requests.stageOf(bagged.requestId)
          if (stage === undefined || !BAG_STAGES.includes(stage)) continue
          quarantineFromBag(dispensing, bagged, why, env)
          const request = heldBy(bagged.requestId)
          request.packsTakenOut += 1
          lose(request, bagged.lineId, bagged.quantityMilli)
        }
        for (const reserved of stock.ledger.reservationsOfBatch(batch.id)) {
          stock.ledger.release(batch.id, reserved.reservedMilli, reserved.requestId, reserved.lineId, why, env)
          const request = heldBy(reserved.requestId)
          request.releasedMilli += reserved.reservedMilli
          lose(request, reserved.lineId, reserved.reservedMilli)
        }
        const onShelfMilli = Math.max(0, stock.ledger.level(batch.id).availableMilli)
        if (onShelfMilli > 0) stock.ledger.writeOff('quarantine', batch.id, onShelfMilli, why, {}, env)
        quarantinedMilli += onShelfMilli
      }

      const outcome: BatchRecallOutcome['requests'] = []
      for (const [requestId, request] of held) {
        const lost = [...request.lostByLine].map(([lineId, milli]) => ({ lineId, amppId: pack.amppId, milli }))
        const replaced = reserveElsewhere(dispensing, requestId, lost, env, () => true)
        const returned = requests.stageOf(requestId) === 'returned_to_sender'
        const backToStockCheck = settle(ctx, requestId, request, replaced, why)
        flags.raise(
          requestId,
          {
            kind: 'batch_recalled',
            source: 'recall',
            key: `batch_recalled:${recall.id}`,
            path: 'packs',
            lineId: [...request.lostByLine.keys()][0] ?? null,
            raw: {
              recall: recall.id,
              packsTakenOut: request.packsTakenOut,
              released: fromMilli(request.releasedMilli)
            },
            words: flagWords(
              recall.words,
              request,
              returned ? 'returned' : backToStockCheck ? 'stock_check' : 'replace'
            ),
            blocks: HELD_STEPS
          },
          requests.get(requestId)?.version ?? 0,
          env.at
        )
        outcome.push({
          requestId,
          stage: requests.stageOf(requestId) ?? 'unknown',
          packsTakenOut: request.packsTakenOut,
          released: fromMilli(request.releasedMilli),
          backToStockCheck
        })
      }
      ctx.audit({
        entityType: 'batch_recall',
        entityId: String(recall.id),
        summary: {
          pack: pack.amppId,
          batch: recall.batchNo,
          reference: recall.reference,
          alertClass: recall.alertClass,
          quarantined: fromMilli(quarantinedMilli),
          requests: outcome
        }
      })
      if (outcome.length > 0) ctx.broadcast('worklist.changed', { requestIds: outcome.map((r) => r.requestId) })
      const affected = outcome.length === 0 ? 'no open request held it' : `${outcome.length} open request(s) held it`
      const heldAs = heldBatches.map((batch) => batch.batchNo).filter((batchNo) => batchNo !== recall.batchNo)
      const heldHere =
        heldBatches.length === 0
          ? 'no pack of it was ever booked in here'
          : heldAs.length > 0
            ? `held here as ${heldAs.join(', ')}`
            : null
      return {
        recall,
        alreadyRecorded: false,
        message: `${recall.words}. Recorded; ${heldHere ? `${heldHere}; ` : ''}${fromMilli(quarantinedMilli)} on the shelf to quarantine; ${affected}.`,
        quarantined: fromMilli(quarantinedMilli),
        requests: outcome
      }
    }
  }

  function packOfGtin(text: string) {
    const gtin = normaliseGtin(text)
    return gtin ? stock.catalogue.packByGtin(gtin) : null
  }

  /** Moves the request where the recall leaves it (the table's step); says whether to the stock check. */
  function settle(ctx: HandlerContext, requestId: string, request: Held, replaced: boolean, why: string): boolean {
    const stage = requests.stageOf(requestId)
    if (stage === undefined) return false
    const outOfBag = request.packsTakenOut > 0
    if (outOfBag) dispensing.packs.voidLabelsAndCheck(requestId)
    const backToStockCheck = !replaced && workflow.allows('batchRecalled', stage)
    const relabel = outOfBag && stage !== 'dispensing' && workflow.allows('batchRecalled', stage)
    if (!backToStockCheck && !relabel) {
      if (outOfBag) deps.withdrawPrintJobs(requestId, ctx.now, why)
      return false
    }
    const cause = {
      person: requireActor(ctx),
      now: ctx.now,
      broadcast: (requestIds: string[]) => ctx.broadcast('worklist.changed', { requestIds })
    }
    workflow.bySystem('batchRecalled', requestId, cause, () => {
      const printJobs = deps.withdrawPrintJobs(requestId, ctx.now, why)
      if (backToStockCheck) dispensing.onStopped(requestId, ctx.now, why)
      return {
        to: backToStockCheck ? 'stock_check' : 'dispensing',
        events: [],
        note: { why, packsTakenOut: request.packsTakenOut, released: fromMilli(request.releasedMilli), printJobs }
      }
    })
    return backToStockCheck
  }
}

function lose(request: Held, lineId: string, quantityMilli: number): void {
  request.lostByLine.set(lineId, (request.lostByLine.get(lineId) ?? 0) + quantityMilli)
}

function flagWords(recallWords: string, request: Held, next: 'replace' | 'stock_check' | 'returned'): string {
  const done = [
    request.packsTakenOut > 0
      ? `${request.packsTakenOut} pack${request.packsTakenOut === 1 ? '' : 's'} of it in the bag: take ${request.packsTakenOut === 1 ? 'it' : 'them'} out and put ${request.packsTakenOut === 1 ? 'it' : 'them'} in quarantine (the books have them there now)`
      : null,
    request.releasedMilli > 0 ? `${fromMilli(request.releasedMilli)} reserved of it released` : null,
    next === 'returned'
      ? 'the bag came back from the carrier and cannot go again as it is: once Phensys answers the address query it goes back to dispensing for a replacement pack, labelled and checked again, unless a pharmacist raises a query (or rejects it)'
      : next === 'stock_check'
        ? 'no other stock of the pack is free: back to the stock check'
        : request.packsTakenOut > 0
          ? 'scan a replacement pack, then label and check the bag again'
          : 'reserved again from another batch'
  ].filter((part): part is string => part !== null)
  return `${recallWords}. ${done.join('; ')}. A pharmacist acknowledges once the pack is out.`
}
