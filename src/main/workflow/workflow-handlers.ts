import type { ParsedInput, RequestDetail } from '../../shared/contract'
import type { HandlerContext } from '../contract'
import { bagNotAllHere, type ReactionPorts } from './phensys-reactions'
import type { Workflow } from './workflow'

type WorkflowCalls = 'requests.accept' | 'requests.reject' | 'requests.raiseQuery'
/** Each answers at once, inside the call's transaction: the clinical check's query and rejection are these. */
export type WorkflowCallHandlers = {
  [N in WorkflowCalls]: (ctx: HandlerContext, input: ParsedInput<N>) => RequestDetail
}

/** Accept, reject and query: the steps that belong to no other part of the counter. */
export function workflowHandlers(
  workflow: Workflow,
  ports: Pick<ReactionPorts, 'releaseStock' | 'takeBackPacks' | 'parcelStillOut' | 'withdrawPrintJobs'>
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
        // Packs scanned go back (or to quarantine once labelled), then what is still reserved. A bag
        // back from the carrier with a parcel still out stays as supplied until its last parcel comes
        // back (then to quarantine), as when Phensys rejects it.
        const why = `rejected: ${input.reason}`
        if (!bagNotAllHere(ports, input.id, request.row.stage)) ports.takeBackPacks(input.id, ctx.now, why)
        ports.releaseStock(input.id, ctx.now, why)
        // Labels still waiting for the printer would print for packs no longer in a bag.
        const printJobs = ports.withdrawPrintJobs(input.id, ctx.now, why)
        return {
          to: 'rejected',
          events: [{ type: 'rejected', data: { reason: input.reason, message: input.message } }],
          note: { reason: input.reason, printJobs }
        }
      }),
    'requests.raiseQuery': (ctx, input) =>
      workflow.command(ctx, 'raiseQuery', input.id, {}, () => {
        // Held: dispensed packs are taken back, and the request goes through the stock check again;
        // labels still waiting for the printer are withdrawn (they would print for packs back on the
        // shelf, and for items the answer may change).
        const why = `query raised: ${input.reason}`
        ports.takeBackPacks(input.id, ctx.now, why)
        const printJobs = ports.withdrawPrintJobs(input.id, ctx.now, why)
        return {
          to: 'query_raised',
          events: [{ type: 'query.raised', data: { reason: input.reason, message: input.message } }],
          note: { reason: input.reason, printJobs }
        }
      })
  }
}
