/**
 * The out-of-date pack taken out (`requests.outOfDatePackTakenOut`, U, a dispenser or pharmacist):
 * the remedy for a bag the accuracy check, packing, dispatch or hand-over refused because a pack
 * in it no longer lasts the course counted from today (packsLastTheCourse). In the step's one transaction,
 * as a batch recall does for a recalled pack (bag-packs.ts): each such pack (and only those) out of
 * the bag to quarantine in the books; the labels and accuracy check made with it void and its
 * labels still queued withdrawn; the same quantity reserved again from other batches that last
 * the course, first expiry first, and the request back to dispensing for the replacement, labelled
 * and checked again; or, where no such stock is free, back to the stock check with its other
 * packs taken back as for a query. Phensys hears nothing: this is inside the pharmacy.
 */
import { type Handlers, requireActor } from '../contract'
import type { Workflow } from '../workflow'
import { lastsTheCourse, outOfDatePacks, quarantineFromBag, reserveElsewhere } from './bag-packs'
import type { DispensingService } from './dispensing-service'

export interface OutOfDatePackDeps {
  dispensing: DispensingService
  workflow: Workflow
  /** Labels of the request still waiting for the printer are withdrawn (they would label the pack taken out). */
  withdrawPrintJobs: (requestId: string, now: Date, why: string) => { cancelled: number[]; atPrinter: number[] }
}

export function outOfDatePackHandlers(deps: OutOfDatePackDeps): Pick<Handlers, 'requests.outOfDatePackTakenOut'> {
  const { dispensing, workflow } = deps
  return {
    'requests.outOfDatePackTakenOut': (ctx, input) => {
      const actor = requireActor(ctx)
      // The table's guard (packOutOfDate) refuses a bag with none, before this runs.
      return workflow.command(ctx, 'outOfDatePackTakenOut', input.id, {}, () => {
        const env = dispensing.deps.stock.env({ id: actor.id, name: actor.displayName }, ctx.now)
        const outOfDate = outOfDatePacks(dispensing, input.id, env.today)
        const why = 'out of date for its course counted from today'
        for (const { pack } of outOfDate) quarantineFromBag(dispensing, pack, why, env)
        const lost = outOfDate.map(({ pack }) => ({
          lineId: pack.lineId,
          amppId: pack.amppId,
          milli: pack.quantityMilli
        }))
        const replaced = reserveElsewhere(dispensing, input.id, lost, env, (batch, line) =>
          lastsTheCourse(dispensing, input.id, line.lineId, batch.expiry, env.today)
        )
        dispensing.packs.voidLabelsAndCheck(input.id)
        const printJobs = deps.withdrawPrintJobs(input.id, ctx.now, why)
        if (!replaced) dispensing.onStopped(input.id, ctx.now, why)
        return {
          to: replaced ? 'dispensing' : 'stock_check',
          events: [],
          note: {
            packsTakenOut: outOfDate.map(({ pack, name, problem }) => ({
              medicine: name,
              batch: pack.batchNo,
              expiry: pack.expiry,
              line: pack.lineId,
              why: problem.words
            })),
            replacement: replaced
              ? 'reserved from a batch that lasts the course'
              : 'none free: back to the stock check',
            printJobs
          }
        }
      })
    }
  }
}
