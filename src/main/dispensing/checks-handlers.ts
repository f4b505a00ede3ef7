import { GUARDS } from '../../shared/workflow/transitions'
import type { Handlers } from '../contract/handler'
import { requireActor } from '../contract/handler'
import { CounterError } from '../errors'
import { runTransition } from '../fulfilment/workflow-handlers'
import { isPackScanError, parsePackScan } from '../stock/pack-scan'
import { requirePrescriptionValid } from '../stock/prescription-validity'
import type { DispensedPack } from './dispensed-packs-repo'
import type { DispensingService } from './dispensing-service'

type CheckCalls = 'requests.clinicalCheck' | 'requests.accuracyCheck' | 'dispensing.setAllowSelfCheck'

/**
 * The checks before supply: a pharmacist's clinical check, then an accuracy check by someone who
 * assembled none of it, re-scanning every labelled pack. Self-checking only when an administrator
 * allows it, and then recorded as such.
 */
export function checksHandlers(deps: { dispensing: DispensingService }): Pick<Handlers, CheckCalls> {
  const { dispensing } = deps
  const { stock, settings } = dispensing.deps

  return {
    'requests.clinicalCheck': (ctx, input) => {
      const actor = requireActor(ctx)
      return runTransition(dispensing.deps, ctx, input.id, 'clinicalCheck', (stored) => {
        if (!actor.roles.includes('pharmacist')) throw new CounterError('forbidden', GUARDS.pharmacist)
        requirePrescriptionValid(stored.snapshot, stock.today(ctx.now))
        dispensing.packs.clinicallyChecked(input.id, { id: actor.id, name: actor.displayName }, ctx.now.toISOString())
        return {
          to: 'clinically_checked',
          events: [],
          note: { clinicalCheckBy: actor.displayName, gphcNumber: actor.gphcNumber }
        }
      })
    },

    'requests.accuracyCheck': (ctx, input) => {
      const actor = requireActor(ctx)
      return runTransition(dispensing.deps, ctx, input.id, 'accuracyCheck', () => {
        const packs = dispensing.packs.assembled(input.id)
        const assembledByMe = packs.some((pack) => pack.assembledById === actor.id)
        const selfCheck = assembledByMe && settings.get('allowSelfCheck')
        if (assembledByMe && !selfCheck) {
          throw new CounterError(
            'precondition_failed',
            `${GUARDS.notTheAssembler} ${actor.displayName} assembled part of ${input.id}.`
          )
        }
        const matched = matchRescans(packs, input.rescans, Number(stock.today(ctx.now).slice(0, 4)))
        const at = ctx.now.toISOString()
        for (const pack of matched)
          dispensing.packs.markRescanned(pack.id, { id: actor.id, name: actor.displayName }, at)
        dispensing.packs.accuracyChecked(input.id, { id: actor.id, name: actor.displayName }, at, selfCheck)
        const clinicalCheckBy = dispensing.packs.checks(input.id).clinicalCheckByName
        if (!clinicalCheckBy)
          throw new CounterError(
            'precondition_failed',
            'The clinical check is not recorded; a pharmacist must make it first.'
          )
        return {
          to: 'accuracy_checked',
          events: [
            {
              type: 'dispensing.checked',
              data: { clinicalCheckBy: clinicalCheckBy.slice(0, 128), accuracyCheckBy: actor.displayName.slice(0, 128) }
            }
          ],
          note: { accuracyCheckBy: actor.displayName, selfCheck, rescanned: matched.length }
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

/** Every assembled pack re-scanned exactly once; a code that matches none of them is refused. */
function matchRescans(
  packs: readonly DispensedPack[],
  rescans: readonly string[],
  referenceYear: number
): DispensedPack[] {
  const left = [...packs]
  const matched: DispensedPack[] = []
  for (const raw of rescans) {
    const scan = parsePackScan(raw, { referenceYear })
    if (isPackScanError(scan))
      throw new CounterError('precondition_failed', `Could not read a re-scanned code (${scan.read}): ${scan.error}.`, {
        details: { reason: 'unreadable', scanned: scan.read }
      })
    const index = left.findIndex(
      (pack) =>
        pack.gtin === scan.gtin && (pack.serial !== null ? pack.serial === scan.serial : pack.batchNo === scan.batch)
    )
    if (index < 0) {
      const already = matched.some(
        (pack) => pack.gtin === scan.gtin && (pack.serial === null || pack.serial === scan.serial)
      )
      const what = `GTIN ${scan.gtin}${scan.batch ? ` batch ${scan.batch}` : ''}${scan.serial ? ` serial ${scan.serial}` : ''}`
      throw new CounterError(
        'precondition_failed',
        already
          ? `${what} was re-scanned twice; re-scan each labelled pack once.`
          : `${what} was not dispensed for this request: it is not one of the labelled packs. Take it out of the bag.`,
        { details: { reason: already ? 'rescanned_twice' : 'not_dispensed', scanned: what } }
      )
    }
    matched.push(left.splice(index, 1)[0]!)
  }
  if (left.length > 0) {
    throw new CounterError(
      'precondition_failed',
      `${GUARDS.everyLabelledPackRescanned} Not re-scanned: ${left.map((pack) => `line ${pack.lineId} batch ${pack.batchNo}${pack.serial ? ` serial ${pack.serial}` : ''}`).join('; ')}.`,
      {
        details: { reason: 'not_rescanned', missing: left.map((pack) => pack.id) }
      }
    )
  }
  return matched
}
