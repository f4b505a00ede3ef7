/**
 * A minimal Phensys written by hand from the contract's words (shared/phensys-provider-api.md), for
 * tests that need one call answered in one exact, legal way: a real node:http server on 127.0.0.1,
 * sharing no code with the sandbox or with the counter. It keeps a feed of entries (cursors `k1`,
 * `k2`… in order), the requests by id, and every event posted; a test may answer any call itself
 * (`answer`), in any way the contract allows.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Json = Record<string, unknown>

/** What a test answers instead of the default, or undefined to leave the call to it. */
export interface Reply {
  status: number
  body?: unknown
  /** The body as text, written as it is (JSON with numbers no double holds, say). */
  text?: string
  headers?: Record<string, string>
  /** No answer at all (`status` unused): the call is read and left open, as a Phensys that stalls (ended by `close`). */
  hang?: true
}

export interface Call {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: string
}

export interface HandMadePhensys {
  url: string
  token: string
  requests: Map<string, Json>
  /** Every call, in order. */
  calls: Call[]
  /** Every event posted (answered or not). */
  events: Array<{ requestId: string; key: string; body: Json }>
  /** Appends an entry to the feed: its cursor is given here. */
  append(entry: Json): void
  /** Stores a request and appends `request.created` (or `kind`) with its snapshot. */
  put(snapshot: Json, kind?: string): void
  /** Answers a call itself: return undefined to leave it to the default. */
  answer: (call: Call) => Reply | undefined
  /**
   * Closes every connection now, kept-alive ones too, as an idle timeout would: the next call a
   * client sends on one before it has read the close reaches a closed socket.
   */
  dropConnections(): void
  /** Stops listening, connections closed: its port refuses every call, as a Phensys that is down. */
  down(): Promise<void>
  /** Listens again on the same port, with what it held before. */
  up(): Promise<void>
  close(): Promise<void>
}

function errorBody(code: string, message: string): Json {
  return { error: { code, message, details: [] } }
}

/**
 * `prefix`: where Phensys is served under its host (behind a gateway, say `/gw`): calls elsewhere are
 * answered 404, as a gateway would.
 */
export async function startHandMadePhensys(token = 'hand-made-token', prefix = ''): Promise<HandMadePhensys> {
  const feed: Json[] = []
  const requests = new Map<string, Json>()
  const calls: Call[] = []
  const events: HandMadePhensys['events'] = []
  let served = 0

  const defaultReply = (call: Call): Reply => {
    if (call.path === '/v1/health') return { status: 200, body: { status: 'ok', time: new Date().toISOString() } }
    if (call.headers.authorization !== `Bearer ${token}`)
      return { status: 401, body: errorBody('unauthorised', 'wrong or missing token') }
    if (call.method === 'GET' && call.path === '/v1/provider/feed') {
      const after = call.query.get('after')
      const start = after === null ? 0 : feed.findIndex((entry) => entry.cursor === after) + 1
      const limit = Number(call.query.get('limit') ?? 100)
      const page = feed.slice(start, start + limit)
      const last = page.at(-1)
      return {
        status: 200,
        body: {
          entries: page,
          next: last ? last.cursor : (after ?? null),
          more: start + page.length < feed.length
        }
      }
    }
    if (call.method === 'GET' && call.path === '/v1/provider/requests') {
      const open = [...requests.values()].filter(
        (r) => !['delivered', 'rejected', 'cancelled'].includes(String(r.state))
      )
      return { status: 200, body: { requests: open, next: null } }
    }
    const one = /^\/v1\/provider\/requests\/([^/]+)(\/events)?$/.exec(call.path)
    if (one) {
      const id = decodeURIComponent(one[1] ?? '')
      const held = requests.get(id)
      if (!held) return { status: 404, body: errorBody('not_found', `no request ${id}`) }
      if (call.method === 'GET' && !one[2]) return { status: 200, body: held }
      if (call.method === 'POST' && one[2]) {
        const next = { ...held, version: Number(held.version) + 1 }
        requests.set(id, next)
        served += 1
        return { status: 201, body: { eventId: `ev_${served}`, request: next } }
      }
    }
    return { status: 404, body: errorBody('not_found', 'no such call') }
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const under = url.pathname.startsWith(`${prefix}/`)
      const call: Call = {
        method: req.method ?? 'GET',
        path: under ? url.pathname.slice(prefix.length) : `(outside ${prefix})${url.pathname}`,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      calls.push(call)
      const event = /^\/v1\/provider\/requests\/([^/]+)\/events$/.exec(call.path)
      if (call.method === 'POST' && event) {
        let body: Json = {}
        try {
          body = JSON.parse(call.body) as Json
        } catch {
          body = {}
        }
        events.push({
          requestId: decodeURIComponent(event[1] ?? ''),
          key: String(call.headers['idempotency-key'] ?? ''),
          body
        })
      }
      const reply = phensys.answer(call) ?? defaultReply(call)
      if (reply.hang) return
      const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))
      res.writeHead(reply.status, {
        ...(text ? { 'Content-Type': 'application/json' } : {}),
        ...reply.headers
      })
      res.end(text)
    })
  }

  const server: Server = createServer(handle)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as AddressInfo).port
  const down = (): Promise<void> =>
    new Promise<void>((done) => {
      server.closeAllConnections()
      server.close(() => done())
    })
  const phensys: HandMadePhensys = {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    calls,
    events,
    append(entry) {
      feed.push({ cursor: `k${feed.length + 1}`, ...entry })
    },
    put(snapshot, kind = 'request.created') {
      requests.set(String(snapshot.id), snapshot)
      phensys.append({
        kind,
        requestId: snapshot.id,
        version: snapshot.version,
        at: '2026-11-26T09:12:00Z',
        request: snapshot
      })
    },
    answer: () => undefined,
    dropConnections: () => server.closeAllConnections(),
    down,
    up: () => new Promise<void>((done) => server.listen(port, '127.0.0.1', done)),
    close: down
  }
  return phensys
}
