import type { OutstandingHardCopy } from '../../shared/contract'
import type { CatalogueSchedule } from '../../shared/workflow/cd-schedule'
import { type Handlers, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { SettingsRepo } from '../settings'
import { prescriptionValidUntil, type Workflow } from '../workflow'
import type { HardCopiesRepo } from './hard-copies-repo'
import type { RequestsRepo } from './requests-repo'

type HardCopyCalls = 'requests.receiveHardCopy' | 'hardCopies.outstanding' | 'hardCopies.forRequest'

const DAY_MS = 86_400_000

/**
 * The original paper prescription. Receiving it records who, when, the form and serial
 * and the line-by-line check; a match releases the request to the stock check, a mismatch raises
 * a `hard_copy_mismatch` query instead. Paper for a request already stopped is recorded alone.
 */
export function hardCopyHandlers(deps: {
  workflow: Workflow
  requests: RequestsRepo
  hardCopies: HardCopiesRepo
  settings: SettingsRepo
  catalogue: CatalogueSchedule
}): Pick<Handlers, HardCopyCalls> {
  return {
    'requests.receiveHardCopy': (ctx, input) => {
      const actor = requireActor(ctx)
      return deps.workflow.command(ctx, 'receiveHardCopy', input.id, {}, (request) => {
        const mismatches = deps.hardCopies.mismatches(request.snapshot, input)
        deps.hardCopies.record(request.snapshot, input, mismatches, { id: actor.id, name: actor.displayName }, ctx.now)
        const received = {
          type: 'hard_copy.received' as const,
          data: { receivedAt: ctx.now.toISOString(), matchesRequest: mismatches.length === 0 }
        }
        const note = {
          formType: input.formType,
          serial: input.serial,
          ...(input.prescriberCdNumber === undefined ? {} : { prescriberCdNumber: input.prescriberCdNumber }),
          ...(input.quantityInWordsAndFigures === undefined
            ? {}
            : { quantityInWordsAndFigures: input.quantityInWordsAndFigures }),
          mismatches
        }
        // Cancelled or rejected before the paper came: kept as received, nothing moves, nothing is sent
        // (Phensys takes `hard_copy.received` only while it has the request in fulfilment).
        const stopped = request.row.stage
        if (stopped === 'cancelled' || stopped === 'rejected')
          return { to: stopped, events: [], note: { ...note, afterStopped: true } }
        if (mismatches.length === 0) return { to: 'stock_check', events: [received], note }
        const message = `The original prescription (${input.formType}${input.serial ? ` ${input.serial}` : ''}) does not match the request: ${mismatches.join('; ')}.`
        return {
          to: 'query_raised',
          events: [
            received,
            { type: 'query.raised', data: { reason: 'hard_copy_mismatch', message: message.slice(0, 2000) } }
          ],
          note
        }
      })
    },

    'hardCopies.outstanding': (ctx) => {
      const overdueAfterDays = deps.settings.get('hardCopyOverdueDays')
      const waiting: OutstandingHardCopy[] = deps.requests
        .worklist(false)
        .rows.filter((row) => row.stage === 'awaiting_hard_copy')
        .map((row) => {
          const ageDays = Math.floor((ctx.now.getTime() - Date.parse(row.stageSince)) / DAY_MS)
          return {
            requestId: row.id,
            patientName: row.patientName,
            waitingSince: row.stageSince,
            ageDays,
            overdue: ageDays >= overdueAfterDays,
            validUntil: prescriptionValidUntil(deps.requests.get(row.id)!.snapshot, deps.catalogue),
            controlledDrug: row.hasControlledDrug
          }
        })
      return waiting.sort((a, b) => b.ageDays - a.ageDays)
    },

    'hardCopies.forRequest': (_ctx, input) => {
      const request = deps.requests.get(input.id)
      if (!request) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      return deps.hardCopies.forRequest(request.snapshot)
    }
  }
}
