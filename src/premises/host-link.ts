import { Agent, request, type RequestOptions } from 'node:https'
import type { IncomingMessage } from 'node:http'
import type { PeerCertificate } from 'node:tls'
import type { CounterEvent, HostConnection } from '../shared/contract'
import type { CallResponse } from '../shared/errors'
import { formatTime } from '../shared/time/london'
import { type BenchPrintAnswer, type BenchPrintDelivery, PrinterTransportError } from '../main/devices'

/** What a workstation keeps from its pairing: where the host is, its pinned certificate, and its own credential. */
export interface HostPairing {
  hostUrl: string
  /** The host's certificate (PEM) as seen at pairing: the only one this workstation trusts. */
  certificate: string
  fingerprint: string
  workstationId: string
  credential: string
  name: string
}

type Listener = (event: CounterEvent) => void

/** How often the workstation asks whether the host is there, and how long it waits for the answer. */
const HEARTBEAT_MS = 2_000
const ANSWER_WAIT_MS = 4_000
const RECONNECT_MS = 1_000
const IDLE_CONNECTION_MS = 30_000

/** An agent that trusts the pinned certificate alone, whatever name or address the host answers on. */
function pinnedAgent(certificate: string, fingerprint: string): Agent {
  return new Agent({
    ca: certificate,
    keepAlive: true,
    // With a timeout of its own, the agent also heeds the host's Keep-Alive hint and drops an idle
    // connection a second before the host would: a command is then never sent down a connection
    // the host is closing (which fails as "socket hang up", leaving the bench unsure it was done).
    timeout: IDLE_CONNECTION_MS,
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === fingerprint
        ? undefined
        : new Error(`The host's certificate is not the one pinned at pairing (${cert.fingerprint256}).`)
  })
}

/**
 * A workstation's transport: the contract of the premises host, called over TLS with this bench's
 * device credential, behind the same four operations a core offers browser mode (open a session,
 * call, hear events, close). It keeps no store: while the host cannot be reached it refuses every
 * call, says so at once to every window, and keeps the scans read meanwhile as not sent. Back, each
 * window's event stream resumes from the last event it had, so it catches up on what it missed.
 */
export class HostLink {
  private readonly agent: Agent
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly streams = new Map<string, { lastEventId: number; resumed: boolean; stop: () => void }>()
  private heartbeat: NodeJS.Timeout | null = null
  /** What `close` must stop besides the windows' streams: a printer offered to the host. */
  private readonly stoppers = new Set<() => void>()
  private closed = false
  private state: HostConnection = { connected: true, lostSince: null, unsentScans: [], reload: false }

  constructor(private readonly pairing: HostPairing) {
    this.agent = pinnedAgent(pairing.certificate, pairing.fingerprint)
  }

  start(): void {
    const beat = (): void => {
      void this.ask('GET', '/api/health', undefined)
        .then(() => this.regained(false))
        .catch(() => this.lost())
    }
    beat()
    this.heartbeat = setInterval(beat, HEARTBEAT_MS)
  }

  get connection(): HostConnection {
    return this.state
  }

  async openSession(): Promise<string> {
    const answer = (await this.ask('POST', '/api/session', undefined)) as { sessionId: string }
    return answer.sessionId
  }

  closeSession(sessionId: string): void {
    this.streams.get(sessionId)?.stop()
    this.streams.delete(sessionId)
    this.listeners.delete(sessionId)
  }

  async dispatch(sessionId: string, name: string, input: unknown): Promise<CallResponse<unknown>> {
    if (!this.state.connected) return this.refusedWhileLost(name, input)
    try {
      return (await this.ask('POST', `/api/call/${encodeURIComponent(name)}`, input, {
        'X-Counter-Session': sessionId
      })) as CallResponse<unknown>
    } catch (error) {
      if (error instanceof HostAnswer) return { ok: false, error: { code: 'session_expired', message: error.message } }
      this.lost()
      return {
        ok: false,
        error: {
          code: 'host_unreachable',
          message:
            'The host stopped answering while this was sent: it may or may not have been done. Look again when the host is back.'
        }
      }
    }
  }

  subscribe(sessionId: string, listener: Listener): () => void {
    const set = this.listeners.get(sessionId) ?? new Set<Listener>()
    set.add(listener)
    this.listeners.set(sessionId, set)
    if (!this.state.connected) listener({ name: 'premises.connection', payload: this.state })
    if (!this.streams.has(sessionId)) this.follow(sessionId)
    return () => {
      set.delete(listener)
      if (set.size > 0) return
      this.listeners.delete(sessionId)
      this.streams.get(sessionId)?.stop()
      this.streams.delete(sessionId)
    }
  }

  close(): void {
    this.closed = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    for (const stream of this.streams.values()) stream.stop()
    this.streams.clear()
    for (const stop of [...this.stoppers]) stop()
    this.agent.destroy()
  }

  /**
   * A scan read by a serial scanner at this bench: sent to the host with the bench's credential,
   * so it reaches this bench's windows only. While the host is away it is kept and shown as not
   * sent (never sent later by itself). Says whether the host took it.
   */
  async sendScan(raw: string, device: string): Promise<boolean> {
    if (this.state.connected) {
      try {
        await this.ask('POST', '/api/scan', { raw, device })
        return true
      } catch (error) {
        if (!(error instanceof HostAnswer)) this.lost()
      }
    }
    this.keepUnsent(raw)
    return false
  }

  /**
   * Offers the printer attached to this bench to the host while the line is up (again after each
   * break): the host sends the jobs meant for it, `print` prints each, and the host hears what
   * became of it. Returns the way to stop offering it.
   */
  offerPrinter(description: string, print: (zpl: string) => Promise<void>): () => void {
    let stopped = false
    let current: IncomingMessage | null = null
    let retry: NodeJS.Timeout | null = null
    const again = (): void => {
      if (stopped || this.closed) return
      retry = setTimeout(connect, RECONNECT_MS)
    }
    const connect = (): void => {
      if (stopped || this.closed) return
      const req = request(
        this.url(`/api/printer?description=${encodeURIComponent(description)}`),
        { ...this.options('GET'), headers: this.authorization() },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume()
            return again()
          }
          current = res
          let buffer = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            buffer += chunk
            let end: number
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const data = buffer
                .slice(0, end)
                .split('\n')
                .filter((line) => line.startsWith('data: '))
                .map((line) => line.slice(6))
                .join('')
              buffer = buffer.slice(end + 2)
              if (data) void this.printOne(JSON.parse(data) as BenchPrintDelivery, print)
            }
          })
          res.on('close', again)
        }
      )
      req.on('error', again)
      req.end()
    }
    connect()
    const stop = (): void => {
      stopped = true
      if (retry) clearTimeout(retry)
      current?.destroy()
      this.stoppers.delete(stop)
    }
    this.stoppers.add(stop)
    return stop
  }

  private async printOne(delivery: BenchPrintDelivery, print: (zpl: string) => Promise<void>): Promise<void> {
    let answer: BenchPrintAnswer
    try {
      await print(delivery.zpl)
      answer = { token: delivery.token, printed: true }
    } catch (error) {
      answer = {
        token: delivery.token,
        printed: false,
        message: error instanceof Error ? error.message : String(error),
        mayHavePrinted: error instanceof PrinterTransportError ? error.mayHavePrinted : true
      }
    }
    // Unanswered (the host went away meanwhile), the host asks a person whether it printed.
    await this.ask('POST', '/api/printer/answer', answer).catch(() => undefined)
  }

  private keepUnsent(raw: string): void {
    this.state = { ...this.state, unsentScans: [...this.state.unsentScans, { at: new Date().toISOString(), raw }] }
    this.tellEveryone()
  }

  private refusedWhileLost(name: string, input: unknown): CallResponse<unknown> {
    const since = this.state.lostSince ? formatTime(this.state.lostSince) : 'just now'
    if (name === 'scan.submit') {
      this.keepUnsent(String((input as { raw?: unknown } | null)?.raw ?? ''))
      return {
        ok: false,
        error: {
          code: 'host_unreachable',
          message: `The host cannot be reached (since ${since}): this scan is kept here as not sent.`
        }
      }
    }
    return {
      ok: false,
      error: {
        code: 'host_unreachable',
        message: `The host cannot be reached (since ${since}): nothing can be done at this bench until it is back.`
      }
    }
  }

  private lost(): void {
    if (this.closed || !this.state.connected) return
    this.state = { ...this.state, connected: false, lostSince: new Date().toISOString(), reload: false }
    this.tellEveryone()
  }

  private regained(reload: boolean): void {
    if (this.closed || (this.state.connected && !reload)) return
    this.state = { connected: true, lostSince: null, unsentScans: this.state.unsentScans, reload }
    this.tellEveryone()
    this.state = { ...this.state, reload: false }
  }

  private tellEveryone(): void {
    const event: CounterEvent = { name: 'premises.connection', payload: this.state }
    for (const set of this.listeners.values()) for (const listener of set) listener(event)
  }

  private deliver(sessionId: string, event: CounterEvent): void {
    for (const listener of this.listeners.get(sessionId) ?? []) listener(event)
  }

  /** Follows a session's events on the host, resuming after the last one heard whenever the line comes back. */
  private follow(sessionId: string): void {
    // `resumed`: connected once already, so a reconnection asks for everything after the last event heard.
    const stream = { lastEventId: 0, resumed: false, stop: () => undefined as void }
    let stopped = false
    let current: IncomingMessage | null = null
    let retry: NodeJS.Timeout | null = null
    stream.stop = () => {
      stopped = true
      if (retry) clearTimeout(retry)
      current?.destroy()
    }
    this.streams.set(sessionId, stream)
    const again = (): void => {
      if (stopped || this.closed) return
      retry = setTimeout(connect, RECONNECT_MS)
    }
    const connect = (): void => {
      if (stopped || this.closed) return
      const headers: Record<string, string> = { ...this.authorization() }
      if (stream.resumed) headers['Last-Event-ID'] = String(stream.lastEventId)
      const req = request(
        this.url(`/api/events?session=${encodeURIComponent(sessionId)}`),
        { ...this.options('GET'), headers },
        (res) => {
          if (res.statusCode === 404 || res.statusCode === 401 || res.statusCode === 403) {
            res.resume()
            // The host no longer knows this window's session (it restarted, or the bench was removed).
            this.deliver(sessionId, { name: 'session.changed', payload: null })
            return
          }
          current = res
          stream.resumed = true
          this.regained(false)
          let buffer = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            buffer += chunk
            let end: number
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              this.onMessage(sessionId, stream, buffer.slice(0, end))
              buffer = buffer.slice(end + 2)
            }
          })
          res.on('close', () => {
            if (!stopped) this.lost()
            again()
          })
        }
      )
      req.on('error', () => {
        if (!stopped) this.lost()
        again()
      })
      req.end()
    }
    connect()
  }

  private onMessage(sessionId: string, stream: { lastEventId: number }, message: string): void {
    let id: number | null = null
    let data = ''
    let kind = 'message'
    for (const line of message.split('\n')) {
      if (line.startsWith('id: ')) id = Number(line.slice(4))
      else if (line.startsWith('data: ')) data += line.slice(6)
      else if (line.startsWith('event: ')) kind = line.slice(7)
    }
    if (kind === 'resync') return this.regained(true)
    if (!data) return
    if (id !== null) stream.lastEventId = id
    this.deliver(sessionId, JSON.parse(data) as CounterEvent)
  }

  private authorization(): Record<string, string> {
    return { Authorization: `Device ${this.pairing.workstationId}:${this.pairing.credential}` }
  }

  private url(path: string): URL {
    return new URL(path, this.pairing.hostUrl)
  }

  private options(method: string): RequestOptions {
    return { method, agent: this.agent, timeout: ANSWER_WAIT_MS }
  }

  private ask(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url(path),
        {
          ...this.options(method),
          headers: { ...this.authorization(), 'Content-Type': 'application/json', ...headers }
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => {
            if (res.statusCode === 200) return resolve(JSON.parse(text))
            const message =
              (JSON.parse(text || '{}') as { error?: string }).error ?? `The host answered ${res.statusCode}.`
            reject(new HostAnswer(res.statusCode ?? 0, message))
          })
        }
      )
      req.on('timeout', () => req.destroy(new Error('The host did not answer in time.')))
      req.on('error', reject)
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })
  }
}

/** The host answered, refusing (not the line failing): a removed bench, an ended session. */
class HostAnswer extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}
