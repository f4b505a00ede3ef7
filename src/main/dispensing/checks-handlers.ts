import { type Handlers, requireActor } from '../contract'
import type { Workflow } from '../workflow'
import type { DispensingService } from './dispensing-service'

type CheckCalls = 'requests.accuracyCheck' | 'dispensing.setAllowSelfCheck'

/**
 * The check before supply: an accuracy check by someone who assembled none of it (the
 * pharmacist's clinical check was made before anything was labelled, src/main/clinical), re-scanning every labelled pack and the dispensing label on it (each
 * pack's labels name that pack, so a label stuck on the wrong pack is caught). Self-checking only
 * when an administrator allows it, and then recorded as such. Who may check, and what must be
 * re-scanned, are the table's guards (src/main/workflow/guards.ts).
 */
export function checksHandlers(deps: {
  dispensing: DispensingService
  workflow: Workflow
  /** Who made the request's standing clinical check: Phensys hears it with the accuracy check. */
  clinicalCheckBy: (requestId: string) => string | null
}): Pick<Handlers, CheckCalls> {
  const { dispensing, workflow } = deps
  const { settings } = dispensing.deps

  return {
    'requests.accuracyCheck': (ctx, input) => {
      const actor = requireActor(ctx)
      return workflow.command(ctx, 'accuracyCheck', input.id, input, () => {
        // The guards matched every pack in the bag to a re-scan, once each.
        const packs = dispensing.packs.assembled(input.id)
        const selfCheck = packs.some((pack) => pack.assembledById === actor.id)
        const at = ctx.now.toISOString()
        for (const pack of packs) dispensing.packs.markRescanned(pack.id, { id: actor.id, name: actor.displayName }, at)
        dispensing.packs.accuracyChecked(input.id, { id: actor.id, name: actor.displayName }, at, selfCheck)
        const clinicalCheckBy = deps.clinicalCheckBy(input.id) ?? ''
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
    },

    'dispensing.setAllowSelfCheck': (ctx, input) => {
      const before = settings.get('allowSelfCheck')
      settings.set('allowSelfCheck', input.allowed)
      ctx.audit({ entityType: 'settings', entityId: 'allowSelfCheck', summary: { before, after: input.allowed } })
      return { allowSelfCheck: input.allowed }
    }
  }
}
