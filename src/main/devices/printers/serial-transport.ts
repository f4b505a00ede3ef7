/**
 * ZPL over a serial port (USB-serial or RS-232 label printers). The port stays open between jobs
 * and is reopened after an error. `send` resolves once the job is drained to the port, which is
 * all a serial line can tell us; `status` asks ~HS and waits briefly for the answer.
 */
import { SerialPort } from 'serialport'
import { HOST_STATUS_REQUEST, isCompleteHostStatus, parseHostStatus, type PrinterStatus } from './host-status'
import { PrinterTransportError, type PrinterTransport } from './transport'

export interface SerialPrinterOptions {
  path: string
  baudRate?: number
  dataBits?: 7 | 8
  parity?: 'none' | 'even' | 'odd'
  stopBits?: 1 | 2
  /** Hardware flow control, as most Zebra serial printers ship. */
  rtscts?: boolean
  openTimeoutMs?: number
  writeTimeoutMs?: number
  statusTimeoutMs?: number
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms)
    })
  ]).finally(() => clearTimeout(timer))
}

export class SerialPrinterTransport implements PrinterTransport {
  readonly description: string
  private readonly options: Required<Omit<SerialPrinterOptions, 'path'>> & { path: string }
  private port: SerialPort | null = null
  private opening: Promise<SerialPort> | null = null
  private busy: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(options: SerialPrinterOptions) {
    this.options = {
      path: options.path,
      baudRate: options.baudRate ?? 9600,
      dataBits: options.dataBits ?? 8,
      parity: options.parity ?? 'none',
      stopBits: options.stopBits ?? 1,
      rtscts: options.rtscts ?? false,
      openTimeoutMs: options.openTimeoutMs ?? 3000,
      writeTimeoutMs: options.writeTimeoutMs ?? 15000,
      statusTimeoutMs: options.statusTimeoutMs ?? 2000
    }
    this.description = `serial:${this.options.path}@${this.options.baudRate}`
  }

  private openPort(): Promise<SerialPort> {
    if (this.closed) {
      return Promise.reject(
        new PrinterTransportError('closed', `${this.description}: transport closed`, {
          mayHavePrinted: false,
          retryable: false
        })
      )
    }
    if (this.port?.isOpen) return Promise.resolve(this.port)
    this.opening ??= withTimeout(
      new Promise<SerialPort>((resolve, reject) => {
        const { path, baudRate, dataBits, parity, stopBits, rtscts } = this.options
        const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, rtscts, autoOpen: false })
        port.open((error) => {
          if (error) {
            reject(
              new PrinterTransportError('port-unavailable', `${this.description}: cannot open (${error.message})`, {
                mayHavePrinted: false,
                cause: error
              })
            )
            return
          }
          port.on('close', () => {
            if (this.port === port) this.port = null
          })
          port.on('error', () => undefined)
          this.port = port
          resolve(port)
        })
      }),
      this.options.openTimeoutMs,
      () =>
        new PrinterTransportError(
          'connect-timeout',
          `${this.description}: port did not open within ${this.options.openTimeoutMs} ms`,
          { mayHavePrinted: false }
        )
    ).finally(() => {
      this.opening = null
    })
    return this.opening
  }

  /** One operation at a time on the line. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.busy.then(operation, operation)
    this.busy = run.catch(() => undefined)
    return run
  }

  private drop(port: SerialPort): void {
    if (this.port === port) this.port = null
    if (port.isOpen) port.close(() => undefined)
  }

  send(job: Uint8Array): Promise<void> {
    return this.exclusive(async () => {
      const port = await this.openPort()
      const write = new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(job), (error) => {
          if (error) reject(error)
        })
        port.drain((error) => (error ? reject(error) : resolve()))
      })
      try {
        await withTimeout(
          write,
          this.options.writeTimeoutMs,
          () =>
            new PrinterTransportError(
              'write-timeout',
              `${this.description}: job not drained within ${this.options.writeTimeoutMs} ms`,
              { mayHavePrinted: true }
            )
        )
      } catch (error) {
        this.drop(port)
        if (error instanceof PrinterTransportError) throw error
        throw new PrinterTransportError('io-error', `${this.description}: write failed (${(error as Error).message})`, {
          mayHavePrinted: true,
          cause: error
        })
      }
    })
  }

  status(): Promise<PrinterStatus | null> {
    return this.exclusive(async () => {
      const port = await this.openPort()
      return new Promise<PrinterStatus | null>((resolve) => {
        const chunks: Buffer[] = []
        const finish = (value: PrinterStatus | null) => {
          clearTimeout(timer)
          port.off('data', onData)
          resolve(value)
        }
        const onData = (chunk: Buffer) => {
          chunks.push(chunk)
          const response = Buffer.concat(chunks)
          if (isCompleteHostStatus(response)) finish(parseHostStatus(response))
        }
        const timer = setTimeout(() => finish(null), this.options.statusTimeoutMs)
        port.on('data', onData)
        port.write(HOST_STATUS_REQUEST)
      })
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const port = this.port
    this.port = null
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
  }
}

export function createSerialPrinterTransport(options: SerialPrinterOptions): PrinterTransport {
  return new SerialPrinterTransport(options)
}
