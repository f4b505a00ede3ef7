import { and, desc, eq, inArray, isNotNull, isNull, lte, min, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../shared/clock'
import type { PrintJobState, PrintJobView, PrinterStatusView } from '../../shared/contract'
import { type CounterDb, placeholders, setPlaceholders, printJobs, jsonArrayValues, workstations } from '../db'
import { PrinterTransportError } from './printers/transport'
import type { LabelSink } from './label-sink'
import { labelsJson, packLabels } from './label-packing'
import type { LaidOutLabel } from '../labels'
import { Waker, backoffMs } from '../sync'
import type { Bench } from '../contract'

type JobRow = typeof printJobs.$inferSelect

/**
 * What a job's view shows: never its labels, which a list of the last hundred jobs would otherwise
 * read (and inflate) at every change of the queue, a few times for every job printed.
 */
const VIEW_COLUMNS = {
  id: printJobs.id,
  requestId: printJobs.requestId,
  kind: printJobs.kind,
  labels: printJobs.labels,
  state: printJobs.state,
  attempts: printJobs.attempts,
  lastError: printJobs.lastError,
  createdAt: printJobs.createdAt,
  deliveredAt: printJobs.deliveredAt,
  reprintOf: printJobs.reprintOf,
  notice: printJobs.notice,
  destinationName: printJobs.destinationName,
  printer: printJobs.printer
}

export interface NewPrintJob {
  requestId: string | null
  kind: PrintJobView['kind']
  /** Laid out once; each printer renders them its way (ZPL, or SVG pages for an OS printer). */
  labels: readonly LaidOutLabel[]
  createdBy: string | null
  reprintOf?: number
  /** The bench that asked for it: its choice of printer decides where the job goes. */
  bench: Bench
}

/** A printer a job can go to: `host` (the one the host drives) or a workstation's id (the one at that bench). */
export interface PrintDestination {
  id: string
  name: string
}

export const HOST_PRINTER: PrintDestination = { id: 'host', name: "the host's printer" }

/** Runs in the transaction that marks a job delivered: the workflow completes "labelled" here. */
export type DeliveredHook = (job: PrintJobView, now: Date) => void

export interface PrintRetry {
  baseMs: number
  maxMs: number
}

export const DEFAULT_PRINT_RETRY: PrintRetry = { baseMs: 2_000, maxMs: 60_000 }
const STATUS_EVERY_MS = 30_000
/**
 * Printed jobs packed per pass of the queue when it has nothing else to do: each takes 140–300 µs
 * on a shared machine (the lean form is checked against the JSON), so a pass 15–30 ms.
 */
const PACK_BATCH = 100

/** What a person is told about a label that printed for a request already stopped. */
export const PRINTED_AFTER_STOP = 'Printed after cancellation — remove the label'
const NOT_PRINTED_AFTER_STOP = 'Not printed: its request was stopped before the label reached the printer.'

/**
 * The print queue: jobs live in SQLite, go to the label printer after the command that made them
 * commits, and are retried while the printer is offline. A send that may have printed but was
 * not confirmed is never repeated by itself: a person looks at the printer and says.
 *
 * Each job goes to the printer its bench chose: the host's (`useSink`), or one attached at a
 * bench while that bench offers it (`attachBenchSink`); a bench's jobs wait while it is away.
 */
export class PrintQueue {
  private transport: LabelSink | null = null
  private readonly benchSinks = new Map<string, LabelSink>()
  private running: AbortController | null = null
  private loop: Promise<void> | null = null
  private readonly waker = new Waker()
  private readonly hooks: DeliveredHook[] = []
  private status: PrinterStatusView = {
    configured: false,
    description: null,
    reachable: null,
    problems: [],
    checkedAt: null
  }
  private lastStatusAt = 0

  private readonly statements

  constructor(
    private readonly deps: {
      db: CounterDb
      clock: Clock
      retry: PrintRetry
      onChange: () => void
      log: (message: string, error?: unknown) => void
      /** Where a bench's labels print, from its choice. */
      destinationFor: (bench: Bench) => PrintDestination
    }
  ) {
    this.statements = prepareStatements(deps.db)
    // A job caught mid-send by a restart may or may not have printed.
    deps.db
      .update(printJobs)
      .set({ state: 'unconfirmed', lastError: 'The app stopped while sending this job.' })
      .where(SENDING)
      .run()
  }

  onDelivered(hook: DeliveredHook): void {
    this.hooks.push(hook)
  }

  /** Inside the command's transaction. */
  enqueue(job: NewPrintJob, now: Date): number {
    const destination = this.deps.destinationFor(job.bench)
    const result = this.statements.insert.run({
      destination: destination.id,
      destinationName: destination.name,
      requestId: job.requestId,
      kind: job.kind,
      labels: job.labels.length,
      payload: JSON.stringify(job.labels),
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
      createdBy: job.createdBy,
      reprintOf: job.reprintOf ?? null
    })
    return Number(result.lastInsertRowid)
  }

  /** After a command committed jobs: send them now. */
  wake(): void {
    this.waker.notify()
  }

  async useSink(transport: LabelSink | null): Promise<void> {
    const previous = this.transport
    this.transport = transport
    this.status = {
      configured: transport !== null,
      description: transport?.description ?? null,
      reachable: null,
      problems: [],
      checkedAt: null
    }
    this.lastStatusAt = 0
    await previous?.close().catch(() => undefined)
    this.wake()
  }

  /** A bench offers the printer attached to it: its jobs go there from now on. */
  attachBenchSink(benchId: string, sink: LabelSink): void {
    const previous = this.benchSinks.get(benchId)
    this.benchSinks.set(benchId, sink)
    if (previous && previous !== sink) void previous.close().catch(() => undefined)
    this.deps.onChange()
    this.wake()
  }

  /** The bench went away: its jobs wait for it (a send under way is settled by the sink's close). */
  detachBenchSink(benchId: string, sink: LabelSink): void {
    if (this.benchSinks.get(benchId) !== sink) return
    this.benchSinks.delete(benchId)
    void sink.close().catch(() => undefined)
    this.deps.onChange()
  }

  /**
   * The bench was removed: its printer is dropped at once. Jobs that never left the queue are kept
   * and sent to the host's printer instead, saying so (a person at the host sees them there),
   * rather than waiting for a bench that will not come back. A job its printer already took may
   * have printed there: it stays recorded as sent to that printer, for a person to answer, and is
   * never sent again by itself. Inside the transaction that removes the bench.
   */
  benchRemoved(benchId: string, benchName: string): void {
    const sink = this.benchSinks.get(benchId)
    if (sink) this.detachBenchSink(benchId, sink)
    const atBench = eq(printJobs.destination, benchId)
    this.deps.db
      .update(printJobs)
      .set({
        destination: HOST_PRINTER.id,
        destinationName: `${HOST_PRINTER.name} (${benchName} was removed before it printed there)`
      })
      .where(and(atBench, inArray(printJobs.state, ['queued', 'retrying'])))
      .run()
    this.deps.db
      .update(printJobs)
      .set({ destinationName: `${benchName}'s printer (${benchName} was removed; it may have printed there)` })
      .where(and(atBench, inArray(printJobs.state, ['sending', 'unconfirmed'])))
      .run()
    setImmediate(() => {
      this.deps.onChange()
      this.wake()
    })
  }

  /** The printer attached at a bench, while the bench offers it. */
  benchPrinter(benchId: string): string | null {
    return this.benchSinks.get(benchId)?.description ?? null
  }

  start(): void {
    if (this.running) return
    this.running = new AbortController()
    this.loop = this.run(this.running.signal)
  }

  async stop(): Promise<void> {
    this.running?.abort()
    this.running = null
    await this.loop
    await this.transport?.close().catch(() => undefined)
    for (const sink of this.benchSinks.values()) await sink.close().catch(() => undefined)
    this.benchSinks.clear()
  }

  job(id: number): PrintJobView | undefined {
    const row = this.statements.byId.get({ id })
    return row ? toView(row) : undefined
  }

  /** The labels of a job exactly as they were laid out when it was made. */
  labelsOf(id: number): LaidOutLabel[] | undefined {
    const row = this.statements.payloadOf.get({ id })
    return row ? labelsIn(row) : undefined
  }

  jobs(requestId?: string): PrintJobView[] {
    const rows = requestId ? this.statements.latestOf.all({ requestId }) : this.statements.latest.all()
    return rows.map(toView)
  }

  printerStatus(): PrinterStatusView {
    return this.status
  }

  /** A person's answer about an unconfirmed send. Inside the command's transaction. */
  resolveUnconfirmed(id: number, printed: boolean, now: Date): PrintJobView | undefined {
    const job = this.job(id)
    if (!job || job.state !== 'unconfirmed') return undefined
    if (printed) this.markDelivered(id, now)
    else {
      this.moveOffRemovedBench(id)
      // Not printed: sent again, unless its request was stopped meanwhile.
      this.statements.requeue.run({ nextAttemptAt: now.toISOString(), id })
    }
    return this.job(id)
  }

  /** A person says a removed bench's printer did not print the job: it prints at the host instead. */
  private moveOffRemovedBench(id: number): void {
    const bench = this.deps.db
      .select({ name: workstations.name, revokedAt: workstations.revokedAt })
      .from(printJobs)
      .innerJoin(workstations, eq(workstations.id, printJobs.destination))
      .where(eq(printJobs.id, id))
      .get()
    if (!bench?.revokedAt) return
    this.deps.db
      .update(printJobs)
      .set({
        destination: HOST_PRINTER.id,
        destinationName: `${HOST_PRINTER.name} (${bench.name} was removed; a person said it did not print there)`
      })
      .where(eq(printJobs.id, id))
      .run()
  }

  /**
   * The request was stopped: its jobs still waiting are cancelled and never sent; one already
   * sent or unconfirmed cannot be called back, so it is marked, and if it prints it carries a
   * notice that the label must not be used. Inside the transaction that stops the request.
   */
  withdrawFor(requestId: string, now: Date, why: string): { cancelled: number[]; atPrinter: number[] } {
    const at = now.toISOString()
    const cancelled = this.statements.withdrawWaiting.all({
      requestId,
      withdrawnAt: at,
      notice: `Not printed: ${why}.`
    })
    const atPrinter = this.statements.withdrawAtPrinter.all({
      requestId,
      withdrawnAt: at,
      notice: `Already at the printer when the request was stopped (${why}): if it printed, remove the label.`
    })
    if (cancelled.length > 0 || atPrinter.length > 0) setImmediate(() => this.deps.onChange())
    return { cancelled: cancelled.map((row) => row.id), atPrinter: atPrinter.map((row) => row.id) }
  }

  /**
   * The request was stopped (cancelled or rejected) once its bag labels had printed: they cannot be
   * called back from the bag, so each printed bag label job keeps its row and state and is recorded
   * void, with why, in words a person sees in the queue's history and hears when the label is
   * scanned at packing. Inside the transaction that stops the request. Returns the jobs voided.
   * `withTheCarrier`: a parcel of the bag's dispatch is still out, so the bag is not here to take
   * the label off: the words say to recall the parcel instead (the *recall the parcel* flag names it).
   */
  voidPrintedBagLabels(requestId: string, now: Date, why: string, withTheCarrier = false): number[] {
    const voided = this.statements.voidPrintedBags.all({
      requestId,
      withdrawnAt: now.toISOString(),
      notice: withTheCarrier
        ? `Void: request ${why}. The bag was dispatched and is with the carrier: recall the parcel (the request's recall flag names it); do not send it again with this label.`
        : `Void: request ${why}. Do not use this bag label: take it off the bag.`
    })
    if (voided.length > 0) setImmediate(() => this.deps.onChange())
    return voided.map((row) => row.id)
  }

  /** What a person is told of the request's last bag label printed after it was stopped or voided by a stop; null if none. */
  voidBagLabelNotice(requestId: string): string | null {
    return this.statements.voidBagNotice.get({ requestId })?.notice ?? null
  }

  /**
   * Deflates, with the dictionary, the labels of jobs that printed before their labels were kept
   * so (a store from before: as JSON, or deflated without it); a few at a time, when the queue has
   * nothing else to do. Returns how many.
   */
  packPrinted(limit = PACK_BATCH): number {
    const rows = this.statements.unpacked.all({ limit })
    this.deps.db.$client.transaction(() => {
      for (const row of rows) this.statements.pack.run({ ...packLabels(labelsJson(row)), id: row.id })
    })()
    return rows.length
  }

  /** Sends what is due, oldest first. Returns how many were delivered. Public for tests. */
  async sendDue(): Promise<number> {
    let delivered = 0
    // A printer that failed in this pass is not tried again in it: its other jobs wait their turn.
    const failedHere = new Set<string>()
    for (;;) {
      const sinks = this.sinksBy()
      for (const destination of failedHere) sinks.delete(destination)
      if (sinks.size === 0) break
      const now = this.deps.clock.now()
      const row = this.statements.nextDue.get({
        now: now.toISOString(),
        destinations: JSON.stringify([...sinks.keys()])
      })
      const sink = row ? sinks.get(row.destination) : undefined
      if (!row || !sink) break
      this.statements.sending.run({ printer: sink.description, id: row.id })
      this.deps.onChange()
      try {
        await sink.print(labelsIn(row))
        this.deps.db.$client.transaction(() => this.markDelivered(row.id, this.deps.clock.now()))()
        if (row.destination === HOST_PRINTER.id) this.status = { ...this.status, reachable: true }
        delivered += 1
      } catch (error) {
        this.failed(row, error)
        failedHere.add(row.destination)
        this.deps.onChange()
        continue
      }
      this.deps.onChange()
    }
    return delivered
  }

  /** The printers jobs can go to now, by destination. */
  private sinksBy(): Map<string, LabelSink> {
    const sinks = new Map(this.benchSinks)
    if (this.transport) sinks.set(HOST_PRINTER.id, this.transport)
    return sinks
  }

  /** Printed: its labels are kept deflated from now on (a reprint inflates them). */
  private markDelivered(id: number, now: Date): void {
    const row = this.statements.payloadOf.get({ id })
    const packed =
      row?.labelsPacked && row.labelsDictionary !== null
        ? { labelsPacked: row.labelsPacked, labelsDictionary: row.labelsDictionary }
        : row
          ? packLabels(labelsJson(row))
          : { labelsPacked: null, labelsDictionary: null }
    this.statements.delivered.run({ deliveredAt: now.toISOString(), ...packed, id })
    const job = this.job(id)!
    for (const hook of this.hooks) hook(job, now)
  }

  private failed(row: JobRow, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error)
    const mayHavePrinted = error instanceof PrinterTransportError ? error.mayHavePrinted : true
    if (row.destination === HOST_PRINTER.id) this.status = { ...this.status, reachable: false }
    if (mayHavePrinted) {
      this.statements.unconfirmed.run({
        lastError: `${message} It may have printed: check the printer, then say whether it did.`,
        id: row.id
      })
      return
    }
    const delay = backoffMs(row.attempts, this.deps.retry.baseMs, this.deps.retry.maxMs, Math.random)
    // Not printed, and its request stopped while it was being sent: it is not tried again.
    this.statements.retrying.run({
      lastError: message,
      nextAttemptAt: new Date(this.deps.clock.now().getTime() + delay).toISOString(),
      id: row.id
    })
  }

  private async refreshStatus(): Promise<void> {
    if (!this.transport || Date.now() - this.lastStatusAt < STATUS_EVERY_MS) return
    this.lastStatusAt = Date.now()
    try {
      const status = await this.transport.status()
      this.status = {
        ...this.status,
        reachable: status !== null ? true : this.status.reachable,
        problems: status ? status.problems.map((problem) => problem.replace(/-/g, ' ')) : this.status.problems,
        checkedAt: new Date().toISOString()
      }
    } catch {
      this.status = { ...this.status, reachable: false, checkedAt: new Date().toISOString() }
    }
    this.deps.onChange()
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        // Jobs first: a printer slow to answer its status must not hold labels back.
        await this.sendDue()
        if (!signal.aborted) await this.refreshStatus()
        if (!signal.aborted && this.packPrinted() > 0) this.waker.notify()
      } catch (error) {
        this.deps.log('print queue failed', error)
      }
      const next = this.statements.nextAttempt.get({ destinations: JSON.stringify([...this.sinksBy().keys()]) })
      const wait = next?.at ? Date.parse(next.at) - this.deps.clock.now().getTime() : STATUS_EVERY_MS
      await this.waker.sleep(Math.min(Math.max(wait, 20), STATUS_EVERY_MS), signal)
    }
  }
}

/**
 * Written as literals, exactly as the partial indexes `print_jobs_waiting` and `print_jobs_sending`
 * say them: a bound value would hide the condition from the planner, which would then read every
 * job ever printed.
 */
const WAITING = sql`${printJobs.state} IN ('queued', 'retrying')`
const SENDING = sql`${printJobs.state} = 'sending'`

/** The queue's statements, prepared once on the store's connection. */
function prepareStatements(db: CounterDb) {
  const j = printJobs
  const byId = eq(j.id, sql.placeholder('id'))
  const waiting = WAITING
  return {
    insert: db
      .insert(j)
      .values({
        ...placeholders([
          'requestId',
          'kind',
          'labels',
          'payload',
          'nextAttemptAt',
          'createdAt',
          'createdBy',
          'reprintOf',
          'destination',
          'destinationName'
        ]),
        state: 'queued',
        attempts: 0
      })
      .prepare(),
    byId: db.select(VIEW_COLUMNS).from(j).where(byId).prepare(),
    payloadOf: db
      .select({
        payload: j.payload,
        payloadPacked: j.payloadPacked,
        labelsPacked: j.labelsPacked,
        labelsDictionary: j.labelsDictionary
      })
      .from(j)
      .where(byId)
      .prepare(),
    latestOf: db
      .select(VIEW_COLUMNS)
      .from(j)
      .where(eq(j.requestId, sql.placeholder('requestId')))
      .orderBy(desc(j.id))
      .limit(100)
      .prepare(),
    latest: db.select(VIEW_COLUMNS).from(j).orderBy(desc(j.id)).limit(100).prepare(),
    requeue: db
      .update(j)
      .set({
        state: unlessWithdrawn('queued'),
        notice: noticeIfWithdrawn(NOT_PRINTED_AFTER_STOP),
        ...setPlaceholders(['nextAttemptAt'])
      })
      .where(byId)
      .prepare(),
    withdrawWaiting: db
      .update(j)
      .set({ state: 'cancelled', ...setPlaceholders(['withdrawnAt', 'notice']) })
      .where(and(eq(j.requestId, sql.placeholder('requestId')), waiting))
      .returning({ id: j.id })
      .prepare(),
    withdrawAtPrinter: db
      .update(j)
      .set(setPlaceholders(['withdrawnAt', 'notice']))
      .where(and(eq(j.requestId, sql.placeholder('requestId')), inArray(j.state, ['sending', 'unconfirmed'])))
      .returning({ id: j.id })
      .prepare(),
    // Printed bag labels of a request just stopped, not already marked (one that printed after the
    // stop carries its own notice).
    voidPrintedBags: db
      .update(j)
      .set(setPlaceholders(['withdrawnAt', 'notice']))
      .where(printedBagsOf(isNull(j.withdrawnAt)))
      .returning({ id: j.id })
      .prepare(),
    voidBagNotice: db
      .select({ notice: j.notice })
      .from(j)
      .where(printedBagsOf(isNotNull(j.withdrawnAt)))
      .orderBy(desc(j.id))
      .limit(1)
      .prepare(),
    // Literal conditions, as the partial index `print_jobs_unpacked` says them, and that index named:
    // left to itself the planner takes the index on the state and reads every printed job there is
    // (tens of milliseconds a pass of the queue on a year's store, growing with every label printed).
    unpacked: db
      .select({
        id: sql`${j.id}`.mapWith(j.id),
        payload: sql`${j.payload}`.mapWith(j.payload),
        payloadPacked: sql`${j.payloadPacked}`.mapWith(j.payloadPacked),
        labelsPacked: sql`${j.labelsPacked}`.mapWith(j.labelsPacked),
        labelsDictionary: sql`${j.labelsDictionary}`.mapWith(j.labelsDictionary)
      })
      .from(sql`${j} INDEXED BY print_jobs_unpacked`)
      .where(sql`${j.state} = 'delivered' AND ${j.labelsDictionary} IS NULL`)
      .limit(sql.placeholder('limit'))
      .prepare(),
    pack: db
      .update(j)
      .set({ payload: '', payloadPacked: null, ...setPlaceholders(['labelsPacked', 'labelsDictionary']) })
      .where(byId)
      .prepare(),
    nextDue: db
      .select()
      .from(j)
      .where(
        and(
          waiting,
          lte(j.nextAttemptAt, sql.placeholder('now')),
          inArray(j.destination, jsonArrayValues('destinations'))
        )
      )
      .orderBy(j.id)
      .limit(1)
      .prepare(),
    sending: db
      .update(j)
      .set({ state: 'sending', ...setPlaceholders(['printer']) })
      .where(byId)
      .prepare(),
    delivered: db
      .update(j)
      .set({
        state: 'delivered',
        attempts: sql`${j.attempts} + 1`,
        lastError: null,
        notice: noticeIfWithdrawn(PRINTED_AFTER_STOP),
        payload: '',
        payloadPacked: null,
        ...setPlaceholders(['deliveredAt', 'labelsPacked', 'labelsDictionary'])
      })
      .where(byId)
      .prepare(),
    unconfirmed: db
      .update(j)
      .set({ state: 'unconfirmed', attempts: sql`${j.attempts} + 1`, ...setPlaceholders(['lastError']) })
      .where(byId)
      .prepare(),
    retrying: db
      .update(j)
      .set({
        state: unlessWithdrawn('retrying'),
        notice: noticeIfWithdrawn(NOT_PRINTED_AFTER_STOP),
        attempts: sql`${j.attempts} + 1`,
        ...setPlaceholders(['lastError', 'nextAttemptAt'])
      })
      .where(byId)
      .prepare(),
    // Only jobs a printer can take now: a bench that is away must not keep the queue awake.
    nextAttempt: db
      .select({ at: min(j.nextAttemptAt) })
      .from(j)
      .where(and(waiting, inArray(j.destination, jsonArrayValues('destinations'))))
      .prepare()
  }
}

/** The request's bag label jobs that printed, marked void by a stop or not as `withdrawn` says. */
function printedBagsOf(withdrawn: SQL): SQL | undefined {
  const j = printJobs
  return and(eq(j.requestId, sql.placeholder('requestId')), eq(j.kind, 'bag'), eq(j.state, 'delivered'), withdrawn)
}

/** A job tried again unless its request was stopped meanwhile: then it is cancelled. */
function unlessWithdrawn(state: 'queued' | 'retrying'): SQL<PrintJobState> {
  return sql<PrintJobState>`CASE WHEN ${printJobs.withdrawnAt} IS NULL THEN ${state} ELSE 'cancelled' END`
}

/** The notice a person sees on a job whose request was stopped; others keep theirs. */
function noticeIfWithdrawn(notice: string): SQL<string | null> {
  return sql<string | null>`CASE WHEN ${printJobs.withdrawnAt} IS NULL THEN ${printJobs.notice} ELSE ${notice} END`
}

function toView(row: Pick<JobRow, keyof typeof VIEW_COLUMNS>): PrintJobView {
  return {
    id: row.id,
    requestId: row.requestId,
    kind: row.kind,
    labels: row.labels,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    reprintOf: row.reprintOf,
    notice: row.notice,
    destination: row.destinationName,
    printer: row.printer
  }
}

/** A job's labels as laid out, from the JSON or its deflated copy. */
function labelsIn(
  row: Pick<JobRow, 'payload' | 'payloadPacked' | 'labelsPacked' | 'labelsDictionary'>
): LaidOutLabel[] {
  return JSON.parse(labelsJson(row)) as LaidOutLabel[]
}
