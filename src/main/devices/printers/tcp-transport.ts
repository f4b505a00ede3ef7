/**
 * Raw TCP printing (port 9100). One connection per job: connect (connect timeout), write the job,
 * half-close, and wait until the printer closes its side (write timeout). That close is the only
 * acknowledgement raw port 9100 gives: the printer read the whole job. If everything was flushed
 * but the printer never closes, the error is `unconfirmed` (it may have printed).
 */
import { Socket, createConnection } from 'node:net'
import { HOST_STATUS_REQUEST, isCompleteHostStatus, parseHostStatus, type PrinterStatus } from './host-status'
import { PrinterTransportError, type PrinterTransport } from './transport'

export interface TcpPrinterOptions {
  host: string
  port?: number
  connectTimeoutMs?: number
  /** From connection to the printer's acknowledging close. */
  writeTimeoutMs?: number
  statusTimeoutMs?: number
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTDOWN', 'EADDRNOTAVAIL'])

export class TcpPrinterTransport implements PrinterTransport {
  readonly description: string
  private readonly host: string
  private readonly port: number
  private readonly connectTimeoutMs: number
  private readonly writeTimeoutMs: number
  private readonly statusTimeoutMs: number
  private readonly open = new Set<Socket>()
  private closed = false

  constructor(options: TcpPrinterOptions) {
    this.host = options.host
    this.port = options.port ?? 9100
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000
    this.writeTimeoutMs = options.writeTimeoutMs ?? 15000
    this.statusTimeoutMs = options.statusTimeoutMs ?? 3000
    this.description = `tcp://${this.host}:${this.port}`
  }

  /** Connects with the connect timeout; the socket half-closes only when we say so. */
  private connect(): Promise<Socket> {
    if (this.closed)
      return Promise.reject(
        new PrinterTransportError('closed', `${this.description}: transport closed`, {
          mayHavePrinted: false,
          retryable: false
        })
      )
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: this.host, port: this.port, allowHalfOpen: true })
      this.open.add(socket)
      socket.once('close', () => this.open.delete(socket))
      const timer = setTimeout(() => {
        socket.destroy()
        reject(
          new PrinterTransportError(
            'connect-timeout',
            `${this.description}: no connection within ${this.connectTimeoutMs} ms`,
            { mayHavePrinted: false }
          )
        )
      }, this.connectTimeoutMs)
      socket.once('connect', () => {
        clearTimeout(timer)
        socket.removeAllListeners('error')
        resolve(socket)
      })
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        socket.destroy()
        reject(this.connectError(error))
      })
    })
  }

  private connectError(error: NodeJS.ErrnoException): PrinterTransportError {
    const code = error.code ?? ''
    if (code === 'ECONNREFUSED') {
      return new PrinterTransportError('connection-refused', `${this.description}: connection refused`, {
        mayHavePrinted: false,
        cause: error
      })
    }
    if (UNREACHABLE.has(code)) {
      return new PrinterTransportError('unreachable', `${this.description}: unreachable (${code})`, {
        mayHavePrinted: false,
        cause: error
      })
    }
    return new PrinterTransportError('io-error', `${this.description}: ${error.message}`, {
      mayHavePrinted: false,
      cause: error
    })
  }

  async send(job: Uint8Array): Promise<void> {
    const socket = await this.connect()
    await new Promise<void>((resolve, reject) => {
      let flushed = false
      let peerEnded = false
      let settled = false
      const settle = (error?: PrinterTransportError) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (error) {
          socket.destroy()
          reject(error)
        } else {
          resolve()
        }
      }
      const dropped = (detail: string, cause?: unknown) =>
        new PrinterTransportError('connection-dropped', `${this.description}: ${detail}`, {
          mayHavePrinted: socket.bytesWritten > 0,
          cause
        })
      const timer = setTimeout(() => {
        settle(
          flushed
            ? new PrinterTransportError(
                'unconfirmed',
                `${this.description}: job sent but the printer did not acknowledge it within ${this.writeTimeoutMs} ms`,
                { mayHavePrinted: true }
              )
            : new PrinterTransportError(
                'write-timeout',
                `${this.description}: job not sent within ${this.writeTimeoutMs} ms`,
                { mayHavePrinted: socket.bytesWritten > 0 }
              )
        )
      }, this.writeTimeoutMs)

      socket.on('error', (error) =>
        settle(dropped(`connection lost (${(error as NodeJS.ErrnoException).code ?? error.message})`, error))
      )
      socket.on('data', () => undefined) // a printer may talk back; keep the socket flowing
      socket.on('end', () => {
        peerEnded = true
        if (!flushed) settle(dropped('the printer closed the connection before the job was sent'))
      })
      socket.on('close', (hadError) => {
        if (hadError) return
        if (flushed && peerEnded) settle()
        else settle(dropped('connection closed before the printer acknowledged the job'))
      })
      socket.end(job, () => {
        flushed = true
      })
    })
  }

  async status(): Promise<PrinterStatus | null> {
    const socket = await this.connect()
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let settled = false
      const settle = (value: PrinterStatus | null, error?: PrinterTransportError) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        socket.destroy()
        if (error) reject(error)
        else resolve(value)
      }
      const timer = setTimeout(() => settle(null), this.statusTimeoutMs)
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        const response = Buffer.concat(chunks)
        if (isCompleteHostStatus(response)) settle(parseHostStatus(response))
      })
      socket.on('error', (error) =>
        settle(
          null,
          new PrinterTransportError(
            'connection-dropped',
            `${this.description}: status read failed (${error.message})`,
            { mayHavePrinted: false, cause: error }
          )
        )
      )
      socket.on('end', () => settle(null))
      socket.write(HOST_STATUS_REQUEST)
    })
  }

  async close(): Promise<void> {
    this.closed = true
    for (const socket of this.open) socket.destroy()
    this.open.clear()
  }
}

export function createTcpPrinterTransport(options: TcpPrinterOptions): PrinterTransport {
  return new TcpPrinterTransport(options)
}
