/**
 * The HTTP side of the Phensys Provider API v1: each call answers a plain outcome the sync loops
 * act on; nothing here touches the store.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { createHash } from 'node:crypto'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { tokenProblem } from '../../shared/phensys/token'
export interface FeedEntry {
  cursor?: unknown
  kind?: unknown
  requestId?: unknown
  version?: unknown
  at?: unknown
  request?: unknown
  [key: string]: unknown
}

/** A feed entry as an object of fields, or null when Phensys sent something else in its place (`null`, a string, a list). */
export function feedEntryFields(entry: unknown): FeedEntry | null {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as FeedEntry) : null
}

/**
 * Try again later. `unreachable`: no answer at all, or 503: Phensys itself is away, so nothing
 * else will get through either. Otherwise (429, 500…) only this call failed. `mayHaveReached`: the
 * call's bytes were sent (a connection was made: a timeout or a reset after it, any answer), so
 * Phensys may have read and acted on it; false only when it failed before connecting (refused,
 * the name not found, a timeout while connecting) or was never sent (`tokenProblem`).
 */
export interface Retry {
  kind: 'retry'
  reason: string
  retryAfterMs: number | null
  unreachable: boolean
  mayHaveReached: boolean
}

export type FeedOutcome =
  // Each entry as Phensys sent it: most are objects (`feedEntryFields`), but a page may carry anything.
  { kind: 'page'; entries: unknown[]; next: string | null; more: boolean } | { kind: 'cursor_expired' } | Retry

export type OpenPageOutcome = { kind: 'page'; requests: unknown[]; next: string | null } | Retry

export type LookUpOutcome =
  { kind: 'found'; snapshot: unknown } | { kind: 'gone' } | { kind: 'refused'; reason: string } | Retry

export type EventOutcome =
  | { kind: 'accepted'; snapshot: unknown; replayed: boolean }
  | { kind: 'conflict'; snapshot: unknown; message: string }
  | { kind: 'refused'; status: number; code: string; message: string }
  | Retry

export interface PhensysConnection {
  url: string
  token: string
}

/** How long a call other than the feed's long-poll waits for its answer, unless told otherwise (`SyncTuning`). */
const REQUEST_TIMEOUT_MS = 15_000
/** The health check only asks whether Phensys is there: a slow answer counts as not yet. */
const HEALTH_TIMEOUT_MS = 2_000
/** Connections kept open to Phensys: the outbox sends many events at once. */
const MAX_CONNECTIONS = 64

type HttpAnswer = {
  kind: 'http'
  status: number
  body: unknown
  contentType: string
  retryAfterMs: number | null
  replayed: boolean
}

/**
 * Calls go over node's own HTTP client with kept-alive connections: the outbox sends hundreds of
 * small calls a second, and the per-call work of `fetch` (streams, headers objects, signals) cost
 * more than the calls themselves.
 */
export class PhensysClient {
  private readonly base: URL
  /** The path Phensys is served under on its host (a gateway's, `/phensys`), without the contract's `/v1`; else empty. */
  private readonly under: string
  private readonly agent: HttpAgent
  private readonly open: (url: URL, options: object, answer: (res: IncomingMessage) => void) => ClientRequest

  /** Why the token cannot go in a header, in words; null when it can. Checked once: it never changes. */
  private readonly unusableToken: string | null
  private readonly requestTimeoutMs: number

  /** `requestTimeoutMs`: how long a call other than the feed waits for its answer (15 s). */
  constructor(
    private readonly connection: PhensysConnection,
    options: { requestTimeoutMs?: number } = {}
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
    const problem = tokenProblem(connection.token)
    this.unusableToken = problem
      ? `The Phensys token saved in the settings cannot be sent: it holds ${problem}, which no request header can carry. Nothing is sent to Phensys until an administrator sets the token again in the settings.`
      : null
    this.base = new URL(connection.url)
    this.under = servedUnder(this.base)
    const secure = this.base.protocol === 'https:'
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: MAX_CONNECTIONS })
      : new HttpAgent({ keepAlive: true, maxSockets: MAX_CONNECTIONS })
    this.open = secure ? httpsRequest : httpRequest
  }

  get url(): string {
    return this.connection.url
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy()
  }

  async feed(after: string | null, waitSeconds: number, limit: number, signal?: AbortSignal): Promise<FeedOutcome> {
    const query = new URLSearchParams({ limit: String(limit), wait: String(waitSeconds) })
    if (after) query.set('after', after)
    const answer = await this.send(
      'GET',
      `/v1/provider/feed?${query}`,
      undefined,
      {},
      (waitSeconds + 15) * 1000,
      signal,
      numericCursorsAsText
    )
    if (answer.kind === 'retry') return answer
    if (answer.status === 410) return { kind: 'cursor_expired' }
    // Nothing after the cursor, said without a page (a long-poll that found nothing, answered
    // `204 No Content`): no news, the cursor stays, and Phensys did answer.
    if (answer.status === 204) return { kind: 'page', entries: [], next: null, more: false }
    if (answer.status !== 200) return retryable(answer.status, answer.body, answer.retryAfterMs)
    const body = answer.body as { entries?: unknown; next?: unknown; more?: unknown } | null
    // A 200 without the page's entries comes from something in between (a captive portal, a
    // proxy's page), not from Phensys: no news, and Phensys not reached.
    if (!Array.isArray(body?.entries)) return notThePage(answer, 'a feed page')
    const entries: unknown[] = body.entries
    // A page whose `next` is null or left out still moved past its entries: the last one's own
    // cursor says where (kept at the old cursor, the feed would answer them again at once, forever).
    const last = entries.length > 0 ? feedEntryFields(entries[entries.length - 1]) : null
    const next = cursorOf(body.next) ?? cursorOf(last?.cursor)
    return { kind: 'page', entries, next, more: body.more === true }
  }

  /**
   * `GET /v1/health`: whether Phensys answers at all (no token needed). Its answer is JSON
   * (`{"status": "ok"}`): a 200 page from something in between (a captive portal) is not Phensys.
   * Read tolerantly: any JSON object is Phensys answering, whatever its status says (a value the
   * contract does not list, "degraded", must not keep the counter waiting out its backoff; the
   * calls themselves say whether Phensys takes work).
   */
  async healthy(signal?: AbortSignal): Promise<boolean> {
    const answer = await this.send('GET', '/v1/health', undefined, {}, HEALTH_TIMEOUT_MS, signal)
    if (answer.kind !== 'http' || answer.status !== 200) return false
    return typeof answer.body === 'object' && answer.body !== null && !Array.isArray(answer.body)
  }

  async openRequests(after: string | null, signal?: AbortSignal): Promise<OpenPageOutcome> {
    const query = new URLSearchParams({ open: 'true', limit: '500' })
    if (after) query.set('after', after)
    const answer = await this.send(
      'GET',
      `/v1/provider/requests?${query}`,
      undefined,
      {},
      this.requestTimeoutMs,
      signal,
      numericNextAsText
    )
    if (answer.kind === 'retry') return answer
    if (answer.status !== 200) return retryable(answer.status, answer.body, answer.retryAfterMs)
    const body = answer.body as { requests?: unknown; next?: unknown } | null
    if (!Array.isArray(body?.requests)) return notThePage(answer, 'the open list')
    // Numbers came as text (`numericNextAsText`); empty text names no request to go on after.
    return { kind: 'page', requests: body.requests, next: cursorOf(body.next) }
  }

  async request(id: string, signal?: AbortSignal): Promise<LookUpOutcome> {
    const answer = await this.send(
      'GET',
      `/v1/provider/requests/${encodeURIComponent(id)}`,
      undefined,
      {},
      this.requestTimeoutMs,
      signal
    )
    if (answer.kind === 'retry') return answer
    if (answer.status === 200) {
      const body = answer.body
      // Not even an object: a page in between answered, not Phensys (a snapshot it cannot read is still an object).
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return notThePage(answer, 'a request')
      return { kind: 'found', snapshot: body }
    }
    if (answer.status === 404) return { kind: 'gone' }
    // Phensys refused the question itself (400, 401, 403, 422…): asking again at once gets the same answer.
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429)
      return { kind: 'refused', reason: retryable(answer.status, answer.body, null).reason }
    return retryable(answer.status, answer.body, answer.retryAfterMs)
  }

  async postEvent(
    requestId: string,
    idempotencyKey: string,
    body: string,
    signal?: AbortSignal
  ): Promise<EventOutcome> {
    const answer = await this.send(
      'POST',
      `/v1/provider/requests/${encodeURIComponent(requestId)}/events`,
      body,
      { 'Idempotency-Key': headerSafeKey(idempotencyKey), 'Content-Type': 'application/json' },
      this.requestTimeoutMs,
      signal
    )
    if (answer.kind === 'retry') return answer
    const parsed = answer.body as {
      eventId?: unknown
      request?: unknown
      error?: { code?: unknown; message?: unknown }
    } | null
    if (answer.status >= 200 && answer.status < 300) {
      if (isEventAnswer(parsed)) return { kind: 'accepted', snapshot: parsed.request, replayed: answer.replayed }
      // A 2xx without the contract's answer may come from something in between (a proxy, a captive
      // portal) that never passed the event on: settling it would lose it, so it goes again, same key.
      return {
        kind: 'retry',
        reason: `Phensys did not confirm the event: a ${answer.status} answer that is not Phensys's confirmation (${answer.contentType || 'no content type'})`,
        retryAfterMs: answer.retryAfterMs,
        unreachable: false,
        mayHaveReached: true
      }
    }
    // A redirect is no answer of Phensys's API: a captive portal sending the way to its sign-in page,
    // or a gateway moved. The event may never have reached Phensys: it goes again, same key, and a
    // person sees it after a few tries (F9's "Not confirmed"), rather than it waiting as refused.
    if (answer.status >= 300 && answer.status < 400) return notThePage(answer, "Phensys's answer to an event")
    if (answer.status === 409)
      return { kind: 'conflict', snapshot: parsed?.request, message: String(parsed?.error?.message ?? 'conflict') }
    if (answer.status === 408 || answer.status === 429 || answer.status >= 500)
      return retryable(answer.status, answer.body, answer.retryAfterMs)
    return {
      kind: 'refused',
      status: answer.status,
      code: String(parsed?.error?.code ?? `http_${answer.status}`),
      message: String(parsed?.error?.message ?? `Phensys answered ${answer.status}`)
    }
  }

  /**
   * A kept-alive connection that Phensys (or a proxy) closed while idle fails when a call goes
   * out on it, before any answer: the call is sent again once on a new connection of its own (the
   * pool's other idle connections may have been closed too) rather than taken for Phensys being away. Safe for every call here: reads change nothing, and an event
   * carries its idempotency key (the contract answers a repeat with the first answer).
   */
  private async send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
    signal?: AbortSignal,
    beforeParsing?: (text: string) => string
  ): Promise<HttpAnswer | Retry> {
    // A token a header cannot carry is never sent (node would throw at every call); the health
    // check needs none. Said in words, as Phensys being away is.
    if (this.unusableToken !== null && path !== '/v1/health')
      return { kind: 'retry', reason: this.unusableToken, retryAfterMs: null, unreachable: true, mayHaveReached: false }
    const answer = await this.sendOnce(method, path, body, headers, timeoutMs, signal, this.agent, beforeParsing)
    if (answer.kind === 'retry' && answer.closedWhileIdle) {
      const again = await this.sendOnce(method, path, body, headers, timeoutMs, signal, false, beforeParsing)
      // The first went out on a connection: a reset is most likely an idle close, but Phensys may
      // have read it, and a second refused at the port does not undo that.
      return again.kind === 'retry' ? { ...again, mayHaveReached: true } : again
    }
    return answer
  }

  private sendOnce(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    agent: HttpAgent | false,
    beforeParsing: ((text: string) => string) | undefined
  ): Promise<HttpAnswer | (Retry & { closedWhileIdle?: boolean })> {
    const secure = this.base.protocol === 'https:'
    return new Promise((resolve) => {
      let settled = false
      const finish = (outcome: HttpAnswer | (Retry & { closedWhileIdle?: boolean })): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(outcome)
      }
      let answered = false
      // A connection made (or a kept-alive one taken): from then on the call's bytes go out, and
      // Phensys may read it whatever happens after. Before it, a failure left nothing at Phensys.
      let connected = false
      const fail = (error: Error & { code?: string }): void =>
        finish({
          kind: 'retry',
          reason: `network: ${error.code ?? error.message}`,
          retryAfterMs: null,
          unreachable: true,
          mayHaveReached: connected || answered,
          closedWhileIdle: !answered && request.reusedSocket && CLOSED_UNDER_US.has(error.code ?? '')
        })
      const request = this.open(
        new URL(`${this.under}${path}`, this.base),
        {
          method,
          agent,
          headers: {
            Authorization: `Bearer ${this.connection.token}`,
            Accept: 'application/json',
            ...headers,
            ...(body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) })
          },
          ...(signal ? { signal } : {})
        },
        (response) => {
          answered = true
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', fail)
          response.on('end', () => {
            if (!response.complete) return fail(new Error('the answer was cut off'))
            const text = Buffer.concat(chunks).toString('utf8')
            let parsed: unknown = null
            try {
              parsed = text ? JSON.parse(beforeParsing ? beforeParsing(text) : text) : null
            } catch {
              parsed = null
            }
            const retryAfterMs = retryAfterOf(response.headers['retry-after'], response.headers.date)
            finish({
              kind: 'http',
              status: response.statusCode ?? 0,
              body: parsed,
              contentType: response.headers['content-type'] ?? '',
              retryAfterMs,
              replayed: response.headers['idempotent-replayed'] === 'true'
            })
          })
        }
      )
      const timer = setTimeout(
        () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
        timeoutMs
      )
      request.on('socket', (socket) => {
        if (!socket.connecting) connected = true
        else socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true))
      })
      request.on('error', fail)
      request.end(body)
    })
  }
}

/** A key as the contract takes it: 8 to 128 characters, each visible ASCII (a header's value). */
const SAFE_KEY = /^[\x21-\x7e]{8,128}$/

/**
 * The Idempotency-Key as sent. Keys made now are safe already (`keyPrefix`); one stored before
 * (a workstation id outside ASCII, a control character) would make the header invalid and the
 * call throw, again at every try: it goes as a hash of itself instead, the same at every try and
 * after a restart, as the key must be.
 */
function headerSafeKey(key: string): string {
  return SAFE_KEY.test(key) ? key : `key-${createHash('sha256').update(key).digest('hex')}`
}

/**
 * How a reused connection that the other side had already closed fails before any byte of the
 * answer: reset (`ECONNRESET`, node's "socket hang up" too), written to after the close (`EPIPE`, a
 * body still being written when the reset came back) or aborted (`ECONNABORTED`). Each is the
 * connection's end, not Phensys's: the call goes again at once on a new connection (`send`).
 */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED'])

/**
 * The contract's paths (`/v1/provider/feed`) are Phensys's own: under the address's path when it has
 * one (Phensys behind a gateway, `https://gateway.example/phensys`), not at its host's root. An
 * address given with the contract's `/v1` at its end (`…/phensys/v1`) means the same Phensys.
 */
function servedUnder(base: URL): string {
  return base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')
}

/**
 * `Retry-After` in ms, or null when there is no wait to keep: delay-seconds (the contract's form) or,
 * as RFC 9110 also allows, an HTTP-date, measured from the answer's own `Date` (so a clock here that
 * is off does not lengthen or shorten it; this workstation's clock when it sent none).
 */
function retryAfterOf(value: string | undefined, answeredAt: string | undefined): number | null {
  const text = value?.trim() ?? ''
  if (text === '') return null
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : null
  const untilDate = seconds === null ? Date.parse(text) : NaN
  const from = answeredAt === undefined ? NaN : Date.parse(answeredAt)
  const ms = seconds !== null ? seconds * 1000 : untilDate - (Number.isNaN(from) ? Date.now() : from)
  return Number.isFinite(ms) && ms > 0 ? ms : null
}

/** A JSON string (its escapes whole), or a key with a number for its value. */
const STRING_OR_NUMBER_VALUE = /("(?:[^"\\]|\\.)*")(\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|"(?:[^"\\]|\\.)*"/g

/**
 * An answer's text with each value of the named keys that is a JSON number made a string of its own
 * digits, before JSON reads it. Cursors and ids are opaque, and a number is one too (taken for none,
 * the feed was read again from its start, forever, and a re-sync stopped at the open list's first
 * page); read as a number, one past 2^53 comes back rounded and names another place, and `after`
 * must pass back what Phensys sent. Every string is matched whole, so text inside one is never
 * taken for a key.
 */
function numbersAsText(...keys: string[]): (text: string) => string {
  const quoted = new Set(keys.map((key) => `"${key}"`))
  const any = new RegExp(`"(?:${keys.join('|')})"\\s*:\\s*-?\\d`)
  return (text) =>
    any.test(text)
      ? text.replace(STRING_OR_NUMBER_VALUE, (match, key?: string, colon?: string, digits?: string) =>
          digits !== undefined && key !== undefined && quoted.has(key) ? `${key}${colon}"${digits}"` : match
        )
      : text
}

/** A feed page's `next` and each entry's `cursor`. */
const numericCursorsAsText = numbersAsText('next', 'cursor')
/** The open list's `next`, the id its next page starts after. */
const numericNextAsText = numbersAsText('next')

/**
 * The feed's `next` as the text passed back in `after` (numbers came as text: `numericCursorsAsText`).
 * Empty text names no place in the feed: it is no cursor, as null is.
 */
function cursorOf(next: unknown): string | null {
  return typeof next === 'string' && next !== '' ? next : null
}

/**
 * The contract's answer to an event: `{"eventId", "request"}`, other fields tolerated. The id is
 * opaque: one written as a JSON number is an id too (a 2xx without one may be a page from something
 * in between, and the event goes again; with one, sent again and again, it would never settle).
 */
function isEventAnswer(body: unknown): body is { eventId: string | number; request?: unknown } {
  const eventId = (body as { eventId?: unknown } | null)?.eventId
  return (
    typeof body === 'object' &&
    body !== null &&
    ((typeof eventId === 'string' && eventId.length > 0) || (typeof eventId === 'number' && Number.isFinite(eventId)))
  )
}

/** A 200 that is not the contract's answer (a feed page, the open list, a request): Phensys was not reached (see `feed`). */
function notThePage(answer: HttpAnswer, what: string): Retry {
  return {
    kind: 'retry',
    reason: `Phensys did not answer: a ${answer.status} answer that is not ${what} (${answer.contentType || 'no content type'})`,
    retryAfterMs: answer.retryAfterMs,
    unreachable: true,
    mayHaveReached: true
  }
}

function retryable(status: number, body: unknown, retryAfterMs: number | null): Retry {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message
  return {
    kind: 'retry',
    reason: `Phensys answered ${status}${message ? `: ${String(message)}` : ''}`,
    retryAfterMs,
    unreachable: status === 503,
    mayHaveReached: true
  }
}
