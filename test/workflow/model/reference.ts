/**
 * The reference model: what the workflow should do, written a second time and as plainly as
 * possible, so the model test can compare the real core with it after every step. It keeps each
 * request's stage, what Phensys should have heard (in order), who moved it, what stock it holds
 * and where Phensys's own state stands; and the stock of the two products on the shelf.
 *
 * When the workflow changes, this changes with it: each step's rule is a small function of the
 * request (see steps.ts for the person's steps, and the Phensys and device moves below).
 */
import type { Stage } from '@shared/workflow/stages'
import type { Role } from '@shared/roles'

type Product = 'sertraline' | 'finasteride' | 'unavailable'
/**
 * The products the pharmacy can supply: the unavailable one is in the catalogue but under a
 * manufacturer's supply notice, with none on the shelf (a real shortage).
 */
type Stocked = Exclude<Product, 'unavailable'>
export type DeliveryKind = 'known' | 'collect' | 'unknown'

export interface ModelLine {
  lineId: string
  product: Product
  /** Prescribed quantity, in whole packs of the stocked pack. */
  packs: number
}

/** What the core answered, as the model predicts it: done, or refused and why in one word. */
export type Verdict = 'ok' | 'forbidden' | 'conflict' | 'refused'

export interface Person {
  index: number
  name: string
  id: string
  roles: readonly Role[]
  /** The bench the person works at: the host's own screen, or a second bench of the premises. */
  bench: string
}

/** Who moved a request, as its audit entry must name them: a person's id, or Phensys. */
type Mover = { person: string } | 'Phensys'

type PhensysState =
  | 'sent_to_provider'
  | 'in_fulfilment'
  | 'awaiting_patient_decision'
  | 'further_consultation'
  | 'query_open'
  | 'dispatched'
  | 'delivered'
  | 'rejected'
  | 'cancelled'

export interface ModelRequest {
  id: string
  stage: Stage
  /** When it entered its stage, in model ticks: waiting requests are served longest-waiting first. */
  since: number
  phensys: PhensysState
  lines: ModelLine[]
  hardCopyRequired: boolean
  /** A matching original has been received for the lines as they are now. */
  hardCopyInHand: boolean
  /** The lines each original received states: one stating the lines as they are now is in hand. */
  originalsFor: string[]
  delivery: DeliveryKind
  /** A person chose a configured service for an unknown one. */
  serviceChosen: boolean
  /** The patient's name arrived with a hidden control character: a flag holds the labels. */
  hiddenCharacter: boolean
  /** A person confirmed the cleaned name the labels print: the flag is settled. */
  cleanedTextConfirmed: boolean
  /** Flags of a batch recalled from the request that no pharmacist has acknowledged yet. */
  recallFlags: number
  /** What Phensys must have heard, in order (the outbox, and the sandbox once sent). */
  events: string[]
  /**
   * How many of `events` Phensys has heard, and its state then: the counter's events wait in its
   * outbox until Phensys next moves (the counter and Phensys are brought level first).
   */
  heard: number
  heardState: PhensysState
  /** The patient chose to wait since Phensys last asked them (its snapshot keeps that choice). */
  waitStands: boolean
  /** Events Phensys refused because it had cancelled the request before hearing them (by index). */
  refused: Set<number>
  /** Each cancellation's acknowledgement: whether everything went back on the shelf. */
  acknowledgements: boolean[]
  /** Every audit entry that moves the stage (or keeps it, for a step that stays): where to, by whom. */
  moves: Array<{ to: Stage; by: Mover }>
  stockOutcome: 'available' | 'ordered' | 'supply_issue' | null
  /** Lines the last stock check ordered that no shortage notice has reached since. */
  onOrder: Set<string>
  /** Packs reserved (of which product) and packs scanned into the bag, per line. */
  reserved: Map<string, { product: Stocked; packs: number }>
  scanned: Map<string, number>
  /** The codes scanned into the bag this round (the accuracy check re-scans them). */
  codes: string[]
  /** Who scanned each of `codes`, in the same order (a pack taken out takes its scanner with it). */
  scannedBy: string[]
  /**
   * The short-dated sertraline packs in the bag (booked in expiring 60 days on, then scanned): the
   * ones the clock, moved on, may put out of date before the course ends.
   */
  shortDated: Array<{ lineId: string; code: string; expiry: string }>
  assemblers: Set<string>
  /** Of them, who scanned packs into the bag (the others asked for its labels). */
  scanners: Set<string>
  /** A pharmacist's clinical check stands: made, and not voided by a change of items since. */
  clinicallyChecked: boolean
  /** The labels of this dispensing round: asked for (by whom), then printed. */
  labelsJob: { by: string; printed: boolean } | null
  /**
   * Who is dispensing it, and at which bench: no other bench works it until the stage moves on;
   * at that bench whoever carries the work on holds the claim from then.
   */
  claim: { bench: string; person: string } | null
  /** Labels were printed for the packs in the bag (they may be on them): taken back, they go to quarantine. */
  labelled: boolean
  /** How many times Phensys has amended the items' directions while the request was in fulfilment. */
  amendments: number
  /** How many times Phensys has corrected the patient's name, and changed the delivery address. */
  renames: number
  readdressed: number
  /**
   * Back from the carrier, its labels and accuracy check void (the name corrected meanwhile): the
   * address answer sends it to dispensing, to be labelled and checked again, not out as it is.
   */
  labelsVoidWhileReturned: boolean
  parcels: number
  /** Dispatch rounds (a returned parcel is sent again under new tracking numbers). */
  dispatches: number
  /** The last dispatch's parcels are with the carrier: none recorded delivered or back yet. */
  parcelsOut: boolean
  /** Everything this request has been through, for the coverage report. */
  seen: Set<string>
}

export const OPEN_STAGES: readonly Stage[] = [
  'new',
  'awaiting_hard_copy',
  'stock_check',
  'awaiting_stock',
  'supply_issue',
  'awaiting_patient_decision',
  'ready_to_dispense',
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed',
  'query_raised',
  'further_consultation',
  'returned_to_sender'
]

/** How Phensys's state follows the events it accepts (its state table). */
const PHENSYS_MOVES: Record<string, (state: PhensysState) => PhensysState> = {
  accepted: (s) => (s === 'sent_to_provider' ? 'in_fulfilment' : s),
  'stock.available': (s) => (s === 'awaiting_patient_decision' ? 'in_fulfilment' : s),
  'stock.ordered': (s) => (s === 'in_fulfilment' ? 'awaiting_patient_decision' : s),
  'stock.supply_issue': (s) => (s === 'in_fulfilment' ? 'awaiting_patient_decision' : s),
  dispatched: (s) => (s === 'in_fulfilment' ? 'dispatched' : s),
  delivered: (s) => (s === 'dispatched' ? 'delivered' : s),
  'query.raised': () => 'query_open',
  rejected: () => 'rejected'
}

/** Where a corrected name voids the labels: from dispensing (labels queued) until the bag leaves, or once it is back. */
const RENAME_VOIDS_LABELS: readonly Stage[] = [
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed',
  'returned_to_sender'
]
/** Where a recall that no other stock can make good sends a request back to the stock check. */
const RECALL_SENDS_BACK: readonly Stage[] = [
  'ready_to_dispense',
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed'
]
/** Where a recalled pack in the bag is taken out (a bag in the pharmacy, or back from the carrier). */
const BAG_STAGES: readonly Stage[] = ['dispensing', 'labelled', 'accuracy_checked', 'packed', 'returned_to_sender']

/** Where a shortage notice reaches a request still waiting on an order. */
const SHORTAGE_REACHES: readonly Stage[] = ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue']

export class Reference {
  readonly requests = new Map<string, ModelRequest>()
  /** Packs on the shelf that a stock check may reserve (in date, not held by anyone). */
  readonly available: Record<Stocked, number>
  selfCheckAllowed = false
  /** A shortage notice on finasteride is recorded: a shortfall of it is a supply issue, not an order. */
  finasterideNotice = false
  /**
   * Batches of finasteride recalled. Every finasteride pack booked in since the last recall is of
   * one batch (FIN1, then FIN2…): a recall takes all of it, so nothing can replace what it took.
   */
  finasterideRecalls = 0
  /** A pharmacist is signed in as Responsible Pharmacist: nothing is supplied without one. */
  rpSignedIn = true
  /** Tracking numbers already on a parcel. */
  readonly trackingUsed = new Set<string>()
  /** Short-dated sertraline batches booked in (SOON1, SOON2…: each expiring 60 days from its day). */
  shortDatedBooked = 0
  /** Times the clock was moved on by days in this run. */
  daysMovedOn = 0
  tick = 0

  constructor(
    readonly people: readonly Person[],
    stock: { sertraline: number; finasteride: number }
  ) {
    this.available = { ...stock }
  }

  add(request: Pick<ModelRequest, 'id' | 'lines' | 'hardCopyRequired' | 'delivery' | 'hiddenCharacter'>): void {
    this.requests.set(request.id, {
      ...request,
      stage: 'new',
      since: this.tick,
      phensys: 'sent_to_provider',
      hardCopyInHand: false,
      originalsFor: [],
      serviceChosen: false,
      cleanedTextConfirmed: false,
      recallFlags: 0,
      events: [],
      heard: 0,
      heardState: 'sent_to_provider',
      waitStands: false,
      refused: new Set(),
      acknowledgements: [],
      moves: [],
      stockOutcome: null,
      onOrder: new Set(),
      reserved: new Map(),
      scanned: new Map(),
      codes: [],
      scannedBy: [],
      shortDated: [],
      assemblers: new Set(),
      scanners: new Set(),
      clinicallyChecked: false,
      labelsJob: null,
      claim: null,
      labelled: false,
      amendments: 0,
      renames: 0,
      readdressed: 0,
      labelsVoidWhileReturned: false,
      parcels: 0,
      dispatches: 0,
      parcelsOut: false,
      seen: new Set(['stage:new'])
    })
  }

  get(id: string): ModelRequest {
    const request = this.requests.get(id)
    if (!request) throw new Error(`the model has no request ${id}`)
    return request
  }

  isOpen(request: ModelRequest): boolean {
    return OPEN_STAGES.includes(request.stage)
  }

  // ---- what every step does ---------------------------------------------------------------

  /** The stage moves (or a step that stays is recorded), with who moved it. */
  move(request: ModelRequest, to: Stage, by: Mover): void {
    request.moves.push({ to, by })
    if (to !== request.stage) {
      request.stage = to
      request.since = this.tick
      request.claim = null
      // Gone from the returned stage (answered, a query, a rejection): any later bag is labelled anew.
      request.labelsVoidWhileReturned = false
    }
    request.seen.add(`stage:${to}`)
    if (to === 'dispatched' || to === 'delivered') request.seen.add('supplied')
  }

  /** Events for Phensys, in order; Phensys's state follows them once they are sent. */
  send(request: ModelRequest, ...types: string[]): void {
    for (const type of types) {
      request.events.push(type)
      const before = request.phensys
      request.phensys = PHENSYS_MOVES[type]?.(request.phensys) ?? request.phensys
      // Asked anew: the earlier choice is gone from the snapshot.
      if (request.phensys !== before) request.waitStands = false
    }
  }

  // ---- stock ------------------------------------------------------------------------------

  held(request: ModelRequest, lineId: string): number {
    return request.reserved.get(lineId)?.packs ?? 0
  }

  private reserve(request: ModelRequest, line: ModelLine & { product: Stocked }, packs: number): void {
    this.available[line.product] -= packs
    request.reserved.set(line.lineId, { product: line.product, packs: this.held(request, line.lineId) + packs })
  }

  /**
   * The stock check: reservations that no longer fit the prescription go back, then each line
   * reserves what it still lacks from the shelf; a shortfall is ordered; an unavailable product is a
   * supply issue. Answers the request's outcome.
   */
  checkStock(request: ModelRequest): 'available' | 'ordered' | 'supply_issue' {
    for (const [lineId, held] of request.reserved) {
      const line = request.lines.find((l) => l.lineId === lineId)
      if (!line || line.product !== held.product || held.packs > line.packs) {
        this.available[held.product] += held.packs
        request.reserved.delete(lineId)
      }
    }
    let unavailable = false
    let short = false
    request.onOrder.clear()
    for (const line of request.lines) {
      if (line.product === 'unavailable') {
        unavailable = true
        continue
      }
      const take = Math.min(this.available[line.product], line.packs - this.held(request, line.lineId))
      this.reserve(request, { ...line, product: line.product }, take)
      if (this.held(request, line.lineId) === line.packs) continue
      if (line.product === 'finasteride' && this.finasterideNotice) {
        unavailable = true
        continue
      }
      short = true
      request.onOrder.add(line.lineId)
    }
    const outcome = unavailable ? 'supply_issue' : short ? 'ordered' : 'available'
    request.stockOutcome = outcome
    return outcome
  }

  /** The batch of finasteride booked in (and scanned) now. */
  get finasterideBatch(): string {
    return `FIN${this.finasterideRecalls + 1}`
  }

  /** The requests a recall of today's finasteride batch reaches: its reservation, or a pack in the bag. */
  holdingFinasteride(): ModelRequest[] {
    return [...this.requests.values()].filter(
      (request) =>
        this.isOpen(request) &&
        ([...request.reserved.values()].some((held) => held.product === 'finasteride' && held.packs > 0) ||
          (BAG_STAGES.includes(request.stage) &&
            request.lines.some(
              (line) => line.product === 'finasteride' && (request.scanned.get(line.lineId) ?? 0) > 0
            )))
    )
  }

  /**
   * A pharmacist records a recall of today's finasteride batch: the free packs go to quarantine,
   * every request holding it loses its reservation and its packs of it in the bag (to quarantine)
   * and is flagged until a pharmacist acknowledges; no other batch can replace them, so a request
   * on its way to the supply goes back to the stock check, its other packs taken back as for a
   * query. Answers the requests it reached.
   */
  recallFinasteride(by: string): ModelRequest[] {
    const reached = this.holdingFinasteride()
    this.finasterideRecalls += 1
    for (const request of reached) {
      for (const [lineId, held] of request.reserved) if (held.product === 'finasteride') request.reserved.delete(lineId)
      request.recallFlags += 1
      request.seen.add('batch recalled')
      if (!RECALL_SENDS_BACK.includes(request.stage)) continue
      request.seen.add(`recalled at:${request.stage}`)
      this.withdrawLabels(request)
      this.takeBackPacks(request)
      this.move(request, 'stock_check', { person: by })
    }
    // Every free pack of finasteride is of the batch (those just taken back from a bag too): quarantined.
    this.available.finasteride = 0
    return reached
  }

  /** Goods-in: requests waiting for stock that can now be completed, longest-waiting first, all or nothing. */
  stockArrived(): ModelRequest[] {
    const waiting = [...this.requests.values()]
      .filter((r) => ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'].includes(r.stage))
      .sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1))
    const released: ModelRequest[] = []
    for (const request of waiting) {
      const lines = request.lines.filter(
        (line): line is ModelLine & { product: Stocked } => line.product !== 'unavailable'
      )
      if (lines.length < request.lines.length) continue
      const lacking = { sertraline: 0, finasteride: 0 }
      for (const line of lines) lacking[line.product] += line.packs - this.held(request, line.lineId)
      if (lacking.sertraline > this.available.sertraline || lacking.finasteride > this.available.finasteride) continue
      for (const line of lines) this.reserve(request, line, line.packs - this.held(request, line.lineId))
      request.stockOutcome = 'available'
      request.onOrder.clear()
      released.push(request)
    }
    return released
  }

  /**
   * A shortage notice on finasteride: each request waiting with finasteride still on order hears
   * stock.supply_issue once, for those lines; a patient still deciding decides knowing it, one who
   * chose to wait waits out a supply issue. Answers the requests it reached.
   */
  shortageNotice(by: string): ModelRequest[] {
    this.finasterideNotice = true
    const reached: ModelRequest[] = []
    for (const request of this.requests.values()) {
      if (!SHORTAGE_REACHES.includes(request.stage)) continue
      const lines = request.lines.filter((line) => line.product === 'finasteride' && request.onOrder.has(line.lineId))
      if (lines.length === 0) continue
      for (const line of lines) request.onOrder.delete(line.lineId)
      request.stockOutcome = 'supply_issue'
      request.seen.add('shortage notice')
      this.move(request, request.stage === 'awaiting_patient_decision' ? request.stage : 'supply_issue', { person: by })
      this.send(request, 'stock.supply_issue')
      reached.push(request)
    }
    return reached
  }

  /** A stopped or held request's packs: back on the shelf before labelling, to quarantine after. */
  takeBackPacks(request: ModelRequest): boolean {
    const packs = [...request.scanned.values()].reduce((sum, n) => sum + n, 0)
    if (packs === 0) return true
    if (!request.labelled)
      for (const line of request.lines)
        if (line.product !== 'unavailable') this.available[line.product] += request.scanned.get(line.lineId) ?? 0
    request.scanned.clear()
    request.codes = []
    request.scannedBy = []
    request.shortDated = []
    request.assemblers.clear()
    request.scanners.clear()
    return !request.labelled
  }

  /**
   * The out-of-date packs taken out (U): each out of the bag to quarantine (not back on the
   * shelf), the labels and accuracy check void, and the same number of packs reserved again from
   * the shelf (the long-dated batch: its short-dated packs are never counted on here) and back to
   * dispensing; or, none free, back to the stock check with its other packs taken back as for a query.
   */
  outOfDatePacksTakenOut(
    request: ModelRequest,
    packs: ReadonlyArray<{ lineId: string; code: string }>,
    by: string
  ): void {
    request.seen.add('out-of-date pack taken out')
    request.seen.add(`out of date at:${request.stage}`)
    for (const pack of packs) {
      const at = request.codes.indexOf(pack.code)
      request.codes.splice(at, 1)
      request.scannedBy.splice(at, 1)
      request.scanned.set(pack.lineId, (request.scanned.get(pack.lineId) ?? 0) - 1)
    }
    request.shortDated = request.shortDated.filter((held) => !packs.some((pack) => pack.code === held.code))
    // Who still has a pack in the bag assembled it; the labels (and whoever asked for them) are void.
    request.scanners = new Set(request.scannedBy)
    request.assemblers = new Set(request.scannedBy)
    request.labelsJob = null
    if (this.available.sertraline >= packs.length) {
      for (const pack of packs) {
        this.available.sertraline -= 1
        const held = request.reserved.get(pack.lineId)
        request.reserved.set(pack.lineId, { product: 'sertraline', packs: (held?.packs ?? 0) + 1 })
      }
      this.move(request, 'dispensing', { person: by })
    } else {
      this.takeBackPacks(request)
      this.move(request, 'stock_check', { person: by })
    }
  }

  /** Reserved stock goes back to the shelf (a cancellation or rejection). */
  releaseStock(request: ModelRequest): void {
    for (const held of request.reserved.values()) this.available[held.product] += held.packs
    request.reserved.clear()
  }

  // ---- what Phensys decides ---------------------------------------------------------------

  /** Phensys cancels (or the patient chooses to): the counter stops, gives back and acknowledges. */
  cancelledByPhensys(request: ModelRequest): void {
    request.phensys = 'cancelled'
    if (!this.isOpen(request) && request.stage !== 'dispatched') return
    request.seen.add(`cancelled at:${request.stage}`)
    let stockReturned = false
    if (request.stage !== 'dispatched') {
      const packs = this.takeBackPacks(request)
      this.releaseStock(request)
      stockReturned = packs
    }
    this.move(request, 'cancelled', 'Phensys')
    this.send(request, 'cancellation.acknowledged')
    request.acknowledgements.push(stockReturned)
  }

  /**
   * Phensys cancels before it has heard the counter's latest events: they reach it after the
   * cancellation, which wins. Phensys refuses them; the counter stops, gives back, settles them as
   * superseded and acknowledges.
   */
  cancelledBeforeHearing(request: ModelRequest): void {
    for (let n = request.heard; n < request.events.length; n++) request.refused.add(n)
    request.seen.add('cancelled before hearing the counter')
    this.cancelledByPhensys(request)
  }

  /** The counter and Phensys brought level (around each of Phensys's moves): every event heard. */
  heardAll(): void {
    for (const request of this.requests.values()) {
      request.heard = request.events.length
      request.heardState = request.phensys
    }
  }

  patientWaits(request: ModelRequest): void {
    request.waitStands = true
    if (request.stage !== 'awaiting_patient_decision') return
    this.move(request, request.stockOutcome === 'supply_issue' ? 'supply_issue' : 'awaiting_stock', 'Phensys')
  }

  furtherConsultation(request: ModelRequest): void {
    request.phensys = 'further_consultation'
    if (!this.isOpen(request) || request.stage === 'further_consultation') return
    this.takeBackPacks(request)
    this.move(request, 'further_consultation', 'Phensys')
  }

  /**
   * Phensys amends the items (new directions) in a new version: the clinical check was of the old
   * ones, and so were any labels and accuracy check (voidCheck).
   */
  amended(request: ModelRequest): void {
    request.amendments += 1
    if (!request.clinicallyChecked || !this.isOpen(request) || request.stage === 'new') return
    request.seen.add(`amended at:${request.stage}`)
    this.voidCheck(request)
  }

  /**
   * Phensys changes the items of a request in hand before its supply: the clinical check is voided
   * (voidCheck); with no original matching them the request waits for one, its packs taken back as
   * for a query, and Phensys hears it unless it holds the request for the patient's choice.
   */
  itemsUpdated(request: ModelRequest, lines: ModelLine[]): void {
    request.seen.add('items updated')
    if (request.clinicallyChecked) this.voidCheck(request)
    request.hardCopyInHand = request.originalsFor.includes(JSON.stringify(lines))
    if (request.hardCopyRequired && !request.hardCopyInHand) {
      // The packs were dispensed for the lines as they were.
      this.takeBackPacks(request)
      request.lines = lines
      const withThePatient = ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'].includes(request.stage)
      this.move(request, 'awaiting_hard_copy', 'Phensys')
      if (!withThePatient) this.send(request, 'hard_copy.awaiting')
    } else request.lines = lines
  }

  /**
   * A standing check voided by Phensys's change: labels still queued are withdrawn; a request
   * labelled, checked or packed goes back to dispensing, its packs still in the bag, to be labelled
   * and checked again once a pharmacist has checked the new items; a returned parcel stays.
   */
  private voidCheck(request: ModelRequest): void {
    request.clinicallyChecked = false
    request.seen.add('check voided')
    const relabel = request.stage === 'labelled' || request.stage === 'accuracy_checked' || request.stage === 'packed'
    if (relabel || !request.labelsJob?.printed) this.withdrawLabels(request)
    if (relabel) {
      request.seen.add('labels voided')
      this.move(request, 'dispensing', 'Phensys')
    } else this.move(request, request.stage, 'Phensys')
  }

  /** Labels void or withdrawn from the queue: who asked for them (and scanned nothing) may check the next ones. */
  private withdrawLabels(request: ModelRequest): void {
    if (!request.labelsJob) return
    // Labelling is assembling only for the labels that stand.
    const labeller = request.labelsJob.by
    if (!request.scanners.has(labeller)) request.assemblers.delete(labeller)
    request.labelsJob = null
  }

  /**
   * Phensys corrects the patient's name (the same person: the clinical check stands): every label
   * prints it, so labels still queued are withdrawn, and a bag labelled, checked or packed goes back
   * to dispensing, its packs still in it, to be labelled with the name as it is now and checked
   * again. A bag back from the carrier stays for the address answer, its labels void.
   */
  nameCorrected(request: ModelRequest): void {
    request.renames += 1
    if (!RENAME_VOIDS_LABELS.includes(request.stage)) return
    request.seen.add(`renamed at:${request.stage}`)
    this.withdrawLabels(request)
    if (request.stage === 'returned_to_sender') {
      request.labelsVoidWhileReturned = true
      this.move(request, 'returned_to_sender', 'Phensys')
    } else {
      if (request.stage !== 'dispensing') request.seen.add('labels voided by a corrected name')
      this.move(request, 'dispensing', 'Phensys')
    }
  }

  /** Phensys changes the delivery address: a packed bag's label is of the old one, so it is packed again. */
  addressChanged(request: ModelRequest): void {
    request.readdressed += 1
    if (request.stage !== 'packed') return
    request.seen.add('delivery changed after packing')
    this.move(request, 'accuracy_checked', 'Phensys')
  }

  /** Phensys resolves the query (or the consultation), perhaps with new items; or answers the address. */
  resolved(request: ModelRequest, lines: ModelLine[] | null): void {
    request.phensys = 'in_fulfilment'
    if (lines) request.lines = lines
    // An original says what was prescribed when it was matched: other lines need one matching them.
    if (lines) request.hardCopyInHand = request.originalsFor.includes(JSON.stringify(lines))
    // New items void the clinical check (of other items), before anything else moves.
    if (lines && request.clinicallyChecked && this.isOpen(request) && request.stage !== 'new') {
      request.clinicallyChecked = false
      request.seen.add('check voided')
      this.move(request, request.stage, 'Phensys')
    }
    if (request.stage === 'query_raised' || request.stage === 'further_consultation') {
      this.move(
        request,
        request.hardCopyRequired && !request.hardCopyInHand ? 'awaiting_hard_copy' : 'stock_check',
        'Phensys'
      )
    } else if (request.stage === 'returned_to_sender' && !request.clinicallyChecked) {
      // The bag that came back is not what is prescribed now: it stays for a pharmacist.
      request.seen.add('returned, then new items')
    } else if (request.stage === 'returned_to_sender') {
      request.seen.add('address answered')
      // Its labels void since it came back: labelled and checked again before it goes.
      if (request.labelsVoidWhileReturned) request.seen.add('relabelled after return')
      this.move(request, request.labelsVoidWhileReturned ? 'dispensing' : 'accuracy_checked', 'Phensys')
    }
  }
}
