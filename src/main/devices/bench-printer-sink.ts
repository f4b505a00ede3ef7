import { randomBytes } from 'node:crypto'
import { type LaidOutLabel, toZpl } from '../labels'
import type { LabelSink } from './label-sink'
import { PrinterTransportError } from './printers/transport'

/** A job on its way to a bench's printer: the ZPL, and the token the bench answers with. */
export interface BenchPrintDelivery {
  token: string
  zpl: string
}

/** What the bench says became of a job: printed, or why not (and whether it may have printed anyway). */
export interface BenchPrintAnswer {
  token: string
  printed: boolean
  message?: string
  mayHavePrinted?: boolean
}

/** How long the host waits for a bench to say a job printed before a person must look. */
const ANSWER_WAIT_MS = 60_000

/**
 * The printer attached at a bench, as the host's print queue sees it: a job is handed down the
 * bench's line and printed by its workstation, which answers. No answer, or a line that breaks
 * with a job on it, may have printed: the queue then asks a person, as for any printer.
 */
export class BenchPrinterSink implements LabelSink {
  private readonly waiting = new Map<
    string,
    { resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >()

  constructor(
    readonly description: string,
    private readonly push: (delivery: BenchPrintDelivery) => void,
    private readonly answerWaitMs = ANSWER_WAIT_MS
  ) {}

  print(labels: readonly LaidOutLabel[]): Promise<void> {
    const token = randomBytes(9).toString('base64url')
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token)
        reject(
          new PrinterTransportError('unconfirmed', `${this.description} did not say whether the job printed.`, {
            mayHavePrinted: true
          })
        )
      }, this.answerWaitMs)
      this.waiting.set(token, { resolve, reject, timer })
      try {
        this.push({ token, zpl: toZpl(labels) })
      } catch (cause) {
        clearTimeout(timer)
        this.waiting.delete(token)
        reject(
          new PrinterTransportError('connection-dropped', `The line to ${this.description} is closed.`, {
            mayHavePrinted: false,
            cause
          })
        )
      }
    })
  }

  /** The bench's answer for a job; false when no job waits under that token. */
  settle(answer: BenchPrintAnswer): boolean {
    const job = this.waiting.get(answer.token)
    if (!job) return false
    clearTimeout(job.timer)
    this.waiting.delete(answer.token)
    if (answer.printed) job.resolve()
    else
      job.reject(
        new PrinterTransportError('io-error', `${this.description}: ${answer.message ?? 'not printed'}`, {
          mayHavePrinted: answer.mayHavePrinted ?? true
        })
      )
    return true
  }

  async status(): Promise<null> {
    return null
  }

  /** The bench went away: a job it had may or may not have printed. */
  async close(): Promise<void> {
    for (const [token, job] of this.waiting) {
      clearTimeout(job.timer)
      job.reject(
        new PrinterTransportError('connection-dropped', `The line to ${this.description} broke while it had the job.`, {
          mayHavePrinted: true
        })
      )
      this.waiting.delete(token)
    }
  }
}
