import { needsTracking, serviceFor } from '../../shared/dispatch/carriers'
import { STAGE_LABELS, STAGES, type Stage } from '../../shared/workflow/stages'
import { type Handlers, type HandlerContext, requireActor } from '../contract'
import type { PrintQueue } from '../devices'
import { CounterError } from '../errors'
import type { RequestFlags } from '../flags'
import type { RequestsRepo } from '../fulfilment'
import {
  bagLabelInput,
  buildBagLabel,
  deliveryServiceName,
  buildDispatchNote,
  dispatchNoteInput,
  labelSetup,
  layoutOrRefuse,
  previewsOf,
  type LabelSet
} from '../labels'
import type { SupplyRecorder } from '../registers'
import type { SettingsRepo } from '../settings'
import { checkedTrackingNumbers, type GuardFacts, type RequestRecord, type Workflow } from '../workflow'
import { effectiveService, shipmentView, type EffectiveService } from './shipment-service'
import type { Parcel, ShipmentsRepo } from './shipments-repo'
import { settleParcelRecall } from './parcel-recall'
import { formatDate, londonDate } from '../../shared/time/london'
import { fromMilli } from '../../shared/stock/units'
import type { Snapshot } from '../../shared/phensys/snapshot'

type DispatchCalls =
  | 'dispatch.carriers'
  | 'dispatch.saveCarriers'
  | 'dispatch.shipment'
  | 'dispatch.packingPreview'
  | 'requests.chooseService'
  | 'requests.pack'
  | 'requests.dispatch'
  | 'requests.collect'
  | 'requests.markDelivered'
  | 'requests.markReturned'
  | 'requests.markParcelReturned'
  | 'requests.markParcelDelivered'

export interface DispatchDeps {
  requests: RequestsRepo
  workflow: Workflow
  /** What the workflow's guards read; dispatch reads the tracking numbers they checked. */
  facts: GuardFacts
  shipments: ShipmentsRepo
  settings: SettingsRepo
  queue: PrintQueue
  supplies: SupplyRecorder
  /** The pharmacy's calendar day (Europe/London) of an instant: the manifest a parcel is on. */
  today: (now: Date) => string
  /** A service chosen settles the request's flag on Phensys's unknown service; a partial return raises one. */
  flags: Pick<RequestFlags, 'settleKind' | 'blocking' | 'raise' | 'reword' | 'acknowledged'>
  /** A bag back at the pharmacy for a cancelled request: its labelled packs go to quarantine (`only` these). */
  takeBackPacks: (requestId: string, now: Date, why: string, only?: readonly number[]) => void
}

/** From arrival (the flag on an unknown service shows at once) until it is packed. */
const CHOOSE_SERVICE_STAGES: readonly Stage[] = STAGES.slice(0, STAGES.indexOf('packed'))

function stored(deps: DispatchDeps, id: string): RequestRecord {
  const found = deps.requests.get(id)
  if (!found) throw new CounterError('not_found', `There is no request ${id} on this workstation.`)
  return found
}

function checkWhen(ctx: HandlerContext, at: string | undefined, notBefore: string, what: string): string {
  const when = at ?? ctx.now.toISOString()
  if (Date.parse(when) > ctx.now.getTime())
    throw new CounterError('invalid_input', `${what} at ${when} is in the future.`)
  if (Date.parse(when) < Date.parse(notBefore))
    throw new CounterError('invalid_input', `${what} at ${when} is before it was dispatched (${notBefore}).`)
  return new Date(when).toISOString()
}

/**
 * Packing and dispatch. Every step runs through the transition table; the
 * registers record the supply in the same transaction as the dispatch or the handover.
 */
export function dispatchHandlers(deps: DispatchDeps): Pick<Handlers, DispatchCalls> {
  const { shipments, settings } = deps
  const carriers = () => settings.get('carriers')

  /**
   * What the dispatch note lists: the prescription, or, for a bag sent again without the packs
   * already delivered or still out, the packs that go now (each line's packs in their own unit).
   */
  const noteInput = (snapshot: Snapshot, parcels: number): ReturnType<typeof dispatchNoteInput> => {
    const input = dispatchNoteInput(snapshot, parcels, settings.get('pharmacy'))
    const left = shipments.bagLeft(snapshot.id)
    if (!left) return input
    const items = snapshot.prescription.items.flatMap((item) => {
      const linePacks = left.filter((pack) => pack.lineId === item.lineId)
      if (linePacks.length === 0) return []
      const milli = linePacks.reduce((sum, pack) => sum + pack.quantityMilli, 0)
      return [{ name: item.product.name, quantity: fromMilli(milli), unit: linePacks[0]!.unit }]
    })
    return { ...input, items }
  }

  /**
   * The bag labels (one per parcel, each one whole label) and the dispatch note, laid out once for
   * the preview and the printer. A name or address too long for one bag label is refused in words.
   */
  const packingLabels = (
    request: RequestRecord,
    serviceName: string,
    parcels: number
  ): { bag: LabelSet[]; note: LabelSet[] } => {
    const setup = labelSetup(settings.get('devices').labelStock)
    return {
      bag: Array.from({ length: parcels }, (_, n) => ({
        title: `Bag label, parcel ${n + 1} of ${parcels}`,
        labels: layoutOrRefuse(
          buildBagLabel({ ...bagLabelInput(request.snapshot, n + 1, parcels), service: serviceName }),
          setup
        )
      })),
      note: [
        {
          title: 'Dispatch note',
          labels: layoutOrRefuse(buildDispatchNote(noteInput(request.snapshot, parcels)), setup)
        }
      ]
    }
  }

  return {
    'dispatch.carriers': () => carriers(),

    'dispatch.saveCarriers': (ctx, input) => {
      // A packed parcel keeps the service it was packed for: that service cannot be removed until it is sent.
      const stranded = shipments
        .packedAwaitingDispatch()
        .filter((row) => !input.services.some((s) => s.code === row.serviceCode))
      if (stranded.length > 0) {
        throw new CounterError(
          'conflict',
          `Cannot remove ${[...new Set(stranded.map((row) => row.serviceCode))].join(', ')}: packed and not yet dispatched with it: ${stranded.map((row) => row.requestId).join(', ')}. Disable it instead, or dispatch those first.`
        )
      }
      settings.set('carriers', input)
      ctx.audit({
        entityType: 'settings',
        entityId: 'carriers',
        summary: {
          services: input.services.map((s) => `${s.code} → ${s.carrier} ${s.service}${s.enabled ? '' : ' (off)'}`)
        }
      })
      return carriers()
    },

    'dispatch.shipment': (_ctx, input) => shipmentView(stored(deps, input.id).snapshot, shipments, carriers()),

    'dispatch.packingPreview': (_ctx, input) => {
      const request = stored(deps, input.id)
      const effective = effectiveService(request.snapshot, shipments.get(input.id), carriers())
      const packing = packingLabels(request, serviceNameOf(effective), input.parcels)
      return { bag: previewsOf(packing.bag), note: previewsOf(packing.note) }
    },

    'requests.chooseService': (ctx, input) => {
      const actor = requireActor(ctx)
      const request = stored(deps, input.id)
      if (!CHOOSE_SERVICE_STAGES.includes(request.row.stage)) {
        throw new CounterError(
          'conflict',
          `The service of a request is chosen from its arrival until it is packed; ${input.id} is ${STAGE_LABELS[request.row.stage].toLowerCase()}.`
        )
      }
      const current = effectiveService(request.snapshot, shipments.get(input.id), carriers())
      const flagged = deps.flags.blocking(input.id, 'pack').some((flag) => flag.kind === 'unknown_delivery_service')
      if (
        !flagged &&
        (current.kind === 'collect' ||
          (current.kind === 'carrier' && current.service.code === request.snapshot.delivery.service))
      ) {
        throw new CounterError(
          'conflict',
          `Phensys's service ${deliveryServiceName(request.snapshot.delivery.service)} is known here; nothing to choose.`
        )
      }
      const chosen = serviceFor(carriers(), input.code)
      if (!chosen) throw new CounterError('invalid_input', `${input.code} is not a configured, enabled service.`)
      shipments.chooseService(input.id, chosen.code, input.reason, { id: actor.id, name: actor.displayName })
      deps.flags.settleKind(
        input.id,
        'unknown_delivery_service',
        'service_chosen',
        { code: chosen.code, service: `${chosen.carrier} ${chosen.service}`, reason: input.reason },
        { id: actor.id, name: actor.displayName },
        ctx.now.toISOString()
      )
      ctx.audit({
        entityType: 'request',
        entityId: input.id,
        summary: {
          requested: request.snapshot.delivery.service,
          chosen: `${chosen.carrier} ${chosen.service}`,
          reason: input.reason
        }
      })
      ctx.broadcast('worklist.changed', { requestIds: [input.id] })
      return shipmentView(request.snapshot, shipments, carriers())
    },

    'requests.pack': (ctx, input) => {
      const actor = requireActor(ctx)
      const detail = deps.workflow.command(ctx, 'pack', input.id, input, (request) => {
        const effective = effectiveService(request.snapshot, shipments.get(input.id), carriers())
        if (effective.kind === 'unknown') throw new Error(`${input.id} passed the guards with no delivery service`)
        const serviceName = serviceNameOf(effective)
        const packing = packingLabels(request, serviceName, input.parcels)
        const labels = [...packing.bag, ...packing.note].flatMap((set) => set.labels)
        const labelsJobId = deps.queue.enqueue(
          { requestId: input.id, kind: 'bag', labels, createdBy: actor.displayName, bench: ctx.session.bench },
          ctx.now
        )
        const parcelContents = contentsOf(input.id, shipments.packsInHand(input.id), input.parcels, input.contents)
        shipments.packed(input.id, {
          method: effective.kind === 'collect' ? 'collect' : 'carrier',
          serviceCode: effective.kind === 'collect' ? 'collect' : effective.service.code,
          carrier: effective.kind === 'collect' ? 'Collection' : effective.service.carrier,
          service: effective.kind === 'collect' ? 'collect' : effective.service.service,
          parcels: input.parcels,
          parcelContents,
          bagScan: input.bagScan.trim(),
          labelsJobId,
          at: ctx.now.toISOString(),
          by: { id: actor.id, name: actor.displayName }
        })
        return {
          to: 'packed',
          events: [{ type: 'packed', data: { parcels: input.parcels } }],
          note: { parcels: input.parcels, service: serviceName, printJob: labelsJobId }
        }
      })
      setImmediate(() => deps.queue.wake())
      return detail
    },

    'requests.dispatch': (ctx, input) => {
      const actor = requireActor(ctx)
      return deps.workflow.command(ctx, 'dispatch', input.id, input, () => {
        // The guards checked the Responsible Pharmacist, the service packed for and every number.
        const shipment = shipments.get(input.id)!
        const carrier = shipment.carrier!
        const service = shipment.service!
        const configured = carriers().services.find((s) => s.code === shipment.serviceCode)!
        const parcels = shipment.parcels ?? 1
        const trackingNumbers = checkedTrackingNumbers(deps.facts, input.id, input.trackingNumbers)
        const at = ctx.now.toISOString()
        const by = { id: actor.id, name: actor.displayName }
        shipments.dispatchedByCarrier(
          input.id,
          needsTracking(configured) ? trackingNumbers : Array.from({ length: parcels }, () => null),
          deps.today(ctx.now),
          at,
          by
        )
        deps.supplies.recordSupply(input.id, { method: 'carrier', at, carrier, service, trackingNumbers }, by, ctx.now)
        // Phensys hears the service in its own words (a `delivery.service` code, as for `collect`),
        // so that it can tell the service asked for from the one a person chose instead.
        const data = { carrier, service: configured.code, trackingNumbers, dispatchedAt: at }
        return { to: 'dispatched', events: [{ type: 'dispatched', data }], note: { ...data, service } }
      })
    },

    'requests.collect': (ctx, input) => {
      const actor = requireActor(ctx)
      return deps.workflow.command(ctx, 'collect', input.id, {}, () => {
        const at = ctx.now.toISOString()
        const by = { id: actor.id, name: actor.displayName }
        shipments.collected(input.id, input.collectedBy, at, by)
        deps.supplies.recordSupply(input.id, { method: 'collect', at, collectedBy: input.collectedBy }, by, ctx.now)
        return {
          to: 'delivered',
          events: [
            {
              type: 'dispatched',
              data: { carrier: 'Collected at the pharmacy', service: 'collect', trackingNumbers: [], dispatchedAt: at }
            },
            { type: 'delivered', data: { deliveredAt: at } }
          ],
          // Who collected is in the shipment; the audit (read by administrators) keeps no names.
          note: {
            collectedBy: input.collectedBy.relation,
            idAsked: input.collectedBy.idAsked,
            idSeen: input.collectedBy.idSeen
          }
        }
      })
    },

    'requests.markDelivered': (ctx, input) =>
      deps.workflow.command(ctx, 'markDelivered', input.id, {}, (request) => {
        // Sent again with a parcel of an earlier dispatch still out: the person says which was
        // delivered (V's dialog); the last dispatch is never taken by default.
        if (input.lastDispatch !== true) {
          const unsaid = earlierParcelStillOut(deps, input.id)
          if (unsaid)
            throw new CounterError(
              'conflict',
              `${input.id} was sent again while ${unsaid} is still with the carrier: say which was delivered, the last dispatch or that earlier parcel (V asks which). Nothing was recorded.`
            )
        }
        const deliveredAt = checkWhen(ctx, input.deliveredAt, request.row.stageSince, 'Delivered')
        for (const parcel of shipments.currentParcels(input.id))
          shipments.setOutcome(parcel.id, 'delivered', deliveredAt, null, 'hand')
        return { to: 'delivered', events: [{ type: 'delivered', data: { deliveredAt } }], note: { deliveredAt } }
      }),

    'requests.markReturned': (ctx, input) =>
      deps.workflow.command(ctx, 'markReturned', input.id, {}, (request) => {
        // Cancelled or rejected at Phensys after dispatch: the parcels still out are back, and
        // Phensys hears nothing.
        const stopped = request.row.stage
        if (stopped === 'cancelled' || stopped === 'rejected') {
          const out = shipments.currentParcels(input.id).filter((parcel) => parcel.outcome === null)
          if (out.length === 0)
            throw new CounterError(
              'conflict',
              `${input.id} was ${stopped} with no parcel out: nothing to record as back.`
            )
          const returnedAt = checkWhen(ctx, input.returnedAt, out[0]!.dispatchedAt, 'Returned')
          for (const parcel of out) shipments.setOutcome(parcel.id, 'returned', returnedAt, input.note, 'hand')
          backAfterCancellation(deps, ctx, input.id, stopped, { at: returnedAt, note: input.note }, out)
          const parcels = out.map((parcel) => parcel.parcelNo)
          return { to: stopped, events: [], note: { returnedAt, note: input.note, parcels } }
        }
        const returnedAt = checkWhen(ctx, input.returnedAt, request.row.stageSince, 'Returned')
        const back = shipments.currentParcels(input.id).filter((parcel) => parcel.outcome === null)
        for (const parcel of back) shipments.setOutcome(parcel.id, 'returned', returnedAt, input.note, 'hand')
        returnRecorded(deps, ctx, input.id, { at: returnedAt, note: input.note }, back)
        return {
          to: 'returned_to_sender',
          events: [returnedQuery(returnedAt, input.note)],
          note: { returnedAt, note: input.note }
        }
      }),

    // The carrier file's late parcels, by hand: Phensys already has the address query and hears
    // nothing more; the stage stays returned to sender.
    // With the dispatch named: a parcel of an earlier dispatch (the request sent again since), still
    // out, back, recorded exactly as a carrier's line for it is.
    'requests.markParcelReturned': (ctx, input) => {
      if (input.dispatchedAt !== undefined) {
        const { request, parcel, earlier } = earlierParcel(deps, input.id, input.parcel, input.dispatchedAt, 'back')
        const returnedAt = checkWhen(ctx, input.returnedAt, parcel.dispatchedAt, 'Returned')
        earlierParcelBack(deps, ctx, parcel, earlier, { at: returnedAt, note: input.note }, 'hand')
        return shipmentView(request.snapshot, shipments, carriers())
      }
      const { request, parcel } = anotherParcel(deps, input.id, input.parcel, 'back')
      const returnedAt = checkWhen(ctx, input.returnedAt, parcel.dispatchedAt, 'Returned')
      shipments.setOutcome(parcel.id, 'returned', returnedAt, input.note, 'hand')
      if (request.row.stage === 'query_raised')
        backWhileHeld(deps, ctx, input.id, { at: returnedAt, note: input.note }, parcel)
      else returnRecorded(deps, ctx, input.id, { at: returnedAt, note: input.note }, [parcel])
      ctx.audit({
        entityType: 'request',
        entityId: input.id,
        summary: { parcel: parcel.parcelNo, returned: returnedAt, note: input.note }
      })
      ctx.broadcast('worklist.changed', { requestIds: [input.id] })
      return shipmentView(request.snapshot, shipments, carriers())
    },

    // The carrier phones: another parcel of the returned dispatch reached the patient. The
    // registers keep the supply (only a return changes them); the partial-return flag stays.
    // With the dispatch named: a parcel of an earlier dispatch, still out, delivered after all,
    // recorded exactly as a carrier's line for it is (no step of the table; Phensys hears nothing).
    'requests.markParcelDelivered': (ctx, input) => {
      if (input.dispatchedAt !== undefined) {
        const { request, parcel, earlier } = earlierParcel(
          deps,
          input.id,
          input.parcel,
          input.dispatchedAt,
          'delivered'
        )
        const deliveredAt = checkWhen(ctx, input.deliveredAt, parcel.dispatchedAt, 'Delivered')
        earlierParcelDelivered(deps, ctx, parcel, earlier, { at: deliveredAt, note: input.note }, 'hand')
        return shipmentView(request.snapshot, shipments, carriers())
      }
      const { request, parcel } = anotherParcel(deps, input.id, input.parcel, 'delivered')
      const deliveredAt = checkWhen(ctx, input.deliveredAt, parcel.dispatchedAt, 'Delivered')
      shipments.setOutcome(parcel.id, 'delivered', deliveredAt, input.note, 'hand')
      ctx.audit({
        entityType: 'request',
        entityId: input.id,
        summary: { parcel: parcel.parcelNo, delivered: deliveredAt, note: input.note }
      })
      ctx.broadcast('worklist.changed', { requestIds: [input.id] })
      return shipmentView(request.snapshot, shipments, carriers())
    }
  }
}

/**
 * A parcel of the last dispatch of a request already returned to sender, not yet recorded: what
 * a person may record by hand for it (another parcel back, or delivered after all).
 */
function anotherParcel(deps: DispatchDeps, id: string, parcelNo: number, what: 'back' | 'delivered') {
  const request = stored(deps, id)
  const parcels = deps.shipments.currentParcels(id)
  if (request.row.stage !== 'returned_to_sender' && !heldWithParcelOut(deps, request.row.stage, parcels)) {
    throw new CounterError(
      'conflict',
      `Another parcel is recorded as ${what} only once the request is returned to sender; ${id} is ${STAGE_LABELS[request.row.stage].toLowerCase()}.`
    )
  }
  const parcel = parcels.find((p) => p.parcelNo === parcelNo)
  if (!parcel) {
    throw new CounterError(
      'invalid_input',
      `Parcel ${parcelNo} is not one of the ${parcels.length} parcels of ${id}'s last dispatch.`
    )
  }
  if (parcel.outcome !== null) {
    throw new CounterError(
      'conflict',
      `Parcel ${parcel.parcelNo}${parcel.trackingNumber ? ` (${parcel.trackingNumber})` : ''} is already recorded as ${parcel.outcome} on ${londonDate(parcel.outcomeAt!)}.`
    )
  }
  return { request, parcel }
}

/**
 * A parcel, still out, of an earlier dispatch of the request (the one at `dispatchedAt`; the request
 * packed again since): what a person may record by hand as back (N; only where its packs are known)
 * or as delivered (V).
 */
function earlierParcel(
  deps: DispatchDeps,
  id: string,
  parcelNo: number,
  dispatchedAt: string,
  what: 'back' | 'delivered'
) {
  const request = stored(deps, id)
  const ofDispatch = deps.shipments.parcels(id).filter((p) => Date.parse(p.dispatchedAt) === Date.parse(dispatchedAt))
  const parcel = ofDispatch.find((p) => p.parcelNo === parcelNo)
  if (!parcel)
    throw new CounterError('invalid_input', `${id} has no parcel ${parcelNo} of a dispatch at ${dispatchedAt}.`)
  const earlier = earlierDispatchOf(deps, parcel)
  if (!earlier)
    throw new CounterError(
      'conflict',
      `Parcel ${parcelNo} of the dispatch on ${formatDate(parcel.dispatchedAt)} is of ${id}'s last dispatch, not an earlier one.`
    )
  if (parcel.outcome !== null)
    throw new CounterError(
      'conflict',
      `${parcelName(parcel, earlier.length)} is already recorded as ${parcel.outcome} on ${londonDate(parcel.outcomeAt!)}.`
    )
  const refusal = what === 'back' ? earlierBackRefusal(deps, parcel, earlier) : null
  if (refusal) throw new CounterError('conflict', refusal)
  return { request, parcel, earlier }
}

/**
 * Which packs go in each parcel: as said (each pack of the bag in hand in exactly one parcel, or
 * refused in words), the whole bag for one parcel, or not known (several parcels, not said).
 */
function contentsOf(
  id: string,
  inHand: readonly number[],
  parcels: number,
  said: readonly (readonly number[])[] | undefined
): number[][] | null {
  if (said === undefined) return parcels === 1 ? [[...inHand]] : null
  const packed = said.flat()
  const foreign = packed.filter((pack) => !inHand.includes(pack))
  if (foreign.length > 0)
    throw new CounterError(
      'invalid_input',
      `Pack${foreign.length === 1 ? '' : 's'} ${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not in ${id}'s bag here: say only the packs being packed.`
    )
  const twice = packed.filter((pack, n) => packed.indexOf(pack) !== n)
  if (twice.length > 0)
    throw new CounterError('invalid_input', `Pack ${twice[0]} is said for two parcels: a pack goes in one parcel.`)
  const left = inHand.filter((pack) => !packed.includes(pack))
  if (left.length > 0)
    throw new CounterError(
      'invalid_input',
      `Pack${left.length === 1 ? '' : 's'} ${left.join(', ')} of ${id}'s bag ${left.length === 1 ? 'is' : 'are'} in no parcel: say the parcel of every pack.`
    )
  return said.map((parcel) => [...parcel])
}

function serviceNameOf(effective: EffectiveService): string {
  if (effective.kind === 'collect') return deliveryServiceName('collect')
  if (effective.kind === 'carrier') return `${effective.service.carrier} ${effective.service.service}`
  return deliveryServiceName(effective.requested)
}

/**
 * Parcels (`backNow`) of the request's last dispatch came back, recorded in this transaction.
 * Where packing said which packs went in each parcel, the registers take back exactly the packs of
 * those parcels, at once (all of them at once: the whole supply, as below). Where it did not (several parcels, not said; dispatches before 0044),
 * the registers reverse the supply once every parcel is back; while only some are, a flag raised
 * once per dispatch tells a pharmacist that the registers still show the whole supply and need
 * their correcting entries. The rest coming back settles it.
 */
export function returnRecorded(
  deps: DispatchDeps,
  ctx: HandlerContext,
  requestId: string,
  returned: { at: string; note: string },
  backNow: readonly Parcel[]
): void {
  const actor = requireActor(ctx)
  const by = { id: actor.id, name: actor.displayName }
  const at = ctx.now.toISOString()
  const parcels = deps.shipments.currentParcels(requestId)
  // The whole dispatch back at once is the whole supply back, noted as such below.
  if (backNow.length < parcels.length && deps.shipments.contentsKnown(parcels)) {
    const back = {
      dispatchedAt: parcels[0]!.dispatchedAt,
      parcelIds: backNow.map((p) => p.id),
      parcelNos: backNow.map((p) => p.parcelNo),
      of: parcels.length
    }
    deps.supplies.recordParcelsBack(requestId, back, returned, by, ctx.now)
    return
  }
  const back = parcels.filter((parcel) => parcel.outcome === 'returned').length
  const key = `partial_return:${parcels[0]?.dispatchedAt ?? ''}`
  // A pharmacist who acknowledged the partial return wrote its CD corrections by hand: the rest
  // coming back must not take the packs back a second time. The POM note is still written (the
  // whole supply is back now), the balance is left to them, and a flag says so.
  const correctedByHand = back === parcels.length && deps.flags.acknowledged(requestId, 'partial_return', key)
  deps.supplies.recordReturn(requestId, returned, by, ctx.now, !correctedByHand)
  if (correctedByHand) {
    const words = `Every parcel has now come back, after a pharmacist acknowledged the partial return: the CD register was not changed again. Check that the correcting entries cover the whole supply.`
    raisePartialReturnFlag(deps, ctx, requestId, parcels, `${key}:every_parcel_back`, words, at)
    return
  }
  if (back === parcels.length) {
    const detail = { returnedAt: londonDate(returned.at) }
    for (const row of deps.flags.settleKind(requestId, 'partial_return', 'every_parcel_back', detail, by, at, key))
      ctx.audit({
        entityType: 'request',
        entityId: requestId,
        summary: { flag: row.id, kind: row.kind, settled: detail }
      })
    return
  }
  const words = `${back} of ${parcels.length} parcels came back; the registers still show the whole supply as delivered: check what came back and write the correcting POM and CD entries.`
  raisePartialReturnFlag(deps, ctx, requestId, parcels, key, words, at)
}

/**
 * A parcel back of a request Phensys cancelled or rejected after dispatch, in this transaction:
 * the registers as for any return, and once every parcel is back the bag, labelled for a request
 * nobody will receive, goes to quarantine. Phensys has closed the request and accepts nothing
 * more: no query.
 */
export function backAfterCancellation(
  deps: DispatchDeps,
  ctx: HandlerContext,
  requestId: string,
  stopped: 'cancelled' | 'rejected',
  returned: { at: string; note: string },
  backNow: readonly Parcel[]
): void {
  returnRecorded(deps, ctx, requestId, returned, backNow)
  const why = `${stopped} at Phensys, its parcel came back (${returned.note})`
  const parcels = deps.shipments.currentParcels(requestId)
  // Which packs came back is known: exactly those. Otherwise the bag, once all of it is here.
  if (deps.shipments.contentsKnown(parcels)) deps.takeBackPacks(requestId, ctx.now, why, packsOf(deps, backNow))
  else if (parcels.every((parcel) => parcel.outcome === 'returned')) deps.takeBackPacks(requestId, ctx.now, why)
  // Every parcel back: nothing is left for a person to recall from the carrier.
  const actor = requireActor(ctx)
  const by = { id: actor.id, name: actor.displayName }
  for (const row of settleParcelRecall(deps, requestId, by, ctx.now.toISOString()))
    ctx.audit({
      entityType: 'request',
      entityId: requestId,
      summary: { flag: row.id, kind: row.kind, settled: 'every_parcel_back' }
    })
}

/**
 * Held by a query raised once part of the bag was back (its packs then went to quarantine), the
 * request's last dispatch is still the one out: a parcel of it that comes back now is recorded in
 * the registers as any parcel back, and its packs, labelled for a bag that will not go as it is,
 * go to quarantine. Only where packing said which packs went in which parcel (otherwise the query
 * took the whole bag back). Phensys hears nothing: the query is its business already.
 */
export function backWhileHeld(
  deps: DispatchDeps,
  ctx: HandlerContext,
  requestId: string,
  returned: { at: string; note: string },
  parcel: Parcel
): void {
  returnRecorded(deps, ctx, requestId, returned, [parcel])
  deps.takeBackPacks(
    requestId,
    ctx.now,
    `held by a query, its parcel came back (${returned.note})`,
    packsOf(deps, [parcel])
  )
}

/**
 * The parcels of the dispatch `parcel` went in, where that dispatch is an earlier one: the request
 * has been packed again since. Null for a parcel of the last dispatch.
 */
export function earlierDispatchOf(deps: DispatchDeps, parcel: Parcel): Parcel[] | null {
  if (deps.shipments.currentParcels(parcel.requestId).some((p) => p.id === parcel.id)) return null
  return deps.shipments.parcels(parcel.requestId).filter((p) => p.dispatchedAt === parcel.dispatchedAt)
}

/**
 * Why a parcel of an earlier dispatch cannot be recorded as back (null when it can): only where
 * packing said which packs went in that dispatch's parcels is it known what came back. Otherwise
 * the whole bag went again, and the registers are a pharmacist's to correct.
 */
export function earlierBackRefusal(deps: DispatchDeps, parcel: Parcel, earlier: readonly Parcel[]): string | null {
  if (deps.shipments.contentsKnown(earlier)) return null
  return `${parcelName(parcel, earlier.length)} is a parcel of an earlier dispatch of ${parcel.requestId}, which has been sent again since. Packing did not say which packs went in it, so it is not recorded as back here: a pharmacist corrects the registers by hand.`
}

/**
 * A parcel of an earlier dispatch of the request (sent again since) not yet recorded delivered or
 * back, named in words ("parcel 2 of 2 of the dispatch on 26/11/2026 (tracking …)"; the first such,
 * "and N more" after it); null when none is out.
 */
function earlierParcelStillOut(deps: DispatchDeps, id: string): string | null {
  const last = new Set(deps.shipments.currentParcels(id).map((p) => p.id))
  const all = deps.shipments.parcels(id)
  const out = all.filter((p) => !last.has(p.id) && p.outcome === null)
  const first = out[0]
  if (!first) return null
  const name = parcelName(first, all.filter((p) => p.dispatchedAt === first.dispatchedAt).length)
  const more = out.length > 1 ? ` and ${out.length - 1} more of an earlier dispatch` : ''
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}${more}`
}

/** "Parcel 2 of 2 of the dispatch on 26/11/2026 (tracking …)": a parcel of one of several dispatches. */
function parcelName(parcel: Parcel, of: number): string {
  const tracking = parcel.trackingNumber ? ` (tracking ${parcel.trackingNumber})` : ''
  return `Parcel ${parcel.parcelNo} of ${of} of the dispatch on ${formatDate(parcel.dispatchedAt)}${tracking}`
}

/**
 * A parcel of an earlier dispatch (`earlier`, the request sent again since, and sent without its
 * packs: it was still out) came back, from a carrier's line or by hand (N), in the caller's
 * transaction, once `earlierBackRefusal` found nothing against it. The parcel is recorded back, the
 * registers take its packs back from that dispatch's supply, and the packs, labelled for a bag that
 * went without them, go to quarantine. The patient is short them: a flag tells a pharmacist, who
 * decides with Phensys what to supply. The stage stays, and Phensys hears nothing: it heard of the
 * return that had the request sent again.
 */
export function earlierParcelBack(
  deps: DispatchDeps,
  ctx: HandlerContext,
  parcel: Parcel,
  earlier: readonly Parcel[],
  returned: { at: string; note: string },
  source: 'hand' | 'carrier_csv'
): void {
  const actor = requireActor(ctx)
  const { requestId } = parcel
  deps.shipments.setOutcome(parcel.id, 'returned', returned.at, returned.note, source)
  const back = {
    dispatchedAt: parcel.dispatchedAt,
    parcelIds: [parcel.id],
    parcelNos: [parcel.parcelNo],
    of: earlier.length
  }
  deps.supplies.recordParcelsBack(requestId, back, returned, { id: actor.id, name: actor.displayName }, ctx.now)
  deps.takeBackPacks(
    requestId,
    ctx.now,
    `sent again since, its parcel of an earlier dispatch came back (${returned.note})`,
    packsOf(deps, [parcel])
  )
  raisePatientShortFlag(deps, ctx, requestId, parcel)
  auditEarlierParcel(ctx, parcel, 'returned', returned)
  ctx.broadcast('worklist.changed', { requestIds: [requestId] })
}

/** The audit entry of what became of a parcel of an earlier dispatch: which, of which dispatch, when, and who said so. */
function auditEarlierParcel(
  ctx: HandlerContext,
  parcel: Parcel,
  outcome: 'returned' | 'delivered',
  said: { at: string; note: string }
): void {
  ctx.audit({
    entityType: 'request',
    entityId: parcel.requestId,
    summary: { parcel: parcel.parcelNo, dispatchedAt: parcel.dispatchedAt, [outcome]: said.at, source: said.note }
  })
}

/**
 * A parcel of an earlier dispatch (the request sent again since) reached the patient after all,
 * from a carrier's line: recorded on the parcel, the registers as they were (its packs stay
 * supplied by that dispatch). No step of the transition table is this: the stage stays and Phensys
 * hears nothing (it heard of the return that had the request sent again, and hears of the dispatch
 * out now on its own). Where packing did not say what went in that dispatch's parcels, the whole bag
 * went again: the patient may now have the same packs twice, and a flag tells a pharmacist so.
 */
export function earlierParcelDelivered(
  deps: DispatchDeps,
  ctx: HandlerContext,
  parcel: Parcel,
  earlier: readonly Parcel[],
  delivered: { at: string; note: string },
  source: 'hand' | 'carrier_csv'
): void {
  const { requestId } = parcel
  deps.shipments.setOutcome(parcel.id, 'delivered', delivered.at, delivered.note, source)
  auditEarlierParcel(ctx, parcel, 'delivered', delivered)
  if (!deps.shipments.contentsKnown(earlier)) {
    const words = `${parcelName(parcel, earlier.length)} was delivered on ${formatDate(delivered.at)}, after the request was sent again with the whole bag (packing did not say what was in each parcel): the patient may now have been sent the same packs twice, and the registers show both supplies. Check with Phensys what the patient has, and correct the registers.`
    raiseDispatchFlag(deps, ctx, requestId, {
      kind: 'sent_twice',
      key: `sent_twice:${parcel.id}`,
      raw: { parcel: parcel.parcelNo, tracking: parcel.trackingNumber, dispatchedAt: parcel.dispatchedAt },
      words
    })
  }
  ctx.broadcast('worklist.changed', { requestIds: [requestId] })
}

/**
 * Tells a pharmacist, once per parcel, that the patient has not had the packs of a parcel of an
 * earlier dispatch that came back. It holds nothing back (the bag sent again may go on) and asks
 * Phensys nothing: what to supply is decided with Phensys by a person.
 */
function raisePatientShortFlag(deps: DispatchDeps, ctx: HandlerContext, requestId: string, parcel: Parcel): void {
  const packs = deps.shipments.packWordsOfParcel(parcel.id)
  const words = `Parcel ${parcel.parcelNo} of the dispatch on ${formatDate(parcel.dispatchedAt)} came back after the request was sent again without it: the patient has not had ${packs.join('; ')}. Decide with Phensys what to supply.`
  const raw = { parcel: parcel.parcelNo, tracking: parcel.trackingNumber, dispatchedAt: parcel.dispatchedAt, packs }
  raiseDispatchFlag(deps, ctx, requestId, { kind: 'patient_short', key: `patient_short:${parcel.id}`, raw, words })
}

/** A flag of dispatch's for a pharmacist, in words, holding nothing back; audited when raised. */
function raiseDispatchFlag(
  deps: DispatchDeps,
  ctx: HandlerContext,
  requestId: string,
  flag: { kind: 'patient_short' | 'sent_twice'; key: string; raw: unknown; words: string }
): void {
  const raised = deps.flags.raise(
    requestId,
    { ...flag, source: 'dispatch', path: 'parcels', lineId: null, blocks: [] },
    stored(deps, requestId).version,
    ctx.now.toISOString()
  )
  if (raised) ctx.audit({ entityType: 'request', entityId: requestId, summary: { flag: flag.kind, words: flag.words } })
}

/** A request held by a query whose last dispatch is partly back and says which packs went where. */
export function heldWithParcelOut(deps: DispatchDeps, stage: Stage, parcels: readonly Parcel[]): boolean {
  return (
    stage === 'query_raised' &&
    parcels.some((parcel) => parcel.outcome === 'returned') &&
    deps.shipments.contentsKnown(parcels)
  )
}

function packsOf(deps: DispatchDeps, parcels: readonly Parcel[]): number[] {
  return parcels.flatMap((parcel) => deps.shipments.packsOfParcel(parcel.id))
}

function raisePartialReturnFlag(
  deps: DispatchDeps,
  ctx: HandlerContext,
  requestId: string,
  parcels: ReturnType<DispatchDeps['shipments']['currentParcels']>,
  key: string,
  words: string,
  at: string
): void {
  const raw = parcels.map((parcel) => ({
    parcel: parcel.parcelNo,
    tracking: parcel.trackingNumber,
    outcome: parcel.outcome
  }))
  // Raised once per dispatch; while it is open it says how many are back now, not at its raising.
  const was = deps.flags.reword(requestId, key, words, raw)
  if (was) {
    ctx.audit({
      entityType: 'request',
      entityId: requestId,
      summary: { flag: was.id, kind: was.kind, reworded: { before: was.words, after: words } }
    })
    return
  }
  const raised = deps.flags.raise(
    requestId,
    { kind: 'partial_return', source: 'dispatch', key, path: 'parcels', lineId: null, raw, words, blocks: [] },
    stored(deps, requestId).version,
    at
  )
  if (raised) ctx.audit({ entityType: 'request', entityId: requestId, summary: { flag: 'partial_return', words } })
}

/** Only Phensys talks to the patient: a parcel back at the pharmacy becomes an address query. */
export function returnedQuery(
  returnedAt: string,
  note: string
): { type: 'query.raised'; data: { reason: 'address'; message: string } } {
  return {
    type: 'query.raised',
    data: {
      reason: 'address',
      message: `The parcel came back to the pharmacy on ${londonDate(returnedAt)}: ${note}. Please confirm the address or what the patient wants.`
    }
  }
}
