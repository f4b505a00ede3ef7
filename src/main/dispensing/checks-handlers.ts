import { readOwnLabel } from '../../shared/scan/own-labels'
import { makeVisible } from '../../shared/scan/visible'
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
 * assembled none of it, re-scanning every labelled pack and the dispensing label on it (each
 * pack's labels name that pack, so a label stuck on the wrong pack is caught). Self-checking only
 * when an administrator allows it, and then recorded as such.
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
        const matched = matchRescans(input.id, packs, input.rescans, Number(stock.today(ctx.now).slice(0, 4)))
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

const describePack = (pack: DispensedPack) =>
  `line ${pack.lineId} batch ${pack.batchNo}${pack.serial ? ` serial ${pack.serial}` : ''}`

/** A re-scan: a pack's own code, or the dispensing label on it (which names the pack). */
type Rescan = { kind: 'pack'; raw: string } | { kind: 'label'; raw: string; requestId: string; packId: number | null }

function readRescan(raw: string): Rescan {
  const own = readOwnLabel(raw.trim())
  if (own?.kind === 'request-label') return { kind: 'label', raw, requestId: own.requestId, packId: own.packId ?? null }
  if (own) {
    throw new CounterError(
      'precondition_failed',
      `That scan (${makeVisible(raw.trim())}) is not a pack nor a dispensing label on a pack.`,
      { details: { reason: 'unreadable', scanned: makeVisible(raw.trim()) } }
    )
  }
  return { kind: 'pack', raw }
}

/**
 * Every assembled pack re-scanned exactly once, each with the dispensing label stuck on it (pack
 * and label in either order, one pair after another). A code that matches none of the packs, a
 * pack without its label, or a label that names another pack is refused.
 */
function matchRescans(
  requestId: string,
  packs: readonly DispensedPack[],
  rescans: readonly string[],
  referenceYear: number
): DispensedPack[] {
  const left = [...packs]
  const matched: DispensedPack[] = []
  const scans = rescans.map(readRescan)
  for (let i = 0; i < scans.length; i += 2) {
    const first = scans[i]!
    const second = scans[i + 1]
    const packScan = first.kind === 'pack' ? first : second?.kind === 'pack' ? second : null
    const labelScan = first.kind === 'label' ? first : second?.kind === 'label' ? second : null
    if (!packScan) {
      throw new CounterError(
        'precondition_failed',
        'Two dispensing labels were scanned one after the other: scan each pack, then the label on it.',
        { details: { reason: 'pack_not_scanned', scanned: makeVisible(first.raw.trim()) } }
      )
    }
    const pack = matchPack(left, matched, packScan.raw, referenceYear)
    if (!labelScan) {
      throw new CounterError(
        'precondition_failed',
        `The dispensing label on ${describePack(pack)} was not scanned: scan each pack, then the label on it.`,
        { details: { reason: 'label_not_scanned', scanned: describePack(pack) } }
      )
    }
    if (labelScan.requestId !== requestId || labelScan.packId !== pack.id) {
      const whose =
        labelScan.requestId !== requestId
          ? `a label of ${labelScan.requestId}`
          : labelScan.packId === null
            ? 'a label that names no pack (printed before the packs were scanned)'
            : `the label of ${describeLabelled(packs, labelScan.packId)}`
      throw new CounterError(
        'precondition_failed',
        `The pack ${describePack(pack)} carries ${whose}: take it off and put the pack's own label on it.`,
        {
          details: {
            reason: 'label_on_wrong_pack',
            scanned: makeVisible(labelScan.raw.trim()),
            expected: describePack(pack)
          }
        }
      )
    }
    matched.push(pack)
  }
  if (left.length > 0) {
    throw new CounterError(
      'precondition_failed',
      `${GUARDS.everyLabelledPackRescanned} Not re-scanned: ${left.map(describePack).join('; ')}.`,
      {
        details: { reason: 'not_rescanned', missing: left.map((pack) => pack.id) }
      }
    )
  }
  return matched
}

function describeLabelled(packs: readonly DispensedPack[], packId: number): string {
  const pack = packs.find((candidate) => candidate.id === packId)
  return pack ? describePack(pack) : `a pack not in this bag (${packId})`
}

/** The assembled pack a re-scanned code is; taken out of `left`. */
function matchPack(
  left: DispensedPack[],
  matched: readonly DispensedPack[],
  raw: string,
  referenceYear: number
): DispensedPack {
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
  return left.splice(index, 1)[0]!
}
