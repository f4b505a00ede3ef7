import type { OutcomeImportLine, OutcomeImportReport } from '../../shared/contract'
import { type Handlers, type HandlerContext, requireActor } from '../contract'
import { CounterError } from '../errors'
import { momentOnDay, outcomeOfStatus, readCarrierCsv, type CarrierCsvRecord } from './carrier-csv'
import {
  backAfterCancellation,
  backWhileHeld,
  earlierBackRefusal,
  earlierDispatchOf,
  earlierParcelBack,
  earlierParcelDelivered,
  heldWithParcelOut,
  returnedQuery,
  returnRecorded,
  type DispatchDeps
} from './dispatch-handlers'
import { manifestPdf, manifestView } from './manifest'

type OutcomeCalls = 'dispatch.manifest' | 'dispatch.manifestPdf' | 'dispatch.importOutcomes'

/**
 * One line of a carrier's export. Everything is checked before anything is written, so a line
 * that cannot apply is reported and the rest of the file still applies, in one transaction.
 */
function applyLine(
  deps: DispatchDeps,
  ctx: HandlerContext,
  fileName: string,
  row: CarrierCsvRecord
): OutcomeImportLine {
  const { line, trackingNumber } = row
  if (row.problem)
    return { line, trackingNumber: null, result: 'unreadable', message: `This line could not be read: ${row.problem}.` }
  if (!trackingNumber)
    return { line, trackingNumber: null, result: 'unreadable', message: 'No tracking number on this line.' }
  const outcome = outcomeOfStatus(row.status)
  if (outcome === null)
    return {
      line,
      trackingNumber,
      result: 'unreadable',
      message: `"${row.status}" is neither delivered nor returned; nothing to record.`
    }
  if (row.at === null)
    return {
      line,
      trackingNumber,
      result: 'unreadable',
      message: `"${row.rawDate}" is not a date (expected 2026-11-27 14:05 or 27/11/2026 14:05).`
    }
  const matches = deps.shipments.parcelsByTracking(trackingNumber)
  if (matches.length === 0)
    return {
      line,
      trackingNumber,
      result: 'unmatched',
      message: `No parcel sent from here has tracking number ${trackingNumber}.`
    }
  if (matches.length > 1)
    return {
      line,
      trackingNumber,
      result: 'refused',
      message: `${trackingNumber} is on parcels of ${matches.length} carriers; record it by hand.`
    }
  const parcel = matches[0]!
  if (parcel.outcome !== null) return { line, trackingNumber, result: 'already_recorded', requestId: parcel.requestId }
  const request = deps.requests.get(parcel.requestId)
  if (!request)
    return {
      line,
      trackingNumber,
      result: 'refused',
      message: `${parcel.requestId} is no longer on this workstation.`
    }
  const lastDispatch = deps.shipments.currentParcels(parcel.requestId)
  // A parcel of a dispatch the request was sent again after: back, where packing said what was in
  // it, its packs are in the pharmacy again; delivered, the patient has them.
  const earlier = earlierDispatchOf(deps, parcel)
  const refusal = earlier && outcome === 'returned' ? earlierBackRefusal(deps, parcel, earlier) : null
  if (refusal) return { line, trackingNumber, result: 'refused', message: refusal }
  // Another parcel of a dispatch already returned to sender: recorded on the parcel, the stage as it is.
  const lateParcel = request.row.stage === 'returned_to_sender' && lastDispatch.some((p) => p.outcome === 'returned')
  // Held by a query raised once part of it was back: the parcels still out of that dispatch too.
  const whileHeld = heldWithParcelOut(deps, request.row.stage, lastDispatch)
  // Cancelled or rejected at Phensys once its parcels had gone: what becomes of them is still recorded here.
  const stopped = request.row.stage === 'cancelled' || request.row.stage === 'rejected' ? request.row.stage : null
  if (!earlier && request.row.stage !== 'dispatched' && !lateParcel && !whileHeld && stopped === null) {
    return {
      line,
      trackingNumber,
      result: 'refused',
      message: `${parcel.requestId} is ${request.row.stage.replace(/_/g, ' ')}, not dispatched; record it by hand if it is right.`
    }
  }
  const at = row.dayOnly === null ? row.at : momentOnDay(row.dayOnly, parcel.dispatchedAt, ctx.now)
  if (at === null || Date.parse(at) > ctx.now.getTime() || Date.parse(at) < Date.parse(parcel.dispatchedAt)) {
    return {
      line,
      trackingNumber,
      result: 'refused',
      message: `${row.rawDate} is outside the time since dispatch (${parcel.dispatchedAt}).`
    }
  }

  const note = `${fileName} line ${line}: ${row.status}`
  if (earlier) {
    // The stage is the dispatch out now's, and Phensys heard of the return that had it sent again.
    if (outcome === 'returned') earlierParcelBack(deps, ctx, parcel, earlier, { at, note }, 'carrier_csv')
    else earlierParcelDelivered(deps, ctx, parcel, earlier, { at, note }, 'carrier_csv')
    return { line, trackingNumber, result: 'applied', requestId: parcel.requestId, outcome }
  }
  deps.shipments.setOutcome(parcel.id, outcome, at, note, 'carrier_csv')
  if (stopped !== null && outcome === 'returned') {
    // Phensys has closed the request: the counter keeps its registers and stock right, and says nothing.
    deps.workflow.command(ctx, 'markReturned', parcel.requestId, {}, () => {
      backAfterCancellation(deps, ctx, parcel.requestId, stopped, { at, note }, [parcel])
      return { to: stopped, events: [], note: { parcels: [parcel.parcelNo], source: note } }
    })
  } else if (lateParcel || whileHeld || stopped !== null) {
    // Phensys already has the address query (or another), or has closed the request: it hears nothing more.
    if (outcome === 'returned' && whileHeld) backWhileHeld(deps, ctx, parcel.requestId, { at, note }, parcel)
    else if (outcome === 'returned') returnRecorded(deps, ctx, parcel.requestId, { at, note }, [parcel])
    ctx.audit({
      entityType: 'request',
      entityId: parcel.requestId,
      summary: { parcel: parcel.parcelNo, [outcome]: at, source: note }
    })
    ctx.broadcast('worklist.changed', { requestIds: [parcel.requestId] })
  } else if (outcome === 'returned') {
    deps.workflow.command(ctx, 'markReturned', parcel.requestId, {}, () => {
      returnRecorded(deps, ctx, parcel.requestId, { at, note }, [parcel])
      return {
        to: 'returned_to_sender',
        events: [returnedQuery(at, `carrier reports "${row.status}"`)],
        note: { source: note }
      }
    })
  } else {
    // The request is delivered when its last parcel is; the patient hears when it is all there.
    const parcels = deps.shipments.currentParcels(parcel.requestId)
    if (parcels.every((p) => p.outcome === 'delivered')) {
      const deliveredAt = parcels
        .map((p) => p.outcomeAt!)
        .sort()
        .at(-1)!
      deps.workflow.command(ctx, 'markDelivered', parcel.requestId, {}, () => ({
        to: 'delivered',
        events: [{ type: 'delivered', data: { deliveredAt } }],
        note: { deliveredAt, source: note }
      }))
    } else {
      ctx.audit({
        entityType: 'request',
        entityId: parcel.requestId,
        summary: { parcel: parcel.parcelNo, delivered: at, source: note }
      })
    }
  }
  return { line, trackingNumber, result: 'applied', requestId: parcel.requestId, outcome }
}

export function outcomeHandlers(deps: DispatchDeps): Pick<Handlers, OutcomeCalls> {
  return {
    'dispatch.manifest': (_ctx, input) => manifestView(input.date, deps.shipments, deps.requests),

    'dispatch.manifestPdf': (ctx, input) => {
      const view = manifestView(input.date, deps.shipments, deps.requests)
      if (!view.carriers.some((c) => c.carrier === input.carrier))
        throw new CounterError('not_found', `No parcels went with ${input.carrier} on ${input.date}.`)
      return manifestPdf(view, input.carrier, deps.settings.get('pharmacy'), requireActor(ctx).displayName, ctx.now)
    },

    'dispatch.importOutcomes': (ctx, input) => {
      const reading = readCarrierCsv(input.csv)
      if (!reading.ok) throw new CounterError('invalid_input', reading.message)
      const lines = reading.rows.map((row) => applyLine(deps, ctx, input.fileName, row))
      const applied = lines.filter((l) => l.result === 'applied').length
      const report: OutcomeImportReport = {
        applied,
        problems: lines.filter((l) => l.result !== 'applied' && l.result !== 'already_recorded').length,
        lines
      }
      ctx.audit({
        entityType: 'carrier_import',
        entityId: null,
        summary: { fileName: input.fileName, lines: lines.length, applied, problems: report.problems }
      })
      return report
    }
  }
}
