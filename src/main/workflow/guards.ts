/**
 * What each guard of the transition table checks. The table names a step's guards; the workflow
 * runs them, in the table's order, before the step itself. A guard that does not hold throws a
 * CounterError whose message tells the person what is missing.
 *
 * Guards read the request and the facts other parts of the counter keep (stock, dispensing,
 * dispatch, the RP record) through `GuardFacts`, which the composition root wires; so the
 * workflow depends on none of those parts, and they all depend on it.
 */
import type { RequestDetail } from '../../shared/contract'
import type { Snapshot } from '../../shared/phensys/snapshot'
import type { CatalogueSchedule } from '../../shared/workflow/cd-schedule'
import { checkTrackingNumber, needsTracking, type CarrierService } from '../../shared/dispatch/carriers'
import { labelNamesRequest, labelRequestText, readOwnLabel, type OwnLabel } from '../../shared/scan/own-labels'
import { makeVisible } from '../../shared/scan/visible'
import { formatTime } from '../../shared/time/london'
import type { FlaggableStep } from '../../shared/flags/kinds'
import { GUARDS, TRANSITIONS, type Guard, type WorkflowCommand } from '../../shared/workflow/transitions'
import type { Actor } from '../contract'
import { CounterError } from '../errors'
import { requirePrescriptionValid } from './prescription-validity'

/** A request as the workflow reads it: Phensys's snapshot and the counter's row. */
export type RequestRecord = Omit<RequestDetail, 'timeline'>

export interface AssembledPack {
  id: number
  lineId: string
  gtin: string
  amppId: string
  batchNo: string
  serial: string | null
  quantityMilli: number
  assembledById: string
}

export interface PackedShipment {
  method: 'carrier' | 'collect' | null
  serviceCode: string | null
  carrier: string | null
  service: string | null
  parcels: number | null
}

/** What the guards read from the rest of the counter. */
export interface GuardFacts {
  /** The request's unsettled flags that hold back this step, each in its words (src/main/flags). */
  blockingFlags(requestId: string, step: FlaggableStep): ReadonlyArray<{ id: number; words: string }>
  /** The pharmacy's calendar day (Europe/London) at an instant. */
  today(now: Date): string
  /** An original prescription matching the request's current items has been received. */
  hardCopyInHand(snapshot: Snapshot): boolean
  /** The catalogue's Controlled Drug schedule of a product (one part of its effective schedule). */
  catalogueSchedule: CatalogueSchedule
  /** The last stock check's answer per line. */
  stockLines(requestId: string): ReadonlyArray<{ lineId: string; outcome: string; neededMilli: number }>
  /** What the request holds reserved, per line and batch. */
  reservations(requestId: string): ReadonlyArray<{ lineId: string; reservedMilli: number }>
  /** Each line's dispensing so far, in words; complete when every pack is scanned and matched. */
  dispensedLines(requestId: string): ReadonlyArray<{ productName: string; summary: string; complete: boolean }>
  /** The request's labels job while it is still in the print queue (neither delivered nor cancelled). */
  labelsJobInQueue(requestId: string): { id: number; state: string } | null
  /** The packs in the request's bag. */
  assembledPacks(requestId: string): readonly AssembledPack[]
  /** Who asked for the request's labels (labelling is assembling too), or null. */
  labelledBy(requestId: string): string | null
  /** The print generation of the request's current labels, which their barcodes name. */
  labelGeneration(requestId: string): number
  /** The request here a label's short form names (own-labels.ts), or null when none here carries it. */
  requestOfLabelRef(ref: string): string | null
  /** What a person is told of the request's bag label printed and since void (its request stopped), or null. */
  voidBagLabel(requestId: string): string | null
  /** An administrator lets the person who assembled a request make its accuracy check. */
  allowSelfCheck(): boolean
  /** Who made the request's clinical check (one still standing: not voided by a change of items), or null. */
  clinicalCheckBy(requestId: string): string | null
  /**
   * The request's labels printed and its accuracy check made, both still standing (a change of
   * items voids them): what the dispensing panel shows as labelled and checked.
   */
  labelledAndChecked(requestId: string): boolean
  /** A pack's GS1 code, as goods-in and dispensing read it. */
  readPackCode(
    raw: string,
    referenceYear: number
  ): { gtin: string; batch: string | null; serial: string | null } | { error: string; read: string }
  /** What a scan of a pack of this batch is told when the batch is recalled; else null. */
  recalledBatch(gtin: string, batchNo: string): string | null
  /** Phensys's delivery service when neither the carriers' settings nor a person's choice maps it; else null. */
  unmappedDeliveryService(request: RequestRecord): string | null
  /** How the request was packed. */
  packedShipment(requestId: string): PackedShipment | null
  /** A carrier service in the settings, enabled or not. */
  carrierService(code: string): CarrierService | undefined
  /** The parcel that already carries this tracking number, if any. */
  trackingInUse(carrier: string, trackingNumber: string): { requestId: string; parcelNo: number } | null
  /**
   * What is said of each pack in the request's bag that may not go to the patient today (expired,
   * or expiring before its course ends counted from `today`: the scan's rule), in words; empty when
   * every pack may.
   */
  packsOutOfDate(requestId: string, today: string): readonly string[]
  /** Who is Responsible Pharmacist now, and since when they are recorded absent (null: present); null when nobody is. */
  responsiblePharmacist(): { name: string; absentSince: string | null } | null
}

/** What a step's own input gives its guards (the codes scanned, the tracking numbers typed). */
export interface GuardInputs {
  bagScanned: { bagScan: string }
  trackingValid: { trackingNumbers: readonly string[] }
  everyLabelledPackRescanned: { rescans: readonly string[] }
}

export interface GuardSubject {
  command: WorkflowCommand
  request: RequestRecord
  /** The person taking the step, or on whose behalf the counter takes it; null for Phensys. */
  actor: Actor | null
  now: Date
  input: Partial<GuardInputs['bagScanned'] & GuardInputs['trackingValid'] & GuardInputs['everyLabelledPackRescanned']>
}

type GuardCheck = (subject: GuardSubject, facts: GuardFacts) => void

function refuse(message: string, details?: unknown): never {
  throw new CounterError('precondition_failed', message, details === undefined ? {} : { details })
}

function person(subject: GuardSubject): Actor {
  if (!subject.actor) throw new Error(`${subject.command} has guards that need a person`)
  return subject.actor
}

export const GUARD_CHECKS = {
  noBlockingFlag: ({ command, request }, facts) => {
    // The table gives this guard only to the steps a flag may name.
    const blocking = facts.blockingFlags(request.row.id, command as FlaggableStep)
    if (blocking.length === 0) return
    refuse(
      `${TRANSITIONS[command].label} waits until ${blocking.length === 1 ? 'this flag is' : `these ${blocking.length} flags are`} settled: ${blocking.map((flag) => flag.words).join(' ')}`,
      { flags: blocking.map((flag) => flag.id) }
    )
  },

  hardCopyInHand: ({ request }, facts) => {
    if (request.row.hardCopyRequired && !facts.hardCopyInHand(request.snapshot)) refuse(GUARDS.hardCopyInHand)
  },

  prescriptionValid: ({ request, now }, facts) =>
    requirePrescriptionValid(request.snapshot, facts.today(now), facts.catalogueSchedule),

  stockReserved: ({ request }, facts) => {
    const lines = facts.stockLines(request.row.id)
    const reserved = facts.reservations(request.row.id)
    const short = request.snapshot.prescription.items.filter((item) => {
      const line = lines.find((l) => l.lineId === item.lineId)
      const held = reserved.filter((r) => r.lineId === item.lineId).reduce((sum, r) => sum + r.reservedMilli, 0)
      return !line || line.outcome !== 'in_stock' || held < line.neededMilli
    })
    if (short.length > 0)
      refuse(
        `${GUARDS.stockReserved} Not reserved: ${short.map((item) => `${item.lineId} ${item.product.name}`).join('; ')}.`
      )
  },

  everyPackScanned: ({ request }, facts) => {
    const lines = facts.dispensedLines(request.row.id)
    if (lines.length === 0 || lines.some((line) => !line.complete))
      refuse(
        `${GUARDS.everyPackScanned} ${lines
          .filter((line) => !line.complete)
          .map((line) => `${line.productName}: ${line.summary}`)
          .join('; ')}.`
      )
  },

  labelsNotQueued: ({ request }, facts) => {
    const queued = facts.labelsJobInQueue(request.row.id)
    if (queued)
      throw new CounterError(
        'conflict',
        `The labels of ${request.row.id} are already in the print queue (job ${queued.id}, ${queued.state}).`
      )
  },

  pharmacist: (subject) => {
    if (!person(subject).roles.includes('pharmacist')) throw new CounterError('forbidden', GUARDS.pharmacist)
  },

  notTheAssembler: (subject, facts) => {
    const actor = person(subject)
    const id = subject.request.row.id
    if (assembledBy(facts, id, actor.id) && !facts.allowSelfCheck())
      refuse(`${GUARDS.notTheAssembler} ${actor.displayName} scanned or labelled part of ${id}.`, {
        reason: 'assembler'
      })
  },

  everyLabelledPackRescanned: ({ request, now, input }, facts) => {
    const progress = readRescans(facts, request.row.id, input.rescans ?? [], Number(facts.today(now).slice(0, 4)))
    if (progress.awaitingLabel) refuseMissingLabel(progress.awaitingLabel)
    if (progress.left.length > 0)
      refuse(`${GUARDS.everyLabelledPackRescanned} Not re-scanned: ${progress.left.map(describePack).join('; ')}.`, {
        reason: 'not_rescanned',
        missing: progress.left.map((pack) => pack.id)
      })
  },

  clinicallyChecked: ({ request }, facts) => {
    if (!facts.clinicalCheckBy(request.row.id)) refuse(GUARDS.clinicallyChecked)
  },

  labelledAndCheckedNow: ({ request }, facts) => {
    if (!facts.labelledAndChecked(request.row.id)) refuse(GUARDS.labelledAndCheckedNow)
  },

  notClinicallyChecked: ({ request }, facts) => {
    const by = facts.clinicalCheckBy(request.row.id)
    if (by) throw new CounterError('conflict', `${GUARDS.notClinicallyChecked} ${by} made it.`)
  },

  deliveryServiceKnown: ({ command, request }, facts) => {
    const id = request.row.id
    if (command === 'dispatch') {
      // Once packed, the service it was packed for stands, and must still be in the settings.
      const shipment = facts.packedShipment(id)
      const service = shipment?.serviceCode ? facts.carrierService(shipment.serviceCode) : undefined
      if (!shipment?.carrier || !shipment.service || !service)
        refuse(
          `${GUARDS.deliveryServiceKnown} The service ${id} was packed for (${shipment?.serviceCode ?? 'none'}) is no longer configured.`
        )
      return
    }
    const unmapped = facts.unmappedDeliveryService(request)
    if (unmapped !== null)
      refuse(`${GUARDS.deliveryServiceKnown} Phensys asked for "${unmapped}".`, {
        reason: 'unknown_service',
        scanned: null,
        expected: unmapped
      })
  },

  bagScanned: ({ request, input }, facts) => {
    // The scanned label must be this request's own (request or bag label), not a neighbour's.
    const id = request.row.id
    const raw = (input.bagScan ?? '').trim()
    const reading = readOwnLabel(raw)
    const saw = makeVisible(raw)
    if (reading === null)
      refuse(`${GUARDS.bagScanned} That scan (${saw}) is not a request or bag label.`, {
        reason: 'not_a_bag_label',
        scanned: saw,
        expected: id
      })
    else if (reading.kind === 'damaged')
      refuse(`${GUARDS.bagScanned} The label is damaged: ${reading.message}.`, {
        reason: 'damaged_label',
        scanned: saw,
        expected: id
      })
    else if (!labelNamesRequest(reading, id)) {
      const whose = labelledRequest(facts, reading)
      if (whose === null)
        refuse(`${GUARDS.bagScanned} ${notKnownHere(raw)}`, { reason: 'unknown_label', scanned: saw, expected: id })
      // A bag label of a request stopped once it printed is void: said so, not merely another's.
      const voided = reading.kind === 'bag-label' ? facts.voidBagLabel(whose) : null
      if (voided !== null)
        refuse(`Wrong bag: that label is ${whose}'s, and void: ${voided.replace(/^Void: /, '')}`, {
          reason: 'wrong_bag',
          scanned: whose,
          expected: id
        })
      refuse(`Wrong bag: that label is ${whose}'s, this is ${id}.`, {
        reason: 'wrong_bag',
        scanned: whose,
        expected: id
      })
    }
  },

  responsiblePharmacist: (_subject, facts) => {
    const rp = facts.responsiblePharmacist()
    if (rp === null)
      refuse(GUARDS.responsiblePharmacist, {
        reason: 'no_responsible_pharmacist',
        scanned: null,
        expected: 'a pharmacist signed in as RP'
      })
    // The RP Regulations 2008 allow the absence, not a supply without a pharmacist to supervise it
    // (Medicines Act s.52, HMR reg 220). Assembly, labels and checks go on meanwhile.
    else if (rp.absentSince !== null)
      refuse(
        `The RP (${rp.name}) is recorded absent since ${formatTime(rp.absentSince)}: medicines cannot leave the pharmacy until they are back (F2).`,
        { reason: 'responsible_pharmacist_absent', scanned: null, expected: 'the RP recorded back' }
      )
  },

  goesByCarrier: ({ request }, facts) => {
    if (facts.packedShipment(request.row.id)?.method === 'collect')
      refuse(`${request.row.id} is for collection: hand it over at the counter instead.`)
  },

  trackingValid: ({ request, input }, facts) =>
    void checkedTrackingNumbers(facts, request.row.id, input.trackingNumbers ?? []),

  packsLastTheCourse: ({ request, now }, facts) => {
    const outOfDate = facts.packsOutOfDate(request.row.id, facts.today(now))
    if (outOfDate.length > 0) refuse(outOfDate.join(' '), { reason: 'pack_out_of_date' })
  },

  packOutOfDate: ({ request, now }, facts) => {
    if (facts.packsOutOfDate(request.row.id, facts.today(now)).length === 0) refuse(GUARDS.packOutOfDate)
  },

  collectService: ({ request }, facts) => {
    if (facts.packedShipment(request.row.id)?.method !== 'collect')
      refuse(`${GUARDS.collectService} ${request.row.id} goes by carrier: dispatch it.`)
  }
} as const satisfies Record<Guard, GuardCheck>

/**
 * The tracking numbers of a packed request, one per parcel, each valid for its carrier, given
 * once and on no other parcel; normalised as the carrier prints them. Empty for a service
 * without tracking numbers.
 */
export function checkedTrackingNumbers(facts: GuardFacts, id: string, given: readonly string[]): string[] {
  const shipment = facts.packedShipment(id)
  const service = shipment?.serviceCode ? facts.carrierService(shipment.serviceCode) : undefined
  if (!shipment?.carrier || !service) return refuse(`${GUARDS.deliveryServiceKnown} ${id} is not packed for a carrier.`)
  const parcels = shipment.parcels ?? 1
  if (!needsTracking(service)) {
    if (given.length > 0)
      throw new CounterError(
        'invalid_input',
        `${service.carrier} ${service.service} has no tracking numbers configured; leave them empty.`
      )
    return []
  }
  if (given.length !== parcels)
    refuse(
      `${GUARDS.trackingValid} ${id} is ${parcels} parcel${parcels === 1 ? '' : 's'}; ${given.length} tracking number${given.length === 1 ? '' : 's'} given.`
    )
  const trackingNumbers: string[] = []
  for (const text of given) {
    refuseBagLabelAsTracking(facts, text)
    const checked = checkTrackingNumber(service, text)
    if (!checked.ok)
      return refuse(checked.message, {
        reason: 'tracking_invalid',
        scanned: makeVisible(text),
        expected: service.carrier
      })
    if (trackingNumbers.includes(checked.trackingNumber))
      refuse(`${checked.trackingNumber} is given twice; each parcel has its own tracking number.`)
    const used = facts.trackingInUse(shipment.carrier, checked.trackingNumber)
    if (used)
      refuse(`${checked.trackingNumber} is already on ${used.requestId}'s parcel ${used.parcelNo}.`, {
        reason: 'tracking_in_use',
        scanned: checked.trackingNumber,
        expected: 'a new label'
      })
    trackingNumbers.push(checked.trackingNumber)
  }
  return trackingNumbers
}

/**
 * Our own bag label scanned where the carrier's tracking label was asked for: said so, and, where it
 * is the bag label of a request stopped once it printed, that it is void.
 */
function refuseBagLabelAsTracking(facts: GuardFacts, text: string): void {
  const label = readOwnLabel(text.trim())
  if (label?.kind !== 'bag-label') return
  const whose = labelledRequest(facts, label)
  const voided = whose === null ? null : facts.voidBagLabel(whose)
  refuse(
    `${GUARDS.trackingValid} That is ${whose === null ? 'a bag label not known here' : `${whose}'s bag label`}${voided === null ? '' : `, and void: ${voided.replace(/^Void: /, '')}`}${voided === null ? '.' : ''} Scan the carrier's tracking label.`,
    { reason: 'tracking_invalid', scanned: makeVisible(text.trim()), expected: "the carrier's tracking label" }
  )
}

const describePack = (pack: AssembledPack) =>
  `line ${pack.lineId} batch ${pack.batchNo}${pack.serial ? ` serial ${pack.serial}` : ''}`

/**
 * Assembly is scanning a pack into the bag or asking for its labels: either keeps a person from
 * accuracy-checking the request (unless self-checking is allowed, and then it is marked).
 */
export function assembledBy(facts: GuardFacts, requestId: string, personId: string): boolean {
  return (
    facts.assembledPacks(requestId).some((pack) => pack.assembledById === personId) ||
    facts.labelledBy(requestId) === personId
  )
}

/**
 * The request a label names, as a person reads it: its id, or the request here its short form
 * finds; null when it carries a short form no request here carries (it names no request at all).
 */
function labelledRequest(facts: GuardFacts, label: OwnLabel): string | null {
  if (label.requestId !== null || label.shortRef === undefined) return labelRequestText(label)
  return facts.requestOfLabelRef(label.shortRef)
}

/** Said of a label whose short form no request here carries, with what was read. */
function notKnownHere(raw: string): string {
  return `This label is not known here: no request on this workstation carries it (read: ${makeVisible(raw.trim())}); it may be from another pharmacy.`
}

/**
 * A re-scan: a pack's own code, or the dispensing label on it (which names the pack and the print
 * generation of the request's labels; a label printed before barcodes named one is of the first).
 */
type Rescan =
  | { kind: 'pack'; raw: string }
  | { kind: 'label'; raw: string; label: OwnLabel; packId: number | null; generation: number }

function readRescan(raw: string): Rescan {
  const own = readOwnLabel(raw.trim())
  if (own?.kind === 'request-label')
    return {
      kind: 'label',
      raw,
      label: own,
      packId: own.packId ?? null,
      generation: own.generation ?? 1
    }
  if (own)
    refuse(`That scan (${makeVisible(raw.trim())}) is not a pack nor a dispensing label on a pack.`, {
      reason: 'unreadable',
      scanned: makeVisible(raw.trim())
    })
  return { kind: 'pack', raw }
}

/** How far a checker's re-scans have got. */
export interface RescanProgress {
  /** The packs matched, in the order they were. */
  matched: AssembledPack[]
  /** The packs still to re-scan. */
  left: AssembledPack[]
  /** A pack scanned whose label must come next. */
  awaitingLabel: AssembledPack | null
  /** The pack the last scan named. */
  last: AssembledPack | null
}

/**
 * A label can be mistaken for another only when the bag holds a pack whose label reads otherwise
 * (another line, pack or quantity). Where every pack's label says the same (always so for one
 * pack), the label alone is re-scanned: the pack scan at dispensing proved the contents, and the
 * label names the pack it was printed for. Where labels differ, the pack is scanned first and the
 * label on it next, so a label stuck on the wrong pack is caught.
 */
function labelAloneSuffices(pack: AssembledPack, bag: readonly AssembledPack[]): boolean {
  return bag.every(
    (other) =>
      other.lineId === pack.lineId && other.amppId === pack.amppId && other.quantityMilli === pack.quantityMilli
  )
}

/**
 * A label of the request from another printing than its current labels': one from before a
 * relabel, still on a pack. The words name no cause: labels are voided for several (the items or
 * directions changed, the patient's name corrected, a recalled pack taken out, a new round of
 * dispensing), and a cause stated wrongly sends the checker looking for a change that is not there.
 */
function refuseOldLabel(scan: { raw: string; generation: number }, current: number): never {
  return refuse(
    scan.generation < current
      ? "Old label: from an earlier printing of this request's labels, voided since — remove it, put on the new label and check the other packs for old labels."
      : "That label is not from the printing of this request's current labels — remove it and print the labels again.",
    { reason: 'old_label', scanned: makeVisible(scan.raw.trim()), expected: `label generation ${current}` }
  )
}

function refuseMissingLabel(pack: AssembledPack): never {
  return refuse(
    `The dispensing label on ${describePack(pack)} was not scanned: scan each pack, then the label on it.`,
    {
      reason: 'label_not_scanned',
      scanned: describePack(pack)
    }
  )
}

/**
 * Reads a checker's re-scans in order: a pack's own code is followed by the dispensing label on
 * it; a label alone stands for its pack where no other label in the bag reads differently. A code
 * that matches none of the packs, a pack scanned twice, a label of another request or pack, a
 * label of an earlier printing of the request's labels (one voided since: it may give the old
 * directions or quantity), or a label alone where the pack must be scanned with it, is refused.
 */
export function readRescans(
  facts: GuardFacts,
  id: string,
  rescans: readonly string[],
  referenceYear: number
): RescanProgress {
  const packs = facts.assembledPacks(id)
  const generation = facts.labelGeneration(id)
  const left = [...packs]
  const matched: AssembledPack[] = []
  let awaitingLabel: AssembledPack | null = null
  let last: AssembledPack | null = null
  for (const raw of rescans) {
    const scan = readRescan(raw)
    if (scan.kind === 'pack') {
      if (awaitingLabel) refuseMissingLabel(awaitingLabel)
      awaitingLabel = matchPack(facts, left, matched, scan.raw, referenceYear)
      last = awaitingLabel
      continue
    }
    const ours = labelNamesRequest(scan.label, id)
    if (ours && scan.packId !== null && scan.generation !== generation) refuseOldLabel(scan, generation)
    const named = packs.find((candidate) => candidate.id === scan.packId)
    const whoseLabel = ours ? id : labelledRequest(facts, scan.label)
    if (whoseLabel === null)
      refuse(
        awaitingLabel
          ? `${notKnownHere(scan.raw)} Take it off ${describePack(awaitingLabel)} and put the pack's own label on it.`
          : notKnownHere(scan.raw),
        { reason: 'unknown_label', scanned: makeVisible(scan.raw.trim()), expected: id }
      )
    if (!ours || !named) {
      const whose = !ours
        ? `a label of ${whoseLabel}`
        : scan.packId === null
          ? 'a label that names no pack (printed before the packs were scanned)'
          : `the label of a pack not in this bag (${scan.packId})`
      refuse(
        awaitingLabel
          ? `The pack ${describePack(awaitingLabel)} carries ${whose}: take it off and put the pack's own label on it.`
          : `That is ${whose}: it belongs on no pack of ${id}.`,
        {
          reason: awaitingLabel ? 'label_on_wrong_pack' : 'not_this_bag',
          scanned: makeVisible(scan.raw.trim()),
          expected: awaitingLabel ? describePack(awaitingLabel) : id
        }
      )
    }
    if (awaitingLabel) {
      if (named.id !== awaitingLabel.id)
        refuse(
          `The pack ${describePack(awaitingLabel)} carries the label of ${describePack(named)}: take it off and put the pack's own label on it.`,
          {
            reason: 'label_on_wrong_pack',
            scanned: makeVisible(scan.raw.trim()),
            expected: describePack(awaitingLabel)
          }
        )
      matched.push(awaitingLabel)
      awaitingLabel = null
      last = named
      continue
    }
    if (matched.includes(named))
      refuse(`The label of ${describePack(named)} was re-scanned twice; re-scan each labelled pack once.`, {
        reason: 'rescanned_twice',
        scanned: describePack(named)
      })
    if (!labelAloneSuffices(named, packs))
      refuse(
        `The bag holds packs whose labels differ: scan the pack first, then the label on it (${describePack(named)}).`,
        { reason: 'pack_not_scanned', scanned: describePack(named) }
      )
    left.splice(left.indexOf(named), 1)
    matched.push(named)
    last = named
  }
  return { matched, left, awaitingLabel, last }
}

/** The assembled pack a re-scanned code is; taken out of `left`. */
function matchPack(
  facts: GuardFacts,
  left: AssembledPack[],
  matched: readonly AssembledPack[],
  raw: string,
  referenceYear: number
): AssembledPack {
  const scan = facts.readPackCode(raw, referenceYear)
  if ('error' in scan)
    return refuse(`Could not read a re-scanned code (${scan.read}): ${scan.error}.`, {
      reason: 'unreadable',
      scanned: scan.read
    })
  const recalled = scan.batch === null ? null : facts.recalledBatch(scan.gtin, scan.batch)
  if (recalled) refuse(`${recalled}.`, { reason: 'recalled', scanned: `GTIN ${scan.gtin} batch ${scan.batch ?? ''}` })
  const index = left.findIndex(
    (pack) =>
      pack.gtin === scan.gtin && (pack.serial !== null ? pack.serial === scan.serial : pack.batchNo === scan.batch)
  )
  if (index < 0) {
    const already = matched.some(
      (pack) => pack.gtin === scan.gtin && (pack.serial === null || pack.serial === scan.serial)
    )
    const what = `GTIN ${scan.gtin}${scan.batch ? ` batch ${scan.batch}` : ''}${scan.serial ? ` serial ${scan.serial}` : ''}`
    refuse(
      already
        ? `${what} was re-scanned twice; re-scan each labelled pack once.`
        : `${what} was not dispensed for this request: it is not one of the labelled packs. Take it out of the bag.`,
      { reason: already ? 'rescanned_twice' : 'not_dispensed', scanned: what }
    )
  }
  return left.splice(index, 1)[0]!
}
