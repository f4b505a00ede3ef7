import type { DispensingView, ParsedInput, RequestDetail } from '../../shared/contract'
import { type HandlerContext, type Handlers, requireActor } from '../contract'
import type { PrintQueue } from '../devices'
import { CounterError } from '../errors'
import { previewsOf, refusedInWords } from '../labels'
import type { Stage } from '../../shared/workflow/stages'
import type { Workflow } from '../workflow'
import type { Person } from './dispensed-packs-repo'
import { outOfDatePacks } from './bag-packs'
import type { DispensingService } from './dispensing-service'
import { verifyScan, type LineToFill } from './scan-to-verify'
import { courseOf } from '../stock'
import { dispenseScannedPack } from './stock-moves'

type DispensingCalls =
  'requests.startDispensing' | 'dispensing.scanPack' | 'dispensing.view' | 'requests.printLabels' | 'labels.preview'

export interface DispensingHandlerDeps {
  dispensing: DispensingService
  queue: PrintQueue
  workflow: Workflow
}

/**
 * The print labels step, with the labels recorded as asked for by `labeller`: the person who
 * asks, or, where a pharmacist's clinical check releases labels the packs already made due, the
 * person who scanned the packs (a clinical check is not assembly, and must not keep the
 * pharmacist from the accuracy check). The step's audit entry names the person who took it.
 */
export function labelPrinting(deps: DispensingHandlerDeps) {
  const { dispensing } = deps
  return (ctx: HandlerContext, id: string, labeller: Person): RequestDetail => {
    const actor = requireActor(ctx)
    const detail = deps.workflow.command(ctx, 'printLabels', id, {}, (request) => {
      const sets = refusedInWords(() => dispensing.labelSets(request, ctx.now))
      const labels = sets.flatMap((set) => set.labels)
      const jobId = deps.queue.enqueue(
        { requestId: id, kind: 'dispensing', labels, createdBy: actor.displayName, bench: ctx.session.bench },
        ctx.now
      )
      dispensing.packs.labelsRequested(id, jobId, labeller)
      // The request stays in dispensing: it is labelled once the printer has the labels.
      return {
        to: 'dispensing',
        events: [],
        note: {
          job: jobId,
          labels: labels.length,
          sets: sets.length,
          ...(labeller.id === actor.id ? {} : { labelledFor: labeller.name })
        }
      }
    })
    setImmediate(() => deps.queue.wake())
    return detail
  }
}

const NOT_YET = 'not ready to dispense yet: packs are scanned once it is.'
const LABELLED_ALREADY = 'its packs are scanned and labelled already: nothing more goes into its bag.'
const STOPPED = 'nothing more is dispensed for it.'

/** Why no pack may be scanned into a request at a stage, in words true of that stage. */
const NO_PACK_AT: Record<Stage, string> = {
  new: `new: ${NOT_YET}`,
  awaiting_hard_copy: `awaiting the original prescription: ${NOT_YET}`,
  stock_check: `at the stock check: ${NOT_YET}`,
  awaiting_stock: `awaiting stock: ${NOT_YET}`,
  supply_issue: `held by a supply issue: ${NOT_YET}`,
  awaiting_patient_decision: `awaiting the patient's decision: ${NOT_YET}`,
  ready_to_dispense: 'ready to dispense: start dispensing first.',
  // Never said: a pack goes in while dispensing.
  dispensing: 'dispensing.',
  labelled: `labelled: ${LABELLED_ALREADY}`,
  accuracy_checked: `accuracy checked: ${LABELLED_ALREADY}`,
  packed: `packed: ${LABELLED_ALREADY}`,
  query_raised: 'held by a query to Phensys: nothing is dispensed for it until Phensys answers.',
  further_consultation:
    'held for further consultation with the patient: nothing is dispensed for it until Phensys sends it back.',
  returned_to_sender:
    "returned to sender: its bag waits for Phensys's answer on the address, nothing more goes into it.",
  dispatched: `dispatched: ${STOPPED}`,
  delivered: `delivered: ${STOPPED}`,
  rejected: `rejected: ${STOPPED}`,
  cancelled: `cancelled: ${STOPPED}`
}

/**
 * A pack scanned into the bag: checked against the line (product, batch booked in, not expired,
 * not scanned before), taken from stock and recorded. `whenMatched` is a step taken once the pack
 * is known to match and before it is recorded: a scan is accepted outside dispensing only with
 * one (the step that starts dispensing). A refused scan changes nothing, that step included; what
 * it saw is kept in the audit.
 */
export function packScanning(deps: DispensingHandlerDeps) {
  const { dispensing } = deps
  const { stock } = dispensing.deps
  return (ctx: HandlerContext, input: ParsedInput<'dispensing.scanPack'>, whenMatched?: () => void): DispensingView => {
    const actor = requireActor(ctx)
    const stored = dispensing.deps.requests.get(input.id)
    if (!stored) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
    if (stored.row.stage !== 'dispensing' && !whenMatched) {
      throw new CounterError('conflict', `Request ${input.id} is ${NO_PACK_AT[stored.row.stage]}`)
    }
    deps.workflow.refuseIfClaimedElsewhere(ctx, stored)
    const view = dispensing.view(input.id)
    const line = view.lines.find((l) => l.lineId === input.lineId)
    const stockLine = stock.lines.of(input.id).find((l) => l.lineId === input.lineId)
    if (!line || !stockLine) {
      throw new CounterError(
        'not_found',
        `${input.id} has no line ${input.lineId}; its lines are ${view.lines.map((l) => `${l.lineId} (${l.productName})`).join(', ')}.`,
        {
          details: { reason: 'unknown_line', scanned: null, expected: view.lines.map((l) => l.lineId).join(', ') }
        }
      )
    }
    // What the item asks now, not what the stock check saw: the items may have changed since.
    const item = stored.snapshot.prescription.items.find((i) => i.lineId === line.lineId)!
    const env = stock.env({ id: actor.id, name: actor.displayName }, ctx.now)
    const toFill: LineToFill = {
      lineId: line.lineId,
      ...stock.need(item),
      productName: line.productName,
      countedMilli: Math.round(line.counted * 1000),
      course: courseOf(item, env.today)
    }
    let verified
    try {
      verified = verifyScan(
        {
          catalogue: stock.catalogue,
          ledger: stock.ledger,
          packs: dispensing.packs,
          recallOf: (amppId, batchNo) => stock.recalls.of(amppId, batchNo)
        },
        toFill,
        input.raw,
        env.today
      )
    } catch (error) {
      // A refused scan is a near miss: kept in the audit, though nothing else changes.
      if (!(error instanceof CounterError)) throw error
      ctx.audit({
        entityType: 'request',
        entityId: input.id,
        command: 'dispensing.scanRefused',
        summary: { lineId: input.lineId, message: error.message, ...(error.details as object) }
      })
      throw new CounterError(error.code, error.message, { details: error.details, keepChanges: true })
    }
    // The pack matches; so far nothing has changed.
    whenMatched?.()
    try {
      dispenseScannedPack(stock.ledger, input.id, line.lineId, verified.batch.id, verified.quantityMilli, env)
    } catch (error) {
      if (!(error instanceof CounterError)) throw error
      throw new CounterError(
        'precondition_failed',
        `Cannot dispense ${verified.packName} batch ${verified.batch.batchNo}: ${error.message}`,
        {
          details: {
            reason: 'not_enough_stock',
            scanned: `${verified.packName} batch ${verified.batch.batchNo}`,
            expected: line.productName
          }
        }
      )
    }
    const packId = dispensing.packs.add({
      requestId: input.id,
      lineId: line.lineId,
      raw: verified.read,
      gtin: verified.gtin,
      amppId: verified.pack.amppId,
      batchId: verified.batch.id,
      batchNo: verified.batch.batchNo,
      expiry: verified.batch.expiry,
      serial: verified.serial,
      quantityMilli: verified.quantityMilli,
      assembledById: actor.id,
      assembledByName: actor.displayName,
      assembledAt: env.at
    })
    deps.workflow.carriedOnHere(ctx, stored)
    const after = dispensing.view(input.id)
    const afterLine = after.lines.find((l) => l.lineId === line.lineId)!
    ctx.audit({
      entityType: 'request',
      entityId: input.id,
      summary: {
        packId,
        lineId: line.lineId,
        gtin: verified.gtin,
        batchNo: verified.batch.batchNo,
        expiry: verified.batch.expiry,
        serial: verified.serial,
        quantity: verified.quantityMilli / 1000,
        line: afterLine.summary
      }
    })
    ctx.broadcast('worklist.changed', { requestIds: [input.id] })
    return after
  }
}

/**
 * Dispensing: start, scan every pack of every line against the prescription, and
 * print the labels. The stage moves to `labelled` only when the printer has the labels (the
 * service's print hook), so a request is never labelled on paper it does not have.
 */
export function dispensingHandlers(deps: DispensingHandlerDeps): Pick<Handlers, DispensingCalls> {
  const { dispensing } = deps
  const printLabels = labelPrinting(deps)
  const scanPack = packScanning(deps)

  return {
    'requests.startDispensing': (ctx, input) =>
      deps.workflow.command(ctx, 'startDispensing', input.id, {}, () => {
        dispensing.packs.startChecks(input.id)
        return { to: 'dispensing', events: [{ type: 'dispensing.started', data: {} }] }
      }),

    'dispensing.scanPack': (ctx, input) => scanPack(ctx, input),

    'dispensing.view': (ctx, input) => {
      if (!dispensing.deps.requests.get(input.id))
        throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      const today = dispensing.deps.stock.today(ctx.now)
      const outOfDate = outOfDatePacks(dispensing, input.id, today).map(({ problem }) => problem.words)
      return { ...dispensing.view(input.id), outOfDate }
    },

    'requests.printLabels': (ctx, input) => {
      const actor = requireActor(ctx)
      return printLabels(ctx, input.id, { id: actor.id, name: actor.displayName })
    },

    'labels.preview': (ctx, input) => {
      const stored = dispensing.deps.requests.get(input.requestId)
      if (!stored) throw new CounterError('not_found', `There is no request ${input.requestId} on this workstation.`)
      const sets = refusedInWords(() => dispensing.labelSets(stored, ctx.now))
      return { dispensing: previewsOf(sets), sets: sets.length }
    }
  }
}
