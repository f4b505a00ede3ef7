/**
 * The premises host: the same contract as browser mode, served to the benches of the pharmacy's
 * network over TLS (the host's own certificate, pinned by each workstation at pairing).
 *
 * - `POST /api/pair` `{code, name}` → `{workstationId, credential, proof}`: a one-time code shown to
 *   an administrator buys a device credential; `proof` lets the workstation check the certificate.
 * - Everything else needs `Authorization: Device <workstationId>:<credential>` (401 without, or for
 *   a revoked workstation): `GET /api/health`, `POST /api/session`, `POST /api/call/<name>` with
 *   `X-Counter-Session`, and `GET /api/events?session=<id>` (Server-Sent Events with `id:` lines; a
 *   reconnecting workstation sends `Last-Event-ID` and is sent what it missed).
 * A session belongs to the bench that opened it; another bench's call with it is refused (403).
 *
 * The bench's own devices, with the same credential and no person's session (a scanner reads
 * whoever is signed in):
 * - `POST /api/scan` `{raw, device}`: a serial scanner at the bench read this; its windows hear it.
 * - `GET /api/printer?description=…`: the bench offers the printer attached to it; the jobs meant
 *   for it come down as Server-Sent Events `{token, zpl}` while the stream is open;
 * - `POST /api/printer/answer` `{token, printed, message?, mayHavePrinted?}`: what became of one.
 */
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Core } from '../main/core'
import type { BenchPrintAnswer } from '../main/devices'
import type { CounterEvent } from '../shared/contract'
import { bodyLimit } from '../shared/contract/body-limits'
import type { Bench } from '../main/contract'
import type { HostCertificate } from './certificate'
import { Refusal, answerFailure, decoded, readBody, send } from './http-parts'

/** Events kept per session for a bench that reconnects; one that missed more reloads instead. */
const KEPT_EVENTS = 500
/** Wrong pairing codes allowed a minute, over all callers: eight digits cannot be tried through. */
const PAIRING_TRIES_A_MINUTE = 10

export interface PremisesListenerOptions {
  core: Core
  certificate: HostCertificate
  port: number
  /** The address to listen on: the host's address on the premises network (0.0.0.0 for all). */
  address: string
}

export interface PremisesListener {
  port: number
  close(): Promise<void>
}

interface SessionFeed {
  bench: Bench
  events: Array<{ id: number; event: CounterEvent }>
  /** The id of the last event no longer kept (0: none dropped yet). */
  droppedThrough: number
  streams: Set<(id: number, event: CounterEvent) => void>
  unsubscribe: () => void
}

export async function startPremisesListener(options: PremisesListenerOptions): Promise<PremisesListener> {
  const { core, certificate } = options
  /** Each session's events, by its current id, kept from the moment it opened. */
  const feeds = new Map<string, SessionFeed>()
  /** Every open stream (a window's events, a bench's printer), with the bench it is open to. */
  const streams = new Map<ServerResponse, string>()
  let nextEventId = 1
  let pairingFailures: number[] = []
  /** The printer each bench offers now, by bench id. */
  const printers = new Map<string, ReturnType<Core['premises']['offerPrinter']>>()

  // A removed bench's streams end at once; its sessions (ended by the core) are forgotten here too.
  const stopHearingRemovals = core.premises.onBenchRemoved((benchId) => {
    for (const [sessionId, feed] of [...feeds])
      if (feed.bench.id === benchId) {
        feed.unsubscribe()
        feeds.delete(sessionId)
      }
    printers.get(benchId)?.withdraw()
    printers.delete(benchId)
    for (const [stream, openTo] of [...streams]) if (openTo === benchId) stream.end()
  })

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => answerFailure(res, error, 'premises-host'))
  })

  function benchOf(req: IncomingMessage): Bench {
    const match = /^Device ([^:\s]+):(\S+)$/.exec(req.headers.authorization ?? '')
    const bench = match ? core.premises.verify(match[1]!, match[2]!) : null
    if (!bench) throw new Refusal(401, 'This workstation is not joined to the host (or was removed): pair it again.')
    return bench
  }

  function feedFor(bench: Bench, sessionId: string): SessionFeed {
    const feed = feeds.get(sessionId)
    if (!feed) throw new Refusal(404, 'This session has ended on the host: start again.')
    if (feed.bench.id !== bench.id) throw new Refusal(403, 'This session belongs to another bench.')
    return feed
  }

  function openFeed(bench: Bench): string {
    const sessionId = core.openSession(bench)
    const feed: SessionFeed = { bench, events: [], droppedThrough: 0, streams: new Set(), unsubscribe: () => undefined }
    feed.unsubscribe =
      core.subscribe(sessionId, (event) => {
        const id = nextEventId++
        feed.events.push({ id, event })
        if (feed.events.length > KEPT_EVENTS) feed.droppedThrough = feed.events.shift()!.id
        for (const stream of feed.streams) stream(id, event)
      }) ?? (() => undefined)
    feeds.set(sessionId, feed)
    return sessionId
  }

  async function pair(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = Date.now()
    pairingFailures = pairingFailures.filter((at) => now - at < 60_000)
    if (pairingFailures.length >= PAIRING_TRIES_A_MINUTE)
      return send(res, 429, { error: 'Too many wrong pairing codes: wait a minute, then try again.' })
    let input: { code?: unknown; name?: unknown }
    try {
      input = JSON.parse(await readBody(req, 4_096)) as typeof input
    } catch {
      throw new Refusal(400, 'The pairing request is not JSON.')
    }
    const code = typeof input.code === 'string' ? input.code.replace(/\s/g, '') : ''
    const name = typeof input.name === 'string' ? input.name.trim().slice(0, 40) : ''
    if (!/^\d{8}$/.test(code) || name.length < 2)
      throw new Refusal(400, 'A pairing needs the eight-digit code and a name for this bench.')
    try {
      return send(res, 200, core.premises.pair(code, name, certificate.fingerprint))
    } catch (error) {
      pairingFailures.push(now)
      return send(res, 403, { error: (error as Error).message })
    }
  }

  async function jsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
    try {
      const parsed: unknown = JSON.parse(await readBody(req, limit))
      if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>
    } catch {
      // answered below
    }
    throw new Refusal(400, 'The body is not a JSON object.')
  }

  /** A bench offers its printer while this stream is open; one offer per bench (the newest wins). */
  function offerPrinter(bench: Bench, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const description = (url.searchParams.get('description') ?? '').trim().slice(0, 120)
    if (description.length === 0) throw new Refusal(400, 'Say which printer the bench offers (description).')
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    streams.set(res, bench.id)
    const offer = core.premises.offerPrinter(bench, description, (delivery) => {
      if (res.destroyed || res.writableEnded) throw new Error('the bench is gone')
      res.write(`data: ${JSON.stringify(delivery)}\n\n`)
    })
    printers.set(bench.id, offer)
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 5_000)
    req.on('close', () => {
      clearInterval(keepAlive)
      streams.delete(res)
      offer.withdraw()
      if (printers.get(bench.id) === offer) printers.delete(bench.id)
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://host')
    if (req.method === 'POST' && url.pathname === '/api/pair') return pair(req, res)
    const bench = benchOf(req)
    if (req.method === 'GET' && url.pathname === '/api/health') return send(res, 200, { ok: true, bench })
    if (req.method === 'POST' && url.pathname === '/api/scan') {
      const input = await jsonBody(req, 8_192)
      const raw = typeof input.raw === 'string' ? input.raw : ''
      const device = typeof input.device === 'string' ? input.device.slice(0, 80) : 'scanner'
      if (raw.length === 0 || raw.length > 4_096) throw new Refusal(400, 'A scan is 1 to 4096 characters.')
      return send(res, 200, core.premises.scanAt(bench, raw, device))
    }
    if (req.method === 'GET' && url.pathname === '/api/printer') return offerPrinter(bench, url, req, res)
    if (req.method === 'POST' && url.pathname === '/api/printer/answer') {
      const input = (await jsonBody(req, 4_096)) as Partial<BenchPrintAnswer>
      if (typeof input.token !== 'string' || typeof input.printed !== 'boolean')
        throw new Refusal(400, 'An answer names the job (token) and says whether it printed.')
      const known = printers.get(bench.id)?.answer({
        token: input.token,
        printed: input.printed,
        message: typeof input.message === 'string' ? input.message.slice(0, 500) : undefined,
        mayHavePrinted: typeof input.mayHavePrinted === 'boolean' ? input.mayHavePrinted : undefined
      })
      return send(res, known ? 200 : 404, known ? { ok: true } : { error: 'No job waits under that token.' })
    }
    if (req.method === 'POST' && url.pathname === '/api/session') return send(res, 200, { sessionId: openFeed(bench) })
    if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
      const sessionId = String(req.headers['x-counter-session'] ?? '')
      const feed = feedFor(bench, sessionId)
      const name = decoded(url.pathname.slice('/api/call/'.length))
      const body = await readBody(req, bodyLimit(name))
      let input: unknown
      try {
        input = body.length === 0 ? undefined : JSON.parse(body)
      } catch {
        return send(res, 200, { ok: false, error: { code: 'invalid_input', message: 'The request body is not JSON.' } })
      }
      const answer = await core.dispatch(sessionId, name, input)
      if (!answer.ok && answer.error.code === 'session_expired') {
        feed.unsubscribe()
        feeds.delete(sessionId)
      }
      if (answer.ok && answer.renewedSessionId) {
        feeds.delete(sessionId)
        feeds.set(answer.renewedSessionId, feed)
      }
      return send(res, 200, answer)
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      const feed = feedFor(bench, url.searchParams.get('session') ?? '')
      const resuming = req.headers['last-event-id'] !== undefined
      const lastSeen = Number(req.headers['last-event-id'] ?? 0)
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      const write = (id: number, event: CounterEvent) =>
        !res.writableEnded && res.write(`id: ${id}\ndata: ${JSON.stringify(event)}\n\n`)
      // What the bench missed while it was away: all of it, or (when more than is kept) a word to reload.
      if (resuming) {
        if (lastSeen < feed.droppedThrough) res.write(`event: resync\ndata: {}\n\n`)
        for (const kept of feed.events) if (kept.id > lastSeen) write(kept.id, kept.event)
      }
      res.write(': connected\n\n')
      feed.streams.add(write)
      streams.set(res, bench.id)
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 5_000)
      req.on('close', () => {
        clearInterval(keepAlive)
        feed.streams.delete(write)
        streams.delete(res)
      })
      return
    }
    send(res, 404, { error: 'not found' })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.address, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    port,
    close: async () => {
      // The printers first: withdrawing one tells the windows, whose streams must still be open.
      for (const offer of printers.values()) offer.withdraw()
      stopHearingRemovals()
      for (const stream of streams.keys()) stream.end()
      for (const [sessionId, feed] of feeds) {
        feed.unsubscribe()
        core.closeSession(sessionId)
      }
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
