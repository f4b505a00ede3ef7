import type { ParsedInput, RequestDetail } from '../../shared/contract'
import { QUERY_REASON_WORDS, REJECTION_REASON_WORDS } from '../../shared/phensys/events'
import type { HandlerContext } from '../contract'
import { bagLabelsVoided, bagNotAllHere, type ReactionPorts } from './phensys-reactions'
import type { Workflow } from './workflow'

type WorkflowCalls = 'requests.accept' | 'requests.reject' | 'requests.raiseQuery'
/** Each answers at once, inside the call's transaction: the clinical check's query and rejection are these. */
export type WorkflowCallHandlers = {
  [N in WorkflowCalls]: (ctx: HandlerContext, input: ParsedInput<N>) => RequestDetail
}

/** Accept, reject and query: the steps that belong to no other part of the counter. */
export function workflowHandlers(
  workflow: Workflow,
  ports: Pick<
    ReactionPorts,
    | 'releaseStock'
    | 'takeBackPacks'
    | 'parcelStillOut'
    | 'flagParcelsOut'
    | 'withdrawPrintJobs'
    | 'voidBagLabels'
    | 'withdrawOrders'
    | 'setAsideOnOwnRejection'
  >
): WorkflowCallHandlers {
  return {
    'requests.accept': (ctx, input) =>
      workflow.command(ctx, 'accept', input.id, {}, (request) =>
        request.row.hardCopyRequired
          ? {
              to: 'awaiting_hard_copy',
              events: [
                { type: 'accepted', data: {} },
                { type: 'hard_copy.awaiting', data: {} }
              ]
            }
          : { to: 'stock_check', events: [{ type: 'accepted', data: {} }] }
      ),
    'requests.reject': (ctx, input) =>
      workflow.command(ctx, 'reject', input.id, {}, (request) => {
        // Everything in flight stops, as a cancellation at Phensys stops it: packs scanned go back
        // (or to quarantine once labelled), then what is still reserved; labels not yet printed
        // are withdrawn (one already at the printer marked), and stock still to come from wholesalers.
        // A bag back from the carrier with a parcel still out stays as supplied until its last parcel
        // comes back (then to quarantine), as when Phensys rejects it. Events Phensys refused that
        // waited for a person are set aside, as a cancellation sets them aside: the rejection goes next.
        const why = `rejected by the pharmacy (${REJECTION_REASON_WORDS[input.reason]})`
        if (!bagNotAllHere(ports, input.id, request.row.stage)) ports.takeBackPacks(input.id, ctx.now, why)
        ports.releaseStock(input.id, ctx.now, why)
        // A parcel still with the carrier is named for a person to recall, as a stop from Phensys names it.
        const recallFlagged = ports.flagParcelsOut(input.id, 'rejected_by_pharmacy', request.version, ctx.now)
        const withdrawn = {
          printJobs: ports.withdrawPrintJobs(input.id, ctx.now, why),
          ...bagLabelsVoided(ports, input.id, ctx.now, why),
          orderLines: ports.withdrawOrders(input.id, ctx.now, why),
          refusedEvents: ports.setAsideOnOwnRejection(
            input.id,
            { who: 'the pharmacy', version: request.version },
            ctx.now
          )
        }
        return {
          to: 'rejected',
          events: [{ type: 'rejected', data: { reason: input.reason, message: input.message } }],
          note: recallFlagged ? { reason: input.reason, withdrawn, recallFlagged } : { reason: input.reason, withdrawn }
        }
      }),
    'requests.raiseQuery': (ctx, input) =>
      workflow.command(ctx, 'raiseQuery', input.id, {}, () => {
        // Held: dispensed packs are taken back, and the request goes through the stock check again.
        // Labels not yet printed go with them (one already at the printer marked): they were for
        // packs now back on the shelf. What is on order stays: the request may resume.
        const why = `query raised (${QUERY_REASON_WORDS[input.reason]})`
        ports.takeBackPacks(input.id, ctx.now, why)
        const printJobs = ports.withdrawPrintJobs(input.id, ctx.now, why)
        return {
          to: 'query_raised',
          events: [{ type: 'query.raised', data: { reason: input.reason, message: input.message } }],
          note: { reason: input.reason, withdrawn: { printJobs } }
        }
      })
  }
}
