/**
 * A second Phensys for tests, written from the contract's words alone (shared/phensys-provider-api.md),
 * sharing no code with the project's sandbox (src/sandbox) or with the counter's schemas. Wherever the
 * contract leaves a choice open it chooses unlike the sandbox, so a client that leans on the sandbox's
 * habits fails here:
 * - cursors are random base64 blobs (with `+`, `/`, `=`), not ordered strings, and each delivery of an
 *   entry may carry a new one (or JSON numbers, where a test sets `habits.numericCursors`);
 * - ids are opaque text of up to 64 characters that a path segment must encode (`/`, `:`, `+`, space,
 *   `%`, `?`, `#`, non-ASCII); decided sane: any printable Unicode, no control characters;
 * - optional fields are left out rather than sent as null; snapshots carry fields and enum values the
 *   contract does not list; feed pages are short (`more: true` with fewer entries than `limit`);
 * - a 201 answer and a 409 carry fields beyond the contract's.
 * It holds the counter to the contract strictly: every call's token, every event's idempotency key and
 * body (the exact `data` of its type) and the state rules. Anything off is answered `400` (or `401`,
 * `409`, `422`) with the contract's error shape and recorded in `violations`, so a test asserts none.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Json = Record<string, unknown>

export interface FeedItem {
  cursor: string | number
  kind: string
  requestId: string
  version: number
  at: string
  request?: Json | null
  [extra: string]: unknown
}

export interface AcceptedEvent {
  eventId: string
  key: string
  type: string
  body: Json
  stateBefore: string
  stateAfter: string
  versionAfter: number
}

export interface Violation {
  status: number
  code: string
  message: string
  method: string
  path: string
  body?: unknown
}

type Fault = { status: 408 | 429 | 503 | 500; retryAfter?: string }
/** An answer that did not come from Phensys at all (a proxy's or captive portal's page). */
type Foreign = { status: number; contentType: string; body: string }
type FaultTarget = 'feed' | 'events' | 'open' | 'request' | 'health'

/** Marks a feed item kept only to be served as a malformed entry (`appendMalformed`). */
const MALFORMED = '__malformed'
/** Marks a huge numeric cursor in a value, written out as its bare digits (`send`): JSON.stringify has no big numbers. */
const HUGE = 'literal-huge-number:'
const TERMINAL = new Set(['delivered', 'rejected', 'cancelled'])
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const KEY = /^[\x21-\x7E]{8,128}$/
const QUERY_REASONS = ['hard_copy_mismatch', 'hard_copy_overdue', 'clinical', 'address', 'other']
const REJECT_REASONS = ['request_unreadable', 'cannot_supply', 'clinical', 'other']

/** The contract's table: each type's `data` keys and a check of each value. */
const DATA: Record<string, Record<string, (value: unknown) => boolean>> = {
  accepted: {},
  'hard_copy.awaiting': {},
  'hard_copy.received': { receivedAt: isTimestamp, matchesRequest: isBoolean },
  'stock.available': {},
  'stock.ordered': { eta: isDate, lines: isLineList, wholesaler: isText },
  'stock.supply_issue': { lines: isLineList, reason: isText, eta: (v) => v === null || isDate(v) },
  'dispensing.started': {},
  'dispensing.labelled': { labels: isCount },
  'dispensing.checked': { clinicalCheckBy: isText, accuracyCheckBy: isText },
  packed: { parcels: isCount },
  dispatched: {
    carrier: isText,
    service: isText,
    trackingNumbers: (v) => Array.isArray(v) && v.every(isText),
    dispatchedAt: isTimestamp
  },
  delivered: { deliveredAt: isTimestamp },
  'query.raised': { reason: (v) => QUERY_REASONS.includes(v as string), message: isText },
  rejected: { reason: (v) => REJECT_REASONS.includes(v as string), message: isText },
  'cancellation.acknowledged': { stockReturned: isBoolean }
}

const INFORMATIONAL = new Set([
  'hard_copy.awaiting',
  'hard_copy.received',
  'stock.available',
  'dispensing.started',
  'dispensing.labelled',
  'dispensing.checked',
  'packed'
])

/** Where each event may go, read from "Phensys accepts an event only where it makes sense", and the state it leads to. */
function transition(type: string, state: string): string | null {
  if (type === 'accepted') return state === 'sent_to_provider' ? 'in_fulfilment' : null
  if (type === 'query.raised') return TERMINAL.has(state) ? null : 'query_open'
  if (type === 'rejected') return TERMINAL.has(state) ? null : 'rejected'
  if (type === 'cancellation.acknowledged') return state === 'cancelled' ? state : null
  if (type === 'delivered') return state === 'dispatched' ? 'delivered' : null
  if (type === 'dispatched') return state === 'in_fulfilment' ? 'dispatched' : null
  if (type === 'stock.ordered' || type === 'stock.supply_issue') {
    if (state === 'in_fulfilment') return 'awaiting_patient_decision'
    return state === 'awaiting_patient_decision' ? state : null
  }
  if (type === 'stock.available' && state === 'awaiting_patient_decision') return 'in_fulfilment'
  if (type === 'hard_copy.received' && state === 'awaiting_patient_decision') return state
  if (INFORMATIONAL.has(type)) return state === 'in_fulfilment' ? state : null
  return null
}

function isText(v: unknown): boolean {
  return typeof v === 'string' && v.trim().length > 0
}
function isBoolean(v: unknown): boolean {
  return typeof v === 'boolean'
}
function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1
}
function isTimestamp(v: unknown): boolean {
  return typeof v === 'string' && RFC3339_UTC.test(v) && !Number.isNaN(Date.parse(v))
}
function isDate(v: unknown): boolean {
  return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
}
function isLineList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every(isText)
}
function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function blob(): string {
  // Standard base64 of random bytes: `+`, `/` and `=` appear, and no order can be read from it.
  return randomBytes(12 + Math.floor(Math.random() * 9)).toString('base64')
}

/**
 * Shapes the contract leaves open, each taken the other way from the sandbox when set (a test sets
 * them for its own requests and clears them after).
 */
export interface Habits {
  /** Cursors are JSON numbers (`"next": 1004`), not text: the contract calls them opaque. */
  numericCursors?: boolean
  /**
   * Cursors are JSON numbers past 2^53 (`"next": 9007199254741013`): JSON sets numbers no limit, a
   * double holds these only rounded, and a rounded cursor names no place in this feed.
   */
  hugeNumericCursors?: boolean
  /** A feed call with nothing after the cursor (at once, or after its wait) is answered `204` with no body. */
  emptyFeedAs204?: boolean
  /** The last page (`more: false`) says `"next": null`: the entries carry their own cursors. */
  nextNullOnLastPage?: boolean
  /** The last page (`more: false`) says `"next": ""`, opaque text for no cursor: the entries carry their own. */
  nextEmptyOnLastPage?: boolean
  /** The health check's `status`, where the contract shows `ok` (a value it does not list is still Phensys answering). */
  healthStatus?: string
}

export interface LiteralPhensys {
  url: string
  habits: Habits
  /** The token it takes now (`revokeToken` changes it). */
  readonly token: string
  violations: Violation[]
  /** Every 409 it answered (the counter may meet them legitimately; a test reads them). */
  conflicts: Array<{ requestId: string; type: string; state: string }>
  /** Idempotency keys of event calls that were answered 408/429/503/5xx or intercepted, with the body sent. */
  faulted: Array<{ requestId: string; key: string; body: string; at: number }>
  /** Every event call answered as a replay. */
  replays: number
  /** Every call answered 401 (a token it does not take), by path. */
  unauthorised: string[]
  /** Phensys stops taking the token it gave (revoked, rotated): every call with it is answered 401. */
  revokeToken(): void
  /** Phensys takes the token it gave again. */
  restoreToken(): void
  /** This key was used with another body (another workstation, a store restored from a backup): answered 422. */
  spendKey(id: string, key: string): void
  /** Phensys no longer knows the request (it was never this provider's, or it was purged): answered 404. */
  forget(id: string): void
  create(snapshot: Json, kind?: string): Json
  /** Phensys changes a request: a new version, and a feed entry of `kind`. */
  change(id: string, edit: (snapshot: Json) => void, kind: string): Json
  snapshot(id: string): Json
  /** The ids of every request it holds. */
  ids(): string[]
  accepted(id: string): AcceptedEvent[]
  /** Appends a raw entry (an unreadable snapshot, a new kind) to the feed. */
  append(entry: Omit<FeedItem, 'cursor'>): void
  /**
   * Appends a feed entry exactly as given, even one that is no object at all (`null`, a string): a
   * page carries it as it is, and the page's `next` still moves past it.
   */
  appendMalformed(value: unknown): void
  /** Delivers an entry already sent again, under a new cursor. */
  redeliver(requestId: string, version: number): void
  /** The next `n` calls of `target` answer this. */
  fail(target: FaultTarget, n: number, fault: Fault): void
  /**
   * The next `n` events never reach Phensys: something in between (a proxy, a captive portal)
   * answers this instead. Recorded in `faulted`.
   */
  intercept(n: number, answer: Foreign): void
  /** The next `n` events are committed and their answers lost (the connection cut before the answer). */
  dropAnswers(n: number): void
  /** Every cursor given so far is too old (410), and the feed keeps only what comes after now. */
  expireCursors(): void
  /** How many feed calls held their answer (long-polled) and how many were answered 410. */
  stats: {
    held: number
    expired: number
    openPages: number
    feedCalls: number
    feedCallTimes: number[]
    /** Every health check asked (`GET /v1/health`), answered or faulted. */
    healthCalls: number
  }
  close(): Promise<void>
}

interface Held {
  snapshot: Json
  events: AcceptedEvent[]
  keys: Map<string, { body: string; status: number; answer: Json }>
}

export async function startLiteralPhensys(
  options: { token?: string; pageSize?: number } = {}
): Promise<LiteralPhensys> {
  const given = options.token ?? `lit-${blob()}`
  let token = given
  const pageSize = options.pageSize ?? 3
  const requests = new Map<string, Held>()
  const feed: FeedItem[] = []
  /** Where each cursor given out points in the feed (after that entry). */
  const cursors = new Map<string, number>()
  let retainedFrom = 0
  let expiredBefore = new Set<string>()
  const faults: Record<FaultTarget, Fault[]> = { feed: [], events: [], open: [], request: [], health: [] }
  const waiting = new Set<() => void>()
  let eventSeq = 0
  let answersToDrop = 0
  const intercepted: Foreign[] = []

  const api: LiteralPhensys = {
    url: '',
    get token() {
      return token
    },
    habits: {},
    violations: [],
    conflicts: [],
    faulted: [],
    replays: 0,
    unauthorised: [],
    revokeToken() {
      token = `lit-${blob()}`
    },
    restoreToken() {
      token = given
    },
    spendKey(id, key) {
      mustHold(id).keys.set(key, { body: '{"spent":true}', status: 201, answer: {} })
    },
    forget(id) {
      mustHold(id)
      requests.delete(id)
    },
    stats: { held: 0, expired: 0, openPages: 0, feedCalls: 0, feedCallTimes: [], healthCalls: 0 },
    create(snapshot, kind = 'request.created') {
      const id = snapshot.id as string
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
      const full: Json = { version: 1, state: 'sent_to_provider', createdAt: now, updatedAt: now, ...snapshot }
      requests.set(id, { snapshot: full, events: [], keys: new Map() })
      push({ kind, requestId: id, version: full.version as number, at: now, request: structuredClone(full) })
      return structuredClone(full)
    },
    change(id, edit, kind) {
      const held = mustHold(id)
      const next = structuredClone(held.snapshot)
      edit(next)
      next.version = (held.snapshot.version as number) + 1
      next.updatedAt = new Date().toISOString()
      held.snapshot = next
      push({
        kind,
        requestId: id,
        version: next.version as number,
        at: next.updatedAt as string,
        request: structuredClone(next)
      })
      return structuredClone(next)
    },
    snapshot: (id) => structuredClone(mustHold(id).snapshot),
    ids: () => [...requests.keys()],
    accepted: (id) => requests.get(id)?.events ?? [],
    append(entry) {
      push(entry)
    },
    appendMalformed(value) {
      push({ [MALFORMED]: value } as unknown as FeedItem)
    },
    redeliver(requestId, version) {
      const old = feed.find((e) => e.requestId === requestId && e.version === version)
      if (!old) throw new Error(`no entry ${requestId} v${version}`)
      push({ ...structuredClone(old), cursor: undefined } as unknown as FeedItem)
    },
    fail(target, n, fault) {
      for (let i = 0; i < n; i++) faults[target].push(fault)
    },
    intercept(n, answer) {
      for (let i = 0; i < n; i++) intercepted.push(answer)
    },
    dropAnswers(n) {
      answersToDrop += n
    },
    expireCursors() {
      expiredBefore = new Set(cursors.keys())
      retainedFrom = feed.length
    },
    close: () => {
      for (const wake of waiting) wake()
      return new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
    }
  }

  function mustHold(id: string): Held {
    const held = requests.get(id)
    if (!held) throw new Error(`no request ${id}`)
    return held
  }

  function push(entry: Omit<FeedItem, 'cursor'> & { cursor?: unknown }): void {
    const digits = String(2n ** 53n + 1n + 2n * BigInt(feed.length))
    const cursor = api.habits.hugeNumericCursors
      ? `${HUGE}${digits}`
      : api.habits.numericCursors
        ? 1000 + feed.length
        : blob()
    feed.push({ ...entry, cursor } as FeedItem)
    cursors.set(api.habits.hugeNumericCursors ? digits : String(cursor), feed.length)
    for (const wake of [...waiting]) wake()
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body).replace(new RegExp(`"${HUGE}(\\d+)"`, 'g'), '$1')
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
    res.end(text)
  }

  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    body?: unknown
  ): void {
    api.violations.push({ status, code, message, method: req.method ?? '', path: req.url ?? '', body })
    send(res, status, { error: { code, message, details: [] } })
  }

  function fault(target: FaultTarget, res: ServerResponse): boolean {
    const next = faults[target].shift()
    if (!next) return false
    send(
      res,
      next.status,
      {
        error: {
          code: next.status === 429 ? 'rate_limited' : next.status === 408 ? 'timeout' : 'unavailable',
          message: 'try later'
        }
      },
      next.retryAfter === undefined ? {} : { 'Retry-After': next.retryAfter }
    )
    return true
  }

  async function serveFeed(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    api.stats.feedCalls += 1
    api.stats.feedCallTimes.push(Date.now())
    if (fault('feed', res)) return
    const after = query.get('after')
    const limit = query.get('limit') === null ? 100 : Number(query.get('limit'))
    const wait = query.get('wait') === null ? 0 : Number(query.get('wait'))
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      return refuse(req, res, 400, 'validation_failed', `limit must be 1..500, was ${query.get('limit')}`)
    if (!Number.isFinite(wait) || wait < 0 || wait > 30)
      return refuse(req, res, 400, 'validation_failed', `wait must be 0..30, was ${query.get('wait')}`)
    let from = retainedFrom
    if (after !== null) {
      if (expiredBefore.has(after)) {
        api.stats.expired += 1
        return send(res, 410, {
          error: { code: 'cursor_expired', message: 'The cursor is older than the feed keeps.' }
        })
      }
      const at = cursors.get(after)
      if (at === undefined) return refuse(req, res, 400, 'validation_failed', `unknown cursor ${after}`)
      from = Math.max(at, retainedFrom)
    }
    if (from >= feed.length && wait > 0) {
      api.stats.held += 1
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer)
          waiting.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, wait * 1000)
        waiting.add(wake)
        res.on('close', wake)
      })
    }
    // Short pages: never more than `pageSize`, however large the limit.
    const page = feed.slice(from, from + Math.min(limit, pageSize))
    if (page.length === 0 && api.habits.emptyFeedAs204) {
      res.writeHead(204)
      return void res.end()
    }
    const more = from + page.length < feed.length
    const next =
      page.length > 0
        ? page[page.length - 1]!.cursor
        : api.habits.hugeNumericCursors && after
          ? `${HUGE}${after}`
          : api.habits.numericCursors && after
            ? Number(after)
            : after
    const entries = page.map((entry) => (MALFORMED in entry ? entry[MALFORMED] : entry))
    const said = !more && api.habits.nextNullOnLastPage ? null : !more && api.habits.nextEmptyOnLastPage ? '' : next
    send(res, 200, { entries, next: said, more, servedAt: new Date().toISOString() })
  }

  function serveOpen(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (fault('open', res)) return
    if (query.get('open') !== 'true') return refuse(req, res, 400, 'validation_failed', 'open=true is required')
    const limit = query.get('limit') === null ? 100 : Number(query.get('limit'))
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      return refuse(req, res, 400, 'validation_failed', `limit must be 1..500, was ${query.get('limit')}`)
    const after = query.get('after')
    const open = [...requests.entries()]
      .filter(([, held]) => !TERMINAL.has(held.snapshot.state as string))
      .map(([id]) => id)
      .sort()
    if (after !== null && !requests.has(after))
      return refuse(req, res, 400, 'validation_failed', `after is not a request id: ${after}`)
    const start = after === null ? 0 : open.filter((id) => id <= after).length
    const ids = open.slice(start, start + Math.min(limit, 2))
    const next = start + ids.length < open.length ? ids[ids.length - 1]! : null
    api.stats.openPages += 1
    send(res, 200, { requests: ids.map((id) => requests.get(id)!.snapshot), next, total: open.length })
  }

  function serveEvent(req: IncomingMessage, res: ServerResponse, id: string, text: string): void {
    const foreign = intercepted.shift()
    if (foreign) {
      api.faulted.push({ requestId: id, key: String(req.headers['idempotency-key']), body: text, at: Date.now() })
      res.writeHead(foreign.status, { 'Content-Type': foreign.contentType })
      res.end(foreign.body)
      return
    }
    const held = requests.get(id)
    if (!held) return refuse(req, res, 404, 'not_found', `no request ${id}`)
    const key = req.headers['idempotency-key']
    if (typeof key !== 'string' || !KEY.test(key))
      return refuse(req, res, 400, 'validation_failed', `Idempotency-Key must be 8..128 characters: ${String(key)}`)
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
      return refuse(req, res, 400, 'validation_failed', `Content-Type ${req.headers['content-type']}`)
    const seen = held.keys.get(key)
    if (seen) {
      if (seen.body !== text)
        return refuse(req, res, 422, 'idempotency_key_reused', `key ${key} with another body`, text)
      api.replays += 1
      return send(res, seen.status, seen.answer, { 'Idempotent-Replayed': 'true' })
    }
    if (faults.events.length > 0) {
      api.faulted.push({ requestId: id, key, body: text, at: Date.now() })
      fault('events', res)
      return
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return refuse(req, res, 400, 'validation_failed', 'the body is not JSON', text)
    }
    const problem = invalid(body, held.snapshot)
    if (problem) return refuse(req, res, 400, 'validation_failed', problem, body)
    const event = body as Json
    const type = event.type as string
    const state = held.snapshot.state as string
    const after = transition(type, state)
    if (after === null) {
      api.conflicts.push({ requestId: id, type, state })
      const answer = {
        error: { code: 'conflict', message: `${type} does not fit a request in ${state}`, details: [{ state }] },
        request: structuredClone(held.snapshot),
        retryable: false
      }
      held.keys.set(key, { body: text, status: 409, answer })
      return send(res, 409, answer)
    }
    if (after !== state) {
      api.change(
        id,
        (s) => {
          s.state = after
          if (after === 'awaiting_patient_decision') s.options = ['wait', 'cancel', 'further_consultation', 'reroute']
          else delete s.options
        },
        'request.updated'
      )
    }
    eventSeq += 1
    const eventId = `ev/${eventSeq}:${blob()}`
    held.events.push({
      eventId,
      key,
      type,
      body: event,
      stateBefore: state,
      stateAfter: after,
      versionAfter: held.snapshot.version as number
    })
    const answer = {
      eventId,
      request: structuredClone(held.snapshot),
      receivedAt: new Date().toISOString(),
      links: { self: `/v1/provider/requests/${encodeURIComponent(id)}/events/${encodeURIComponent(eventId)}` }
    }
    held.keys.set(key, { body: text, status: 201, answer })
    if (answersToDrop > 0) {
      answersToDrop -= 1
      res.socket?.destroy()
      return
    }
    send(res, 201, answer)
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      route(req, res, text).catch((error: unknown) =>
        send(res, 500, { error: { code: 'internal', message: String(error) } })
      )
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const raw = req.url ?? '/'
    const question = raw.indexOf('?')
    const path = question < 0 ? raw : raw.slice(0, question)
    const query = new URLSearchParams(question < 0 ? '' : raw.slice(question + 1))
    if (req.method === 'GET' && path === '/v1/health') {
      api.stats.healthCalls += 1
      if (fault('health', res)) return
      return send(res, 200, { status: api.habits.healthStatus ?? 'ok', time: new Date().toISOString() })
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      api.unauthorised.push(path)
      return send(res, 401, { error: { code: 'unauthorized', message: 'wrong or missing token', details: [] } })
    }
    // Split the raw path on `/` first, then decode each segment: an id's own `/` arrives as %2F.
    const segments = path.split('/').map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return null
      }
    })
    if (segments.some((segment) => segment === null))
      return refuse(req, res, 400, 'validation_failed', `bad path ${path}`)
    const [, v1, provider, collection, id, tail, ...rest] = segments as string[]
    if (v1 !== 'v1' || provider !== 'provider') return refuse(req, res, 404, 'not_found', `no route ${path}`)
    if (req.method === 'GET' && collection === 'feed' && id === undefined) return serveFeed(req, res, query)
    if (collection !== 'requests') return refuse(req, res, 404, 'not_found', `no route ${path}`)
    if (req.method === 'GET' && id === undefined) return serveOpen(req, res, query)
    if (req.method === 'GET' && id !== undefined && tail === undefined) {
      if (fault('request', res)) return
      const held = requests.get(id)
      return held ? send(res, 200, held.snapshot) : refuse(req, res, 404, 'not_found', `no request ${id}`)
    }
    if (req.method === 'POST' && id !== undefined && tail === 'events' && rest.length === 0)
      return serveEvent(req, res, id, text)
    return refuse(req, res, 404, 'not_found', `no route ${req.method} ${path}`)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return api
}

/** The first thing wrong with an event body, read strictly by the contract, or null. */
function invalid(body: unknown, snapshot: Json): string | null {
  if (!isObject(body)) return 'the body is not an object'
  const keys = Object.keys(body).sort().join(',')
  if (keys !== 'actor,basedOnVersion,data,occurredAt,type,workstation') return `the body's fields are ${keys}`
  const type = body.type
  if (typeof type !== 'string' || !(type in DATA)) return `unknown type ${String(type)}`
  if (!isTimestamp(body.occurredAt)) return `occurredAt ${String(body.occurredAt)} is not RFC 3339 UTC`
  const based = body.basedOnVersion
  if (typeof based !== 'number' || !Number.isInteger(based) || based < 1) return `basedOnVersion ${String(based)}`
  // The counter cannot have acted on a version Phensys never made.
  if (based > (snapshot.version as number))
    return `basedOnVersion ${based} is above the request's ${String(snapshot.version)}`
  if (!isText(body.workstation)) return 'workstation is missing'
  const actor = body.actor
  if (!isObject(actor) || Object.keys(actor).sort().join(',') !== 'id,name,role') return 'actor is not {id, name, role}'
  if (!isText(actor.id) || !isText(actor.name) || !isText(actor.role)) return 'actor has an empty field'
  const data = body.data
  if (!isObject(data)) return 'data is not an object'
  const wanted = DATA[type]!
  const dataKeys = Object.keys(data).sort().join(',')
  if (dataKeys !== Object.keys(wanted).sort().join(','))
    return `${type}.data has ${dataKeys || 'no fields'}, the contract says ${Object.keys(wanted).join(',') || 'none'}`
  for (const [field, ok] of Object.entries(wanted))
    if (!ok(data[field])) return `${type}.data.${field} is ${JSON.stringify(data[field])}`
  if ('lines' in wanted) {
    const items = ((snapshot.prescription as Json | undefined)?.items ?? []) as Json[]
    const known = new Set(items.map((item) => item.lineId))
    const stray = (data.lines as string[]).filter((line) => !known.has(line))
    if (stray.length > 0) return `${type}.data.lines names lines the request does not have: ${stray.join(', ')}`
  }
  return null
}
