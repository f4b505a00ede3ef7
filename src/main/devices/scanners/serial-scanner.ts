/**
 * A serial barcode scanner: opens the configured port, emits each complete scan, reports its
 * state, and when the port goes away (unplugged) keeps trying to reopen it with backoff until it
 * is back. Scans are raw text; classification happens in the scan pipeline (shared/scan).
 */
import { SerialPort } from 'serialport'
import { z } from 'zod'
import { ScanFramer, type FramedScan } from './scan-framer'

export const serialScannerConfigSchema = z.object({
  path: z.string().min(1),
  baudRate: z.number().int().min(1200).max(921_600).default(9600),
  suffix: z.enum(['CR', 'LF', 'CRLF', 'TAB', 'NONE']).default('CR'),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  /**
   * Quiet gap after which buffered bytes are emitted as an unterminated scan: what ends a scan
   * when the suffix is NONE (default 80 ms), and otherwise what surfaces a scan whose suffix
   * never came (default 1000 ms), so nothing read is silently held back.
   */
  idleFlushMs: z.number().int().min(10).max(10_000).optional(),
  encoding: z.enum(['utf8', 'latin1']).default('utf8'),
  maxScanLength: z.number().int().min(16).max(65_536).default(4096),
  reconnect: z
    .object({
      initialDelayMs: z.number().int().min(10).default(250),
      maxDelayMs: z.number().int().min(10).default(5000),
      factor: z.number().min(1).default(2)
    })
    .default({ initialDelayMs: 250, maxDelayMs: 5000, factor: 2 })
})

export type SerialScannerConfig = z.input<typeof serialScannerConfigSchema>
type ResolvedConfig = z.output<typeof serialScannerConfigSchema>

export type ScannerState =
  | { status: 'stopped' }
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; since: number }
  /** The port is absent or went away; we retry in `retryInMs`. */
  | { status: 'disconnected'; reason: string; attempt: number; retryInMs: number }
  /** The port is there but cannot be used (busy, no permission, bad settings); we retry too. */
  | { status: 'error'; reason: string; attempt: number; retryInMs: number }

export interface ScanEvent {
  text: string
  /** Wall-clock ms when the scan's last byte arrived. */
  receivedAt: number
  port: string
  /** False when the scan ended by a quiet gap instead of its suffix. */
  terminated: boolean
}

export interface SerialScanner {
  readonly path: string
  state(): ScannerState
  start(): void
  stop(): Promise<void>
  onScan(listener: (scan: ScanEvent) => void): () => void
  onState(listener: (state: ScannerState) => void): () => void
}

const ABSENT = new Set(['ENOENT', 'ENODEV', 'ENXIO'])

function isAbsent(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return (code !== undefined && ABSENT.has(code)) || /no such file|not found|cannot find/i.test(error.message)
}

export function createSerialScanner(input: SerialScannerConfig): SerialScanner {
  const config: ResolvedConfig = serialScannerConfigSchema.parse(input)
  const scanListeners = new Set<(scan: ScanEvent) => void>()
  const stateListeners = new Set<(state: ScannerState) => void>()
  let state: ScannerState = { status: 'stopped' }
  let port: SerialPort | null = null
  let retryTimer: NodeJS.Timeout | null = null
  let idleTimer: NodeJS.Timeout | null = null
  let attempt = 0
  let running = false
  const decoder = (bytes: Buffer) => bytes.toString(config.encoding)
  const idleFlushMs = config.idleFlushMs ?? (config.suffix === 'NONE' ? 80 : 1000)

  const setState = (next: ScannerState) => {
    state = next
    for (const listener of stateListeners) listener(next)
  }

  const emit = (scan: FramedScan) => {
    const event: ScanEvent = {
      text: decoder(scan.bytes),
      receivedAt: Date.now(),
      port: config.path,
      terminated: scan.terminated
    }
    for (const listener of scanListeners) listener(event)
  }

  const scheduleRetry = (status: 'disconnected' | 'error', reason: string) => {
    if (!running) return
    const { initialDelayMs, maxDelayMs, factor } = config.reconnect
    const delay = Math.min(maxDelayMs, Math.round(initialDelayMs * factor ** Math.min(attempt, 30)))
    attempt++
    setState({ status, reason, attempt, retryInMs: delay })
    retryTimer = setTimeout(() => {
      retryTimer = null
      connect()
    }, delay)
  }

  const connect = () => {
    if (!running) return
    setState({ status: 'connecting', attempt })
    const framer = new ScanFramer(config.suffix, config.maxScanLength)
    const candidate = new SerialPort({
      path: config.path,
      baudRate: config.baudRate,
      dataBits: config.dataBits,
      parity: config.parity,
      stopBits: config.stopBits,
      autoOpen: false
    })
    candidate.open((error) => {
      if (error) {
        scheduleRetry(isAbsent(error) ? 'disconnected' : 'error', error.message)
        return
      }
      if (!running) {
        candidate.close(() => undefined)
        return
      }
      port = candidate
      attempt = 0
      setState({ status: 'connected', since: Date.now() })
      candidate.on('data', (chunk: Buffer) => {
        for (const scan of framer.push(chunk)) emit(scan)
        if (idleTimer) clearTimeout(idleTimer)
        idleTimer = framer.hasPending
          ? setTimeout(() => {
              idleTimer = null
              const partial = framer.flush()
              if (partial) emit(partial)
            }, idleFlushMs)
          : null
      })
      candidate.on('error', () => undefined)
      candidate.on('close', (closeError: (Error & { disconnected?: boolean }) | null) => {
        if (idleTimer) clearTimeout(idleTimer)
        idleTimer = null
        const partial = framer.flush()
        if (partial) emit(partial)
        if (port === candidate) port = null
        if (running) scheduleRetry('disconnected', closeError?.message ?? 'port closed')
      })
    })
  }

  return {
    path: config.path,
    state: () => state,
    start() {
      if (running) return
      running = true
      attempt = 0
      connect()
    },
    async stop() {
      running = false
      if (retryTimer) clearTimeout(retryTimer)
      if (idleTimer) clearTimeout(idleTimer)
      retryTimer = null
      idleTimer = null
      const open = port
      port = null
      if (open?.isOpen) await new Promise<void>((resolve) => open.close(() => resolve()))
      setState({ status: 'stopped' })
    },
    onScan(listener) {
      scanListeners.add(listener)
      return () => scanListeners.delete(listener)
    },
    onState(listener) {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    }
  }
}
