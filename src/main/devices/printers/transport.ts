/**
 * How a print job reaches a label printer. A transport sends one job (several labels) and, where
 * the printer answers, reads its status. It does not retry: the print queue built on top decides,
 * using `mayHavePrinted` to avoid printing a label twice.
 */
import type { PrinterStatus } from './host-status'

export interface PrinterTransport {
  /** e.g. "tcp://10.0.0.5:9100" or "serial:/dev/ttyUSB0@9600". */
  readonly description: string
  /** Resolves once the job was handed over (see each transport for what that means). */
  send(job: Uint8Array): Promise<void>
  /** The printer's ~HS status; null when it does not answer in time. */
  status(): Promise<PrinterStatus | null>
  close(): Promise<void>
}

export type PrinterTransportErrorCode =
  | 'connect-timeout'
  | 'connection-refused'
  | 'unreachable'
  | 'write-timeout'
  | 'connection-dropped'
  | 'unconfirmed'
  | 'port-unavailable'
  | 'closed'
  | 'io-error'

export class PrinterTransportError extends Error {
  override readonly name = 'PrinterTransportError'
  readonly code: PrinterTransportErrorCode
  /** False only when no byte of the job can have reached the printer. */
  readonly mayHavePrinted: boolean
  /** Worth trying again later (printer offline, busy, unplugged). */
  readonly retryable: boolean

  constructor(
    code: PrinterTransportErrorCode,
    message: string,
    options: { mayHavePrinted: boolean; retryable?: boolean; cause?: unknown }
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.mayHavePrinted = options.mayHavePrinted
    this.retryable = options.retryable ?? true
  }
}
