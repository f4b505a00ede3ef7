import type Database from 'better-sqlite3'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { Clock } from '../../shared/clock'
import type { PrintJobState, PrintJobView, PrinterStatusView } from '../../shared/contract'
import { PrinterTransportError } from './printers/transport'
import type { LabelSink } from './label-sink'
import type { LaidOutLabel } from '../labels/layout'
import { Waker, backoffMs } from '../sync/waker'

interface JobRow {
  id: number
  request_id: string | null
  kind: PrintJobView['kind']
  labels: number
  payload: string
  state: PrintJobState
  attempts: number
  next_attempt_at: string
  last_error: string | null
  printer: string | null
  created_at: string
  created_by: string | null
  delivered_at: string | null
  reprint_of: number | null
  payload_packed: Buffer | null
  withdrawn_at: string | null
  notice: string | null
}

export interface NewPrintJob {
  requestId: string | null
  kind: PrintJobView['kind']
  /** Laid out once; each printer renders them its way (ZPL, or SVG pages for an OS printer). */
  labels: readonly LaidOutLabel[]
  createdBy: string | null
  reprintOf?: number
}

/** Runs in the transaction that marks a job delivered: the workflow completes "labelled" here. */
export type DeliveredHook = (job: PrintJobView, now: Date) => void

export interface PrintRetry {
  baseMs: number
  maxMs: number
}

export const DEFAULT_PRINT_RETRY: PrintRetry = { baseMs: 2_000, maxMs: 60_000 }
const STATUS_EVERY_MS = 30_000
/** Printed jobs deflated per pass of the queue when it has nothing else to do. */
const PACK_BATCH = 200

/** What a person is told about a label that printed for a request already stopped. */
export const PRINTED_AFTER_STOP = 'Printed after cancellation — remove the label'
const NOT_PRINTED_AFTER_STOP = 'Not printed: its request was stopped before the label reached the printer.'

/**
 * The print queue: jobs live in SQLite, go to the label printer after the command that made them
 * commits, and are retried while the printer is offline. A send that may have printed but was
 * not confirmed is never repeated by itself: a person looks at the printer and says.
 */
export class PrintQueue {
  private transport: LabelSink | null = null
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

  constructor(
    private readonly deps: {
      sqlite: Database.Database
      clock: Clock
      retry: PrintRetry
      onChange: () => void
      log: (message: string, error?: unknown) => void
    }
  ) {
    // A job caught mid-send by a restart may or may not have printed.
    deps.sqlite
      .prepare(
        `UPDATE print_jobs SET state = 'unconfirmed', last_error = 'The app stopped while sending this job.' WHERE state = 'sending'`
      )
      .run()
  }

  onDelivered(hook: DeliveredHook): void {
    this.hooks.push(hook)
  }

  /** Inside the command's transaction. */
  enqueue(job: NewPrintJob, now: Date): number {
    const result = this.deps.sqlite
      .prepare(
        `INSERT INTO print_jobs (request_id, kind, labels, payload, state, attempts, next_attempt_at, created_at, created_by, reprint_of)
         VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)`
      )
      .run(
        job.requestId,
        job.kind,
        job.labels.length,
        JSON.stringify(job.labels),
        now.toISOString(),
        now.toISOString(),
        job.createdBy,
        job.reprintOf ?? null
      )
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
  }

  job(id: number): PrintJobView | undefined {
    const row = this.deps.sqlite.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as JobRow | undefined
    return row ? toView(row) : undefined
  }

  /** The labels of a job exactly as they were laid out when it was made. */
  labelsOf(id: number): LaidOutLabel[] | undefined {
    const row = this.deps.sqlite.prepare('SELECT payload, payload_packed FROM print_jobs WHERE id = ?').get(id) as
      Pick<JobRow, 'payload' | 'payload_packed'> | undefined
    return row ? labelsIn(row) : undefined
  }

  jobs(requestId?: string): PrintJobView[] {
    const rows = requestId
      ? this.deps.sqlite
          .prepare('SELECT * FROM print_jobs WHERE request_id = ? ORDER BY id DESC LIMIT 100')
          .all(requestId)
      : this.deps.sqlite.prepare('SELECT * FROM print_jobs ORDER BY id DESC LIMIT 100').all()
    return (rows as JobRow[]).map(toView)
  }

  printerStatus(): PrinterStatusView {
    return this.status
  }

  /** A person's answer about an unconfirmed send. Inside the command's transaction. */
  resolveUnconfirmed(id: number, printed: boolean, now: Date): PrintJobView | undefined {
    const job = this.job(id)
    if (!job || job.state !== 'unconfirmed') return undefined
    if (printed) this.markDelivered(id, now)
    else
      // Not printed: sent again, unless its request was stopped meanwhile.
      this.deps.sqlite
        .prepare(
          `UPDATE print_jobs SET state = CASE WHEN withdrawn_at IS NULL THEN 'queued' ELSE 'cancelled' END,
             notice = CASE WHEN withdrawn_at IS NULL THEN notice ELSE ? END, next_attempt_at = ? WHERE id = ?`
        )
        .run(NOT_PRINTED_AFTER_STOP, now.toISOString(), id)
    return this.job(id)
  }

  /**
   * The request was stopped: its jobs still waiting are cancelled and never sent; one already
   * sent or unconfirmed cannot be called back, so it is marked, and if it prints it carries a
   * notice that the label must not be used. Inside the transaction that stops the request.
   */
  withdrawFor(requestId: string, now: Date, why: string): { cancelled: number[]; atPrinter: number[] } {
    const at = now.toISOString()
    const cancelled = this.deps.sqlite
      .prepare(
        `UPDATE print_jobs SET state = 'cancelled', withdrawn_at = ?, notice = ?
         WHERE request_id = ? AND state IN ('queued', 'retrying') RETURNING id`
      )
      .all(at, `Not printed: ${why}.`, requestId) as Array<{ id: number }>
    const atPrinter = this.deps.sqlite
      .prepare(
        `UPDATE print_jobs SET withdrawn_at = ?, notice = ?
         WHERE request_id = ? AND state IN ('sending', 'unconfirmed') RETURNING id`
      )
      .all(
        at,
        `Already at the printer when the request was stopped (${why}): if it printed, remove the label.`,
        requestId
      ) as Array<{ id: number }>
    if (cancelled.length > 0 || atPrinter.length > 0) setImmediate(() => this.deps.onChange())
    return { cancelled: cancelled.map((row) => row.id), atPrinter: atPrinter.map((row) => row.id) }
  }

  /**
   * Deflates the labels of jobs that printed before their labels were kept deflated (a store
   * from before); a few at a time, when the queue has nothing else to do. Returns how many.
   */
  packPrinted(limit = PACK_BATCH): number {
    const rows = this.deps.sqlite
      .prepare(`SELECT id, payload FROM print_jobs WHERE state = 'delivered' AND payload <> '' LIMIT ?`)
      .all(limit) as Array<Pick<JobRow, 'id' | 'payload'>>
    const pack = this.deps.sqlite.prepare(`UPDATE print_jobs SET payload = '', payload_packed = ? WHERE id = ?`)
    this.deps.sqlite.transaction(() => {
      for (const row of rows) pack.run(deflateRawSync(row.payload), row.id)
    })()
    return rows.length
  }

  /** Sends what is due, oldest first. Returns how many were delivered. Public for tests. */
  async sendDue(): Promise<number> {
    if (!this.transport) return 0
    let delivered = 0
    for (;;) {
      const now = this.deps.clock.now()
      const row = this.deps.sqlite
        .prepare(
          `SELECT * FROM print_jobs WHERE state IN ('queued', 'retrying') AND next_attempt_at <= ? ORDER BY id LIMIT 1`
        )
        .get(now.toISOString()) as JobRow | undefined
      if (!row || !this.transport) break
      this.deps.sqlite
        .prepare(`UPDATE print_jobs SET state = 'sending', printer = ? WHERE id = ?`)
        .run(this.transport.description, row.id)
      this.deps.onChange()
      try {
        await this.transport.print(labelsIn(row))
        this.deps.sqlite.transaction(() => this.markDelivered(row.id, this.deps.clock.now()))()
        this.status = { ...this.status, reachable: true }
        delivered += 1
      } catch (error) {
        this.failed(row, error)
        this.deps.onChange()
        break
      }
      this.deps.onChange()
    }
    return delivered
  }

  /** Printed: its labels are kept deflated from now on (a reprint inflates them). */
  private markDelivered(id: number, now: Date): void {
    const row = this.deps.sqlite.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(id) as
      Pick<JobRow, 'payload'> | undefined
    const packed = row && row.payload !== '' ? deflateRawSync(row.payload) : null
    this.deps.sqlite
      .prepare(
        `UPDATE print_jobs SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL,
           notice = CASE WHEN withdrawn_at IS NULL THEN notice ELSE ? END,
           payload = CASE WHEN ? IS NULL THEN payload ELSE '' END,
           payload_packed = COALESCE(?, payload_packed)
         WHERE id = ?`
      )
      .run(now.toISOString(), PRINTED_AFTER_STOP, packed, packed, id)
    const job = this.job(id)!
    for (const hook of this.hooks) hook(job, now)
  }

  private failed(row: JobRow, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error)
    const mayHavePrinted = error instanceof PrinterTransportError ? error.mayHavePrinted : true
    this.status = { ...this.status, reachable: false }
    if (mayHavePrinted) {
      this.deps.sqlite
        .prepare(`UPDATE print_jobs SET state = 'unconfirmed', attempts = attempts + 1, last_error = ? WHERE id = ?`)
        .run(`${message} It may have printed: check the printer, then say whether it did.`, row.id)
      return
    }
    const delay = backoffMs(row.attempts, this.deps.retry.baseMs, this.deps.retry.maxMs, Math.random)
    // Not printed, and its request stopped while it was being sent: it is not tried again.
    this.deps.sqlite
      .prepare(
        `UPDATE print_jobs SET state = CASE WHEN withdrawn_at IS NULL THEN 'retrying' ELSE 'cancelled' END,
           notice = CASE WHEN withdrawn_at IS NULL THEN notice ELSE ? END,
           attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`
      )
      .run(NOT_PRINTED_AFTER_STOP, message, new Date(this.deps.clock.now().getTime() + delay).toISOString(), row.id)
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
      const next = this.deps.sqlite
        .prepare(`SELECT MIN(next_attempt_at) AS at FROM print_jobs WHERE state IN ('queued', 'retrying')`)
        .get() as { at: string | null }
      const wait = next.at ? Date.parse(next.at) - this.deps.clock.now().getTime() : STATUS_EVERY_MS
      await this.waker.sleep(Math.min(Math.max(wait, 20), STATUS_EVERY_MS), signal)
    }
  }
}

function toView(row: JobRow): PrintJobView {
  return {
    id: row.id,
    requestId: row.request_id,
    kind: row.kind,
    labels: row.labels,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    reprintOf: row.reprint_of,
    notice: row.notice
  }
}

/** A job's labels as laid out, from the JSON or its deflated copy. */
function labelsIn(row: Pick<JobRow, 'payload' | 'payload_packed'>): LaidOutLabel[] {
  const text =
    row.payload === '' && row.payload_packed ? inflateRawSync(row.payload_packed).toString('utf8') : row.payload
  return JSON.parse(text) as LaidOutLabel[]
}
