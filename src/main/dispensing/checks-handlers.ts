import type { RescanFeedback, RescannedPackView } from '../../shared/contract/dispensing-views'
import { type Handlers, type HandlerContext, requireActor } from '../contract'
import { CounterError } from '../errors'
import type { RescanProgress, Workflow } from '../workflow'
import { outOfDatePacks } from './bag-packs'
import type { DispensingService } from './dispensing-service'

type CheckCalls =
  | 'requests.accuracyCheck'
  | 'dispensing.rescan'
  | 'dispensing.clearRescans'
  | 'dispensing.setAllowSelfCheck'
  | 'dispensing.setAutoLabels'
  | 'dispensing.rules'

/** A checker's re-scans so far, one run per request: another checker starts it again. */
interface RescanRun {
  checkerId: string
  rescans: string[]
}

/**
 * The check before supply: an accuracy check by someone who neither scanned nor labelled any of
 * it (the pharmacist's clinical check was made before anything was labelled, src/main/clinical),
 * re-scanning every labelled pack (see the workflow's `readRescans` for when the label alone is
 * enough and when the pack is scanned with it). Self-checking only when an administrator allows
 * it, and then recorded as such. Who may check, and what must be re-scanned, are the table's
 * guards (src/main/workflow/guards.ts).
 *
 * Re-scans are judged one at a time (`dispensing.rescan`): each says at once which pack it named,
 * a refused one is not kept, and the one that completes the bag records the check. The run lives
 * in memory: a restart of the counter asks for the re-scans again, which costs seconds and keeps
 * nothing half-checked in the store.
 */
export function checksHandlers(deps: {
  dispensing: DispensingService
  workflow: Workflow
  /** Who made the request's standing clinical check: Phensys hears it with the accuracy check. */
  clinicalCheckBy: (requestId: string) => string | null
}): Pick<Handlers, CheckCalls> {
  const { dispensing, workflow } = deps
  const { settings } = dispensing.deps
  const runs = new Map<string, RescanRun>()

  const recordAccuracyCheck = (ctx: HandlerContext, id: string, rescans: readonly string[]) => {
    const actor = requireActor(ctx)
    return workflow.command(ctx, 'accuracyCheck', id, { rescans }, () => {
      // The guards matched every pack in the bag to a re-scan, once each.
      const packs = dispensing.packs.inHand(id)
      const selfCheck = workflow.assembledBy(id, actor.id)
      const at = ctx.now.toISOString()
      for (const pack of packs) dispensing.packs.markRescanned(pack.id, { id: actor.id, name: actor.displayName }, at)
      dispensing.packs.accuracyChecked(id, { id: actor.id, name: actor.displayName }, at, selfCheck)
      runs.delete(id)
      const clinicalCheckBy = deps.clinicalCheckBy(id) ?? ''
      return {
        to: 'accuracy_checked',
        events: [
          {
            type: 'dispensing.checked',
            data: { clinicalCheckBy: clinicalCheckBy.slice(0, 128), accuracyCheckBy: actor.displayName.slice(0, 128) }
          }
        ],
        note: { accuracyCheckBy: actor.displayName, selfCheck, rescanned: packs.length }
      }
    })
  }

  /** The bag's packs as the checker compares them with what is in hand. */
  const packViews = (id: string): Map<number, RescannedPackView> =>
    new Map(
      dispensing
        .view(id)
        .lines.flatMap((line) => line.packs)
        .map((pack) => [
          pack.id,
          { id: pack.id, lineId: pack.lineId, packName: pack.packName, batchNo: pack.batchNo, expiry: pack.expiry }
        ])
    )

  const feedback = (
    id: string,
    progress: RescanProgress,
    outcome: RescanFeedback['outcome'],
    message: string,
    extra: { recorded: boolean; selfCheck: boolean }
  ): RescanFeedback => {
    const views = packViews(id)
    const view = (pack: { id: number } | null) => (pack ? (views.get(pack.id) ?? null) : null)
    return {
      outcome,
      message,
      pack: outcome === 'accepted' ? view(progress.last) : null,
      matched: progress.matched.map((pack) => views.get(pack.id)!),
      awaitingLabelFor: view(progress.awaitingLabel),
      total: progress.matched.length + progress.left.length + (progress.awaitingLabel ? 1 : 0),
      ...extra
    }
  }

  return {
    'requests.accuracyCheck': (ctx, input) => recordAccuracyCheck(ctx, input.id, input.rescans),

    'dispensing.rescan': (ctx, input) => {
      const actor = requireActor(ctx)
      const stage = workflow.stageOf(input.id)
      if (stage === undefined)
        throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
      if (!workflow.allows('accuracyCheck', stage))
        throw new CounterError('conflict', `${input.id} is not waiting for its accuracy check.`)
      const kept = runs.get(input.id)
      const before = kept?.checkerId === actor.id ? kept.rescans : []
      const selfCheck = workflow.assembledBy(input.id, actor.id)
      if (selfCheck && !settings.get('allowSelfCheck'))
        throw new CounterError(
          'precondition_failed',
          `The accuracy check must be made by someone other than who scanned or labelled the packs; ${actor.displayName} did.`,
          { details: { reason: 'assembler' } }
        )
      const rescans = [...before, input.raw]
      // Refused at once and not kept: the run goes on from the re-scans before it.
      const refused = (message: string, details: object): RescanFeedback => {
        ctx.audit({
          entityType: 'request',
          entityId: input.id,
          command: 'dispensing.rescanRefused',
          summary: { message, ...details }
        })
        return feedback(input.id, workflow.rescanProgress(input.id, before, ctx.now), 'refused', message, {
          recorded: false,
          selfCheck
        })
      }
      let progress: RescanProgress
      try {
        progress = workflow.rescanProgress(input.id, rescans, ctx.now)
      } catch (error) {
        if (!(error instanceof CounterError)) throw error
        return refused(error.message, error.details as object)
      }
      // A pack out of date today (packsLastTheCourse's rule) is refused at its own re-scan, in the
      // words the check would refuse the bag in, not only when the last re-scan completes it.
      const named = progress.last
      const outOfDate = named
        ? outOfDatePacks(dispensing, input.id, dispensing.deps.stock.today(ctx.now)).find((o) => o.pack.id === named.id)
        : undefined
      if (outOfDate) return refused(outOfDate.refusal, { reason: 'pack_out_of_date', packId: outOfDate.pack.id })
      ctx.audit({ entityType: 'request', entityId: input.id, summary: { packId: progress.last?.id ?? null } })
      if (progress.left.length === 0 && progress.awaitingLabel === null) {
        recordAccuracyCheck(ctx, input.id, rescans)
        return feedback(input.id, progress, 'accepted', 'Every pack re-scanned: accuracy check recorded.', {
          recorded: true,
          selfCheck
        })
      }
      runs.set(input.id, { checkerId: actor.id, rescans })
      const message = progress.awaitingLabel
        ? 'Pack matched: now scan the label on it.'
        : `Matched: ${progress.matched.length} of ${progress.matched.length + progress.left.length}.`
      return feedback(input.id, progress, 'accepted', message, { recorded: false, selfCheck })
    },

    'dispensing.clearRescans': (ctx, input) => {
      const cleared = runs.get(input.id)?.rescans.length ?? 0
      runs.delete(input.id)
      ctx.audit({ entityType: 'request', entityId: input.id, summary: { cleared } })
      return { cleared }
    },

    'dispensing.setAllowSelfCheck': (ctx, input) => {
      const before = settings.get('allowSelfCheck')
      settings.set('allowSelfCheck', input.allowed)
      ctx.audit({ entityType: 'settings', entityId: 'allowSelfCheck', summary: { before, after: input.allowed } })
      return { allowSelfCheck: input.allowed }
    },

    'dispensing.rules': () => ({
      allowSelfCheck: settings.get('allowSelfCheck'),
      autoLabels: settings.get('autoLabels')
    }),

    'dispensing.setAutoLabels': (ctx, input) => {
      const before = settings.get('autoLabels')
      settings.set('autoLabels', input.enabled)
      ctx.audit({ entityType: 'settings', entityId: 'autoLabels', summary: { before, after: input.enabled } })
      return { autoLabels: input.enabled }
    }
  }
}
