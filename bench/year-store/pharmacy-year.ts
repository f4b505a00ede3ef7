/**
 * A year at the counter, day by day, through the core's contract. Phensys (the sandbox) creates
 * the requests in three waves a day and plays the patients' choices, cancellations and answers to
 * queries; the counter pulls its feed, and the day's staff work every request as far as it can go:
 * accept, the original prescription in the post, the stock check, dispensing with every pack
 * scanned, labels through the print queue, the clinical and accuracy checks, packing, dispatch or
 * hand-over, and the carriers' outcomes. The outbox is pushed to Phensys after each stretch of
 * work. Goods-in books each delivery pack by pack and the afternoon reorder keeps the shelf up.
 *
 * Most requests go straight through; some take the side roads a real year has: stock ordered for
 * them (and the patient waits, cancels or asks for another consultation), supply issues,
 * originals that do not match, clinical queries and rejections, cancellations at any point,
 * parcels returned to sender and sent again, near-miss scans, an unknown delivery service. The
 * last weeks' work is still under way at the year's end, at every stage.
 */
import type { Core } from '../../src/main/core'
import type { CallInput, CallName, CallResult, RequestDetail } from '../../src/shared/contract'
import type { DispensingView } from '../../src/shared/contract/dispensing-views'
import { requestLabelPayload } from '../../src/shared/scan/own-labels'
import type { Stage } from '../../src/shared/workflow/stages'
import { DAY_MS, MINUTE_MS, YearCalendar, londonTime } from './calendar'
import { Carriers } from './carriers'
import type { Formulary } from './formulary'
import type { PhensysControl, SharedClock } from './phensys'
import { Population, type RequestSpec } from './population'
import { rescansWithLabels } from '../../test/helpers/rescans'
import { Random } from './random'
import { PEOPLE, must, signIn, type Person } from './staff'
import type { StockRoom } from './stock-room'

/** The steps before which Phensys may cancel a request (the patient changed their mind). */
type Step = 'accept' | 'checkStock' | 'startDispensing' | 'printLabels' | 'clinicalCheck'

interface Fate {
  cancelBefore: Step | null
  queryAtClinicalCheck: boolean
  rejectAtClinicalCheck: boolean
  hardCopyMismatch: boolean
  nearMiss: boolean
  unknownService: boolean
  /** The year ends with the request at this stage. */
  stopAt: Stage | null
}

interface Work {
  spec: RequestSpec
  stage: Stage
  fate: Fate
  /** The counter does nothing with it before this (the original is in the post, the patient not yet in). */
  notBefore: number
  /** What the checker scans at the accuracy check: each pack in its bag, then that pack's label. */
  bag: string[]
  /** Phensys has something to do first (a cancellation, a choice, an answer): the staff leave it. */
  withPhensys: boolean
  parcels: number
  /** The delivery service it goes by: Phensys's, or the one a person chose for an unknown code. */
  service: string
}

type PhensysAction =
  | { kind: 'cancel' }
  | { kind: 'decide'; choice: 'wait' | 'cancel' | 'further_consultation' }
  | { kind: 'resolveQuery'; changes: Record<string, unknown> }

/** How long one contract call takes a person at the counter, on the simulated clock. */
const CALL_MS = 3_000
/** Requests arriving in the year's last weeks are still being worked when it ends (a shorter trial, its last days). */
const BACKLOG_DAYS_A_YEAR = 24

export class PharmacyYear {
  private readonly active = new Map<string, Work>()
  private readonly phensysDue: Array<{ at: number; id: string; action: PhensysAction }> = []
  private readonly carriers: Carriers
  private readonly fates: Random
  private readonly choices: Random
  private sessions: { pharmacist: string; dispenser: string; checker: string } | null = null
  private dayIndex = 0
  created = 0
  calls = 0
  /** Requests the generator stopped following after a refusal it did not expect. */
  failures = 0

  constructor(
    private readonly core: Core,
    private readonly phensys: PhensysControl,
    private readonly clock: SharedClock,
    private readonly calendar: YearCalendar,
    private readonly population: Population,
    private readonly formulary: Formulary,
    private readonly stockRoom: StockRoom,
    random: Random,
    private readonly say: (line: string) => void
  ) {
    this.carriers = new Carriers(random.fork('carriers'))
    this.fates = random.fork('fates')
    this.choices = random.fork('choices')
  }

  /** Requests still open at the counter, as far as the generator follows them (dispatched ones await delivery). */
  openCount(): number {
    return [...this.active.values()].filter((work) => work.stage !== 'dispatched').length
  }

  async day(day: string, dayIndex: number): Promise<void> {
    this.dayIndex = dayIndex
    if (!this.calendar.isOpen(day)) return
    const t = (time: string) => londonTime(day, time)
    await this.openUp(t('07:55'))
    await this.phensysWave(t('08:00'))
    await this.goodsIn(t('08:15'), day, false)
    await this.work(t('08:30'))
    await this.phensysWave(t('12:00'))
    if (this.choices.chance(0.08)) await this.rpAbsence(t('12:05'), t('12:40'))
    await this.goodsIn(t('13:00'), day, true)
    await this.work(t('13:15'))
    await this.phensysWave(t('15:30'))
    await this.work(t('15:35'))
    await this.afternoon(t('16:30'), day)
    await this.closeUp(t('17:45'))
  }

  /** After the last day: Phensys creates what arrived since, so the feed and the store end together. */
  async end(at: number): Promise<void> {
    await this.phensysWave(at)
  }

  // ---- The day's frame -------------------------------------------------------------------------

  private async openUp(at: number): Promise<void> {
    this.clock.moveTo(at)
    const rota = (list: readonly Person[], shift: number) => list[(this.dayIndex + shift) % list.length]!
    this.sessions = {
      pharmacist: await signIn(this.core, rota(PEOPLE.pharmacists, 0)),
      dispenser: await signIn(this.core, rota(PEOPLE.dispensers, 0)),
      checker: await signIn(this.core, rota(PEOPLE.checkers, Math.floor(this.dayIndex / 7)))
    }
    await this.call(this.staff.pharmacist, 'rp.signIn', {})
  }

  private async closeUp(at: number): Promise<void> {
    this.clock.moveTo(at)
    await this.pushAll()
    const { pharmacist, dispenser, checker } = this.staff
    await this.call(pharmacist, 'rp.signOut', {})
    for (const session of [pharmacist, dispenser, checker]) await this.call(session, 'auth.signOut', {})
    this.sessions = null
  }

  /** The RP steps out at lunchtime now and then (recorded, well inside the two hours a day allowed). */
  private async rpAbsence(from: number, to: number): Promise<void> {
    this.clock.moveTo(from)
    await this.call(this.staff.pharmacist, 'rp.startAbsence', {})
    this.clock.moveTo(to)
    await this.call(this.staff.pharmacist, 'rp.endAbsence', {})
  }

  private get staff(): { pharmacist: string; dispenser: string; checker: string } {
    if (!this.sessions) throw new Error('nobody is signed in')
    return this.sessions
  }

  private async call<N extends CallName>(session: string, name: N, input: CallInput<N>): Promise<CallResult<N>> {
    this.clock.advance(CALL_MS)
    this.calls += 1
    return must(this.core, session, name, input)
  }

  // ---- Phensys ---------------------------------------------------------------------------------

  /** New requests since the last wave, what Phensys and the patients decided meanwhile, then the feed. */
  private async phensysWave(at: number): Promise<void> {
    this.clock.moveTo(at)
    await settleSockets()
    const specs = this.population.requestsBefore(at, this.fates)
    const bodies = specs.map((spec) => {
      const fate = this.fateOf(spec)
      this.active.set(spec.id, {
        spec,
        stage: 'new',
        fate,
        notBefore: 0,
        bag: [],
        withPhensys: false,
        parcels: 1,
        service: spec.service
      })
      return Population.snapshotBody(spec, fate.unknownService)
    })
    for (let i = 0; i < bodies.length; i += 2_000) await this.phensys.create(bodies.slice(i, i + 2_000))
    this.created += specs.length

    const due = this.phensysDue.filter((entry) => entry.at <= at)
    this.phensysDue.splice(0, this.phensysDue.length, ...this.phensysDue.filter((entry) => entry.at > at))
    const touched: string[] = []
    for (const { id, action } of due) {
      const work = this.active.get(id)
      if (!work) continue
      work.withPhensys = false
      await this.attempt(work, async () => {
        if (action.kind === 'cancel') {
          if (work.stage === 'dispatched' || work.stage === 'returned_to_sender') return
          await this.phensys.cancel(id)
        } else if (action.kind === 'decide') {
          // Stock may have come in first: then there is nothing left to choose.
          if (work.stage !== 'awaiting_patient_decision') return
          await this.phensys.decide(id, action.choice)
        } else await this.phensys.resolveQuery(id, action.changes)
        touched.push(id)
      })
    }
    await this.pullAll()
    const session = touched.length > 0 ? await this.anyone() : ''
    for (const id of touched) {
      const work = this.active.get(id)
      if (!work) continue
      await this.attempt(work, async () => {
        this.follow(work, (await must(this.core, session, 'requests.get', { id })).row.stage)
        this.afterPhensys(work)
      })
    }
  }

  /** Whoever is in; out of hours (the year's last pull), a pharmacist signs in to look (an administrator sees no patients). */
  private async anyone(): Promise<string> {
    return this.sessions?.dispenser ?? (await signIn(this.core, PEOPLE.pharmacists[0]))
  }

  private later(work: Work, afterMs: number, action: PhensysAction): void {
    work.withPhensys = true
    this.phensysDue.push({ at: this.clock.time + afterMs, id: work.spec.id, action })
  }

  /** What follows a change Phensys made. */
  private afterPhensys(work: Work): void {
    const id = work.spec.id
    if (work.stage === 'supply_issue') {
      // No supply in sight: after a few days the patient cancels and orders elsewhere.
      this.later(work, this.choices.int(1, 3) * DAY_MS, { kind: 'cancel' })
    } else if (work.stage === 'further_consultation') {
      // The consultation ends in another product for the first line, one the pharmacy keeps.
      const product = this.formulary.everyday.items.slice(0, 60).filter((p) => p.vmp.cdSchedule === null)[
        this.choices.int(0, 40)
      ]!
      const [first, ...rest] = work.spec.items
      work.spec = {
        ...work.spec,
        items: [
          {
            lineId: first!.lineId,
            product,
            quantity: product.pack.packSize,
            directions: this.choices.pick(product.directions),
            labels: product.labels
          },
          ...rest
        ]
      }
      this.later(work, this.choices.int(1, 3) * DAY_MS, {
        kind: 'resolveQuery',
        changes: { prescription: { items: itemsOf(work.spec) } }
      })
    }
    if (work.stage === 'cancelled' || work.stage === 'rejected' || work.stage === 'delivered') this.active.delete(id)
  }

  private fateOf(spec: RequestSpec): Fate {
    const r = this.fates
    const age = Math.floor((Date.parse(`${this.calendar.lastDay}T23:59:59Z`) - spec.arrivesAt) / DAY_MS)
    const backlog = (BACKLOG_DAYS_A_YEAR * this.calendar.days.length) / 365
    const hardCopy = spec.kind === 'private_paper'
    const linear: Stage[] = [
      'new',
      ...(hardCopy ? (['awaiting_hard_copy'] as const) : []),
      'stock_check',
      'ready_to_dispense',
      'dispensing',
      'labelled',
      'accuracy_checked',
      'packed'
    ]
    const cancel = r.weighted({
      none: 975,
      accept: 8,
      checkStock: 5,
      startDispensing: 5,
      printLabels: 3,
      clinicalCheck: 4
    })
    return {
      cancelBefore: cancel === 'none' ? null : cancel,
      queryAtClinicalCheck: r.chance(0.01),
      rejectAtClinicalCheck: r.chance(0.002),
      hardCopyMismatch: hardCopy && r.chance(0.03),
      nearMiss: r.chance(0.01),
      unknownService: r.chance(0.002),
      stopAt: age < backlog && r.chance(0.9 * (1 - age / backlog)) ? r.pick(linear) : null
    }
  }

  private async pullAll(): Promise<void> {
    await settleSockets()
    while ((await this.core.internals.sync.pullOnce(0)) === 'more');
  }

  /**
   * Pushes every event the counter has written; Phensys answers each. An event Phensys refuses is
   * set aside by the pharmacist, as a person would from the sync screen, and its request no longer
   * followed (the build fails at the end if more than a few were).
   */
  private async pushAll(): Promise<void> {
    const { sync, outbox } = this.core.internals
    await settleSockets()
    for (let stalled = 0; outbox.depth().unsent > 0;) {
      if ((await sync.pushOnce()) > 0) {
        stalled = 0
        continue
      }
      if (outbox.depth().needingAPerson > 0) await this.setAsideRefused()
      else {
        // A send failed (a dropped connection) and waits for its next try (seconds, backing off):
        // let the time pass.
        if (++stalled > 3_600) throw new Error('the outbox stopped moving')
        this.clock.advance(1_000)
      }
    }
    if (outbox.depth().needingAPerson > 0) await this.setAsideRefused()
  }

  private async setAsideRefused(): Promise<void> {
    const pharmacist = this.sessions?.pharmacist ?? (await signIn(this.core, PEOPLE.pharmacists[0]))
    for (const event of (await must(this.core, pharmacist, 'sync.problems', {})).events) {
      this.failures += 1
      if (this.failures <= 20) this.say(`  Phensys refused ${event.type} of ${event.requestId}: ${event.lastError}`)
      await must(this.core, pharmacist, 'sync.resolveEvent', { id: event.id, action: 'dismiss' })
      this.active.delete(event.requestId)
    }
  }

  // ---- The counter's work ----------------------------------------------------------------------

  private follow(work: Work, stage: Stage): void {
    work.stage = stage
  }

  private due(stage: Stage): Work[] {
    const now = this.clock.time
    return [...this.active.values()].filter(
      (w) => w.stage === stage && !w.withPhensys && w.notBefore <= now && w.fate.stopAt !== stage
    )
  }

  /** Phensys cancels before this step, if that is the request's fate. */
  private cancelledBefore(work: Work, step: Step): boolean {
    if (work.fate.cancelBefore !== step) return false
    this.later(work, 0, { kind: 'cancel' })
    return true
  }

  private async goodsIn(at: number, day: string, afternoon: boolean): Promise<void> {
    this.clock.moveTo(at)
    for (const id of await this.stockRoom.goodsIn(this.staff.dispenser, day, afternoon)) {
      const work = this.active.get(id)
      if (work) this.follow(work, 'ready_to_dispense')
    }
  }

  private async work(at: number): Promise<void> {
    this.clock.moveTo(at)
    const { pharmacist, dispenser, checker } = this.staff
    await this.each('new', async (work) => {
      if (this.cancelledBefore(work, 'accept')) return
      // Accepting runs the stock check when no original is awaited.
      this.move(work, await this.call(dispenser, 'requests.accept', { id: work.spec.id }))
      await this.patientAsked(work, dispenser)
      if (work.stage === 'awaiting_hard_copy')
        work.notBefore = this.originalArrives(this.calendar.openDaysAfter(day(this.clock.time), this.choices.int(1, 3)))
    })
    await this.each('awaiting_hard_copy', async (work) => {
      // The original matched runs the stock check too.
      await this.receiveOriginal(work, pharmacist)
      await this.patientAsked(work, dispenser)
    })
    await this.each('stock_check', async (work) => {
      if (this.cancelledBefore(work, 'checkStock')) return
      this.move(work, await this.call(dispenser, 'requests.checkStock', { id: work.spec.id }))
      await this.patientAsked(work, dispenser)
    })
    const labelling: Work[] = []
    await this.each('ready_to_dispense', async (work) => {
      // The pharmacist's clinical check comes before anything is assembled.
      if (!(await this.clinicalCheck(work, pharmacist)) || work.stage !== 'ready_to_dispense') return
      if (this.cancelledBefore(work, 'startDispensing')) return
      await this.dispense(work, dispenser)
      if (work.fate.stopAt !== 'dispensing' && !this.cancelledBefore(work, 'printLabels')) labelling.push(work)
    })
    const printed: Work[] = []
    for (const work of labelling)
      await this.attempt(work, async () => {
        await this.call(dispenser, 'requests.printLabels', { id: work.spec.id })
        printed.push(work)
      })
    await this.labelled(printed)
    await this.each('labelled', async (work) =>
      this.move(work, await this.call(checker, 'requests.accuracyCheck', { id: work.spec.id, rescans: work.bag }))
    )
    await this.each('accuracy_checked', (work) => this.pack(work, checker))
    await this.each('packed', (work) => this.handOver(work, dispenser))
    await this.pushAll()
  }

  /** One step for every request due at this stage. */
  private async each(stage: Stage, step: (work: Work) => Promise<void>): Promise<void> {
    for (const work of this.due(stage)) await this.attempt(work, () => step(work))
  }

  /**
   * A refusal the generator did not expect stops following that request (it stays at its stage in
   * the store) rather than the whole year; the build fails at the end if more than a few did.
   */
  private async attempt(work: Work, step: () => Promise<void>): Promise<void> {
    try {
      await step()
    } catch (error) {
      this.failures += 1
      if (this.failures <= 20) this.say(`  left at ${work.stage}: ${(error as Error).message}`)
      this.active.delete(work.spec.id)
    }
  }

  /**
   * The clinical check, once per set of items (new items void it): a query or a rejection now and
   * then; otherwise the pharmacist acknowledges the safety flags that hold approval back (an early
   * repeat, a Controlled Drug) and approves. Answers whether the check stands (false when the
   * patient cancels first).
   */
  private async clinicalCheck(work: Work, pharmacist: string): Promise<boolean> {
    const id = work.spec.id
    const view = await this.call(pharmacist, 'clinical.view', { id })
    if (view.standing) return true
    if (this.cancelledBefore(work, 'clinicalCheck')) return false
    if (work.fate.queryAtClinicalCheck) {
      work.fate.queryAtClinicalCheck = false
      this.move(
        work,
        await this.call(pharmacist, 'requests.raiseQuery', {
          id,
          reason: 'clinical',
          message: 'The dose is higher than usual for this patient: please confirm it with the prescriber.'
        })
      )
      this.later(work, this.choices.int(1, 2) * DAY_MS, { kind: 'resolveQuery', changes: this.confirmedDose(work) })
    } else if (work.fate.rejectAtClinicalCheck) {
      this.move(
        work,
        await this.call(pharmacist, 'requests.reject', {
          id,
          reason: 'clinical',
          message: 'Not clinically appropriate with the patient’s other medicines; the prescriber has been told why.'
        })
      )
    } else {
      await this.acknowledgeFlags(pharmacist, view)
      const approve = () => this.call(pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' })
      let detail: RequestDetail
      try {
        detail = await approve()
      } catch (error) {
        // A flag the check found new since the view (a birthday, a parcel returned) is in the view now.
        if ((await this.acknowledgeFlags(pharmacist, await this.call(pharmacist, 'clinical.view', { id }))) === 0)
          throw error
        detail = await approve()
      }
      this.move(work, detail)
    }
    return true
  }

  /** The pharmacist acknowledges each flag that holds approval back; answers how many. */
  private async acknowledgeFlags(pharmacist: string, view: CallResult<'clinical.view'>): Promise<number> {
    const waiting = view.flags.filter((candidate) => candidate.mustAcknowledge && !candidate.acknowledged)
    for (const flag of waiting)
      await this.call(pharmacist, 'flags.acknowledge', {
        id: flag.id,
        reason: 'Checked against the patient’s record: appropriate.'
      })
    return waiting.length
  }

  private move(work: Work, detail: RequestDetail): void {
    this.follow(work, detail.row.stage)
    if (work.stage === 'cancelled' || work.stage === 'rejected' || work.stage === 'delivered')
      this.active.delete(work.spec.id)
  }

  /** The post comes at nine. */
  private originalArrives(date: string): number {
    return londonTime(date, '09:00')
  }

  private async receiveOriginal(work: Work, pharmacist: string): Promise<void> {
    const { spec } = work
    const mismatch = work.fate.hardCopyMismatch
    work.fate.hardCopyMismatch = false
    const controlled = spec.items.some((i) => i.product.vmp.cdSchedule === 2 || i.product.vmp.cdSchedule === 3)
    this.move(
      work,
      await this.call(pharmacist, 'requests.receiveHardCopy', {
        id: spec.id,
        formType: controlled ? 'FP10PCD' : 'private_paper',
        serial: controlled ? `${this.choices.int(10_000_000, 99_999_999)}` : '',
        patientMatches: true,
        prescriberMatches: true,
        dateMatches: true,
        lines: spec.items.map((item, index) => ({
          lineId: item.lineId,
          matches: !(mismatch && index === 0),
          quantityOnForm: mismatch && index === 0 ? item.quantity * 2 : item.quantity
        })),
        note: mismatch ? 'The quantity on the form differs from the request.' : ''
      })
    )
    if (work.stage === 'query_raised') {
      // Phensys sorts it out with the prescriber; a corrected original follows.
      this.later(work, this.choices.int(1, 2) * DAY_MS, { kind: 'resolveQuery', changes: {} })
      work.notBefore = this.originalArrives(this.calendar.openDaysAfter(day(this.clock.time), 3))
    }
  }

  /** After a stock check that ordered or found a supply issue, the patient is asked, and answers later. */
  private async patientAsked(work: Work, dispenser: string): Promise<void> {
    if (work.stage !== 'awaiting_patient_decision') return
    // Told when the order comes, most wait; with no supply in sight, most cancel or see the prescriber again.
    const { outcome } = await this.call(dispenser, 'stock.request', { id: work.spec.id })
    const choice = this.choices.weighted(
      outcome === 'ordered'
        ? { wait: 90, cancel: 6, further_consultation: 4 }
        : { wait: 10, cancel: 55, further_consultation: 35 }
    )
    this.later(work, this.choices.int(60, 600) * MINUTE_MS, { kind: 'decide', choice })
  }

  /** Start dispensing, then scan the reserved packs of every line off the shelf. */
  private async dispense(work: Work, dispenser: string): Promise<void> {
    const id = work.spec.id
    this.move(work, await this.call(dispenser, 'requests.startDispensing', { id }))
    const picking = await this.call(dispenser, 'stock.request', { id })
    work.bag = []
    if (work.fate.nearMiss) {
      // The neighbouring box on the shelf: refused and kept as a near miss; then the right one.
      const wrong = this.formulary.everyday.items.find((p) => p.vmp.dmdId !== work.spec.items[0]!.product.vmp.dmdId)!
      const raw = this.stockRoom.code(wrong.pack.amppId, 'NM1', '2030-12-31', `NM${id}`)
      this.clock.advance(CALL_MS)
      const refused = await this.core.call(dispenser, 'dispensing.scanPack', { id, lineId: 'l1', raw })
      if (refused.ok) throw new Error(`a wrong pack was accepted for ${id}`)
    }
    let bagged: DispensingView | null = null
    for (const line of picking.lines) {
      for (const pick of line.picks) {
        const packs = Math.ceil(pick.quantity / this.stockRoom.packSize(pick.amppId) - 1e-9)
        for (let n = 0; n < packs; n++) {
          const serial = this.stockRoom.takeSerial(pick.amppId, pick.batchNo)
          const raw = this.stockRoom.code(pick.amppId, pick.batchNo, pick.expiry, serial)
          bagged = await this.call(dispenser, 'dispensing.scanPack', { id, lineId: line.lineId, raw })
          work.bag.push(raw)
        }
      }
    }
    // At the accuracy check each pack is scanned, then the dispensing label stuck on it.
    if (bagged) work.bag = rescansWithLabels(bagged, work.bag)
  }

  /** The print queue sends jobs in order: when the last request is labelled, so are the rest. */
  private async labelled(printed: readonly Work[]): Promise<void> {
    const last = printed[printed.length - 1]
    if (!last) return
    for (let waited = 0; ; waited++) {
      const stage = (await must(this.core, this.staff.dispenser, 'dispensing.view', { id: last.spec.id })).stage
      if (stage === 'labelled') break
      if (waited > 12_000) throw new Error(`the labels of ${last.spec.id} never printed`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    for (const work of printed) work.stage = 'labelled'
  }

  private confirmedDose(work: Work): Record<string, unknown> {
    const items = itemsOf(work.spec).map((item) => ({
      ...item,
      directions: `${String(item.directions)} (dose confirmed by the prescriber)`
    }))
    return { prescription: { items } }
  }

  private async pack(work: Work, checker: string): Promise<void> {
    const id = work.spec.id
    if (work.fate.unknownService) {
      work.fate.unknownService = false
      work.service = 'royal_mail_tracked_24'
      await this.call(checker, 'requests.chooseService', {
        id,
        code: 'royal_mail_tracked_24',
        reason: 'Phensys asked for a signed-for service we do not offer; Tracked 24 agreed with the patient'
      })
    }
    work.parcels = work.spec.items.length === 3 && this.choices.chance(0.5) ? 2 : 1
    this.move(
      work,
      await this.call(checker, 'requests.pack', { id, bagScan: requestLabelPayload(id), parcels: work.parcels })
    )
    if (work.service === 'collect') {
      // Collections wait for the patient: today, tomorrow, or a few days later.
      const days = this.choices.among([
        [0, 55],
        [1, 35],
        [3, 10]
      ])
      work.notBefore =
        days === 0
          ? this.clock.time + this.choices.int(20, 90) * MINUTE_MS
          : londonTime(this.calendar.openDaysAfter(day(this.clock.time), days), '10:00')
    }
  }

  private async handOver(work: Work, dispenser: string): Promise<void> {
    const { spec } = work
    if (work.service === 'collect') {
      const controlled = spec.items.some((i) => i.product.vmp.cdSchedule !== null && i.product.vmp.cdSchedule <= 3)
      const representative = this.choices.chance(0.1)
      // ID is asked for controlled drugs, and of some others; when asked, it is nearly always shown.
      const idAsked = controlled || this.choices.chance(0.3)
      this.move(
        work,
        await this.call(dispenser, 'requests.collect', {
          id: spec.id,
          collectedBy: {
            name: representative
              ? `${this.choices.pick(['Sam', 'Chris', 'Jo'])} ${spec.patient.family}`
              : `${spec.patient.given} ${spec.patient.family}`,
            relation: representative ? 'representative' : 'patient',
            idAsked,
            idSeen: idAsked && this.choices.chance(0.95)
          }
        })
      )
      return
    }
    const { service } = work
    const trackingNumbers = Array.from({ length: work.parcels }, () => this.carriers.trackingNumber(service))
    this.move(work, await this.call(dispenser, 'requests.dispatch', { id: spec.id, trackingNumbers }))
    this.carriers.dispatched(spec.id, service, trackingNumbers, this.clock.time)
  }

  // ---- The afternoon -----------------------------------------------------------------------------

  private async afternoon(at: number, today: string): Promise<void> {
    this.clock.moveTo(at)
    const { pharmacist, dispenser } = this.staff
    const { files, byHand } = this.carriers.reportsUntil(at)
    for (const file of files) {
      const report = await this.call(dispenser, 'dispatch.importOutcomes', file)
      for (const line of report.lines) {
        if (line.result !== 'applied' || !line.requestId) continue
        const work = this.active.get(line.requestId)
        if (work) await this.afterOutcome(work)
      }
    }
    for (const outcome of byHand) {
      const work = this.active.get(outcome.requestId)
      if (!work || work.stage !== 'dispatched') continue
      this.move(
        work,
        await this.call(dispenser, 'requests.markDelivered', {
          id: outcome.requestId,
          deliveredAt: new Date(outcome.at).toISOString()
        })
      )
    }
    await this.stockRoom.reorder(dispenser)
    if (new Date(`${today}T00:00:00Z`).getUTCDay() === 1) await this.stockRoom.writeOffExpired(pharmacist)
    await this.pushAll()
  }

  private async afterOutcome(work: Work): Promise<void> {
    this.follow(work, (await must(this.core, this.staff.dispenser, 'requests.get', { id: work.spec.id })).row.stage)
    if (work.stage === 'returned_to_sender') {
      // Phensys reaches the patient and answers with the address to send it to.
      const address = {
        ...work.spec.patient.address,
        line1: `${this.choices.int(1, 200)} ${work.spec.patient.address.line1.replace(/^\d+ /, '')}`
      }
      this.later(work, this.choices.int(1, 2) * DAY_MS, { kind: 'resolveQuery', changes: { delivery: { address } } })
    }
    if (work.stage === 'delivered') this.active.delete(work.spec.id)
  }
}

/** The items as Phensys holds them. */
const itemsOf = (spec: RequestSpec): Array<Record<string, unknown>> =>
  (Population.snapshotBody(spec, false).prescription as { items: Array<Record<string, unknown>> }).items

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/**
 * Lets the event loop see what happened on the network during a long stretch of calls (which
 * never wait for I/O): a connection Phensys closed meanwhile is then known closed, not reused.
 */
async function settleSockets(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
}
