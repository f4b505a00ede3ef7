/**
 * The sandbox's HTTP routing: the Phensys Provider API v1 plus the sandbox control calls its
 * specification describes for testing, and `POST /sandbox/requests/bulk`,
 * `POST /sandbox/requests/{id}/update`, `GET /sandbox/faults`, `POST /sandbox/feed/expire`.
 *
 * Decisions where the contract is silent are listed in ./README.md; in short:
 * - auth before routing: without the token every path but `GET /v1/health` is 401 (so unknown
 *   paths do not leak); a wrong method on a known path is 405;
 * - faults (./faults.ts) touch `/v1/provider/*` only, never health or `/sandbox/*`;
 * - `wait` may be fractional (0..30 s); `limit` is an integer 1..500;
 * - `GET /v1/provider/requests` without `open=true` lists every request, terminal ones too;
 * - the state table lives in ./state-table.ts, snapshot changes in ./snapshot-edit.ts, the
 *   idempotency rules in ./idempotency.ts, feed retention in ./feed.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { idempotencyKeySchema, statusEventSchema } from '../shared/phensys/events'
import {
  bulkCreateBodySchema,
  cancelBodySchema,
  createBodySchema,
  decisionBodySchema,
  expireBodySchema,
  resolveBodySchema,
  updateBodySchema
} from './control-schemas'
import { faultSettingsSchema, type Faults } from './faults'
import { CursorExpiredError, InvalidCursorError, toFeedEntry } from './feed'
import { ApiError, errorBody, issueDetails, readJsonBody, send, validationFailed, type Answer } from './http'
import { sleep, type FeedWaiters } from './long-poll'
import { outageSettingsSchema, type Outage } from './outage'
import { timestamp, type Clock } from './time'
import type { Upstream } from './upstream'

export interface ServerDeps {
  token: string
  upstream: Upstream
  faults: Faults
  outage: Outage
  waiters: FeedWaiters
  clock: Clock
  /** Aborts on shutdown: long-polls and injected latency end at once. */
  shutdown: AbortSignal
  onInternalError?: (error: unknown) => void
}

interface Call {
  req: IncomingMessage
  url: URL
  params: string[]
  /** Aborts when the client goes away or the sandbox shuts down. */
  signal: AbortSignal
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path segments; `:id` captures one (URL-decoded). */
  path: string[]
  /** Provider API calls get faults; health and control calls do not. */
  kind: 'public' | 'provider' | 'control'
  run: (call: Call) => Answer | Promise<Answer>
}

const BULK_MAX_BYTES = 256 * 1024 * 1024

const feedQuerySchema = z.object({
  after: z.string().min(1).nullable().default(null),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  wait: z.coerce.number().min(0).max(30).default(0)
})

const requestsQuerySchema = z.object({
  open: z.enum(['true', 'false']).default('false'),
  after: z.string().min(1).max(64).nullable().default(null),
  limit: z.coerce.number().int().min(1).max(500).default(100)
})

function query<T extends z.ZodType>(schema: T, url: URL, names: readonly string[]): z.output<T> {
  const raw: Record<string, string> = {}
  for (const name of names) {
    const value = url.searchParams.get(name)
    if (value !== null) raw[name] = value
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw validationFailed('invalid query parameters', issueDetails(parsed.error.issues))
  return parsed.data
}

async function body<T extends z.ZodType>(schema: T, req: IncomingMessage, emptyAs?: unknown): Promise<z.output<T>> {
  const raw = (await readJsonBody(req)) ?? emptyAs
  if (raw === undefined) throw validationFailed('a JSON body is required')
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw validationFailed('invalid body', issueDetails(parsed.error.issues))
  return parsed.data
}

function param(call: Call, index = 0): string {
  return call.params[index] ?? ''
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

function routes(deps: ServerDeps): Route[] {
  const { upstream, faults, waiters } = deps
  return [
    {
      method: 'GET',
      path: ['v1', 'health'],
      kind: 'public',
      run: () => ({ status: 200, body: { status: 'ok', time: timestamp(deps.clock()) } })
    },
    {
      method: 'GET',
      path: ['v1', 'provider', 'feed'],
      kind: 'provider',
      run: async (call) => {
        const { after, limit, wait } = query(feedQuerySchema, call.url, ['after', 'limit', 'wait'])
        const deadline = performance.now() + wait * 1000
        let page = upstream.feedPage(after, limit)
        while (page.rows.length === 0 && !call.signal.aborted) {
          const remaining = deadline - performance.now()
          if (remaining <= 0) break
          await waiters.wait(remaining, call.signal)
          page = upstream.feedPage(after, limit)
        }
        const rows = faults.shapePage(page.rows, limit, (seq) => upstream.redeliver(seq))
        return { status: 200, body: { entries: rows.map(toFeedEntry), next: page.next, more: page.more } }
      }
    },
    {
      method: 'GET',
      path: ['v1', 'provider', 'requests'],
      kind: 'provider',
      run: (call) => {
        const { open, after, limit } = query(requestsQuerySchema, call.url, ['open', 'after', 'limit'])
        return upstream.listRequests({ open: open === 'true', after, limit })
      }
    },
    {
      method: 'GET',
      path: ['v1', 'provider', 'requests', ':id'],
      kind: 'provider',
      run: (call) => upstream.getRequest(param(call))
    },
    {
      method: 'POST',
      path: ['v1', 'provider', 'requests', ':id', 'events'],
      kind: 'provider',
      run: async (call) => {
        const header = call.req.headers['idempotency-key']
        if (typeof header !== 'string') throw validationFailed('the Idempotency-Key header is required')
        const key = idempotencyKeySchema.safeParse(header)
        if (!key.success) throw validationFailed('invalid Idempotency-Key header', issueDetails(key.error.issues))
        const raw = await readJsonBody(call.req)
        if (raw === undefined) throw validationFailed('a JSON body is required')
        const event = statusEventSchema.safeParse(raw)
        if (!event.success) throw validationFailed('invalid status event', issueDetails(event.error.issues))
        return upstream.postEvent(param(call), key.data, event.data, raw)
      }
    },
    {
      method: 'POST',
      path: ['sandbox', 'requests'],
      kind: 'control',
      run: async (call) => {
        const snapshot = await body(createBodySchema, call.req)
        const unchecked = call.url.searchParams.get('unchecked') === 'true'
        return upstream.createRequest(snapshot, { unchecked })
      }
    },
    {
      method: 'POST',
      path: ['sandbox', 'requests', 'bulk'],
      kind: 'control',
      run: async (call) => {
        const raw = await readJsonBody(call.req, BULK_MAX_BYTES)
        const parsed = bulkCreateBodySchema.safeParse(raw)
        if (!parsed.success) throw validationFailed('invalid body', issueDetails(parsed.error.issues))
        return upstream.createMany(parsed.data.requests, {
          unchecked: call.url.searchParams.get('unchecked') === 'true'
        })
      }
    },
    {
      method: 'POST',
      path: ['sandbox', 'requests', ':id', 'cancel'],
      kind: 'control',
      run: async (call) => upstream.cancel(param(call), (await body(cancelBodySchema, call.req, {})).reason)
    },
    {
      method: 'POST',
      path: ['sandbox', 'requests', ':id', 'decision'],
      kind: 'control',
      run: async (call) => upstream.decide(param(call), (await body(decisionBodySchema, call.req)).choice)
    },
    {
      method: 'POST',
      path: ['sandbox', 'requests', ':id', 'resolve-query'],
      kind: 'control',
      run: async (call) => {
        const { changes, state } = await body(resolveBodySchema, call.req, {})
        return upstream.resolve(param(call), changes, state)
      }
    },
    {
      method: 'POST',
      path: ['sandbox', 'requests', ':id', 'update'],
      kind: 'control',
      run: async (call) => upstream.update(param(call), (await body(updateBodySchema, call.req)).changes)
    },
    {
      method: 'GET',
      path: ['sandbox', 'requests', ':id', 'events'],
      kind: 'control',
      run: (call) => upstream.events(param(call))
    },
    {
      method: 'GET',
      path: ['sandbox', 'faults'],
      kind: 'control',
      run: () => ({ status: 200, body: faults.describe() })
    },
    {
      method: 'PUT',
      path: ['sandbox', 'faults'],
      kind: 'control',
      run: async (call) => {
        faults.configure(await body(faultSettingsSchema, call.req))
        return { status: 200, body: faults.describe() }
      }
    },
    {
      method: 'GET',
      path: ['sandbox', 'outage'],
      kind: 'control',
      run: () => ({ status: 200, body: deps.outage.state() })
    },
    {
      method: 'PUT',
      path: ['sandbox', 'outage'],
      kind: 'control',
      run: async (call) => {
        const settings = await body(outageSettingsSchema, call.req)
        const until = settings.seconds === undefined ? null : new Date(Date.now() + settings.seconds * 1000)
        // A refusing sandbox stops listening: it answers first, then goes away.
        return {
          status: 200,
          body: { mode: settings.mode, until: until?.toISOString() ?? null },
          afterSent: () => void deps.outage.begin(settings)
        }
      }
    },
    {
      method: 'DELETE',
      path: ['sandbox', 'outage'],
      kind: 'control',
      run: async () => {
        await deps.outage.end()
        return { status: 200, body: deps.outage.state() }
      }
    },
    {
      method: 'POST',
      path: ['sandbox', 'feed', 'expire'],
      kind: 'control',
      run: async (call) => upstream.expireFeed((await body(expireBodySchema, call.req)).before)
    }
  ]
}

function matchPath(pattern: readonly string[], segments: readonly string[]): string[] | null {
  if (pattern.length !== segments.length) return null
  const params: string[] = []
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? ''
    if (part === ':id') {
      if (segment.length === 0 || segment.length > 64) return null
      params.push(segment)
    } else if (part !== segment) {
      return null
    }
  }
  return params
}

function splitPath(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .filter((segment) => segment.length > 0)
      .map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
}

function toAnswer(error: unknown, deps: ServerDeps): Answer {
  if (error instanceof ApiError) return error.toAnswer()
  if (error instanceof CursorExpiredError) return { status: 410, body: errorBody('cursor_expired', error.message) }
  if (error instanceof InvalidCursorError) return validationFailed(error.message).toAnswer()
  ;(deps.onInternalError ?? ((e: unknown) => console.error('[sandbox] internal error', e)))(error)
  return { status: 500, body: errorBody('internal', 'the sandbox failed; see its log') }
}

/** What a captive portal answers in Phensys's place: a 2xx that is not the contract's answer. */
const PORTAL_PAGE =
  '<!doctype html><html><head><title>Sign in to the Wi-Fi</title></head>' +
  '<body><h1>Welcome</h1><p>Accept the terms to use this network.</p></body></html>'

function sendPortalPage(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(PORTAL_PAGE, 'utf8'),
    'Cache-Control': 'no-store'
  })
  res.end(PORTAL_PAGE)
}

/** The request handler; once `shutdown` aborts, late calls answer 503. */
export function createHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const table = routes(deps)
  const statusEvents = table.find((route) => route.method === 'POST' && route.path.at(-1) === 'events')
  const tokenDigest = digest(deps.token)

  const authorised = (req: IncomingMessage): boolean => {
    const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), tokenDigest)
  }

  return async (req, res) => {
    const gone = new AbortController()
    res.on('close', () => gone.abort())
    const signal = AbortSignal.any([gone.signal, deps.shutdown])
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const segments = splitPath(url.pathname) ?? []
    const candidates = table
      .map((route) => ({ route, params: matchPath(route.path, segments) }))
      .filter((candidate): candidate is { route: Route; params: string[] } => candidate.params !== null)
    const found = candidates.find((candidate) => candidate.route.method === req.method)

    if (deps.shutdown.aborted) {
      send(res, {
        status: 503,
        body: errorBody('unavailable', 'the sandbox is shutting down'),
        headers: { Connection: 'close' }
      })
      return
    }
    if (found?.route.kind !== 'public' && !authorised(req)) {
      send(res, {
        status: 401,
        body: errorBody('unauthorized', 'a valid bearer token is required'),
        headers: { 'WWW-Authenticate': 'Bearer realm="phensys-sandbox"' }
      })
      return
    }
    if (!found) {
      const allowed = [...new Set(candidates.map((candidate) => candidate.route.method))]
      send(
        res,
        allowed.length > 0
          ? {
              status: 405,
              body: errorBody('method_not_allowed', `use ${allowed.join(' or ')}`),
              headers: { Allow: allowed.join(', ') }
            }
          : { status: 404, body: errorBody('not_found', `no such endpoint: ${req.method ?? ''} ${url.pathname}`) }
      )
      return
    }

    const { route, params } = found
    const call: Call = { req, url, params, signal }
    if (route.kind !== 'control' && deps.outage.unavailable()) {
      const retryAfter = deps.outage.retryAfter()
      send(res, {
        status: 503,
        body: errorBody('unavailable', 'Phensys is unavailable (sandbox outage)'),
        ...(retryAfter === null ? {} : { headers: { 'Retry-After': String(retryAfter) } })
      })
      req.resume()
      return
    }
    if (route.kind !== 'control' && deps.outage.hanging()) {
      await deps.outage.hold(signal)
      req.socket.destroy()
      return
    }
    if (route === statusEvents && deps.outage.portal()) {
      sendPortalPage(res)
      req.resume()
      return
    }
    if (route.kind === 'provider') {
      await sleep(deps.faults.latency(), signal)
      if (gone.signal.aborted) return
      const injected = deps.faults.error()
      if (injected) {
        const codes = { 503: 'unavailable', 429: 'rate_limited', 500: 'internal' } as const
        send(res, {
          status: injected.status,
          body: errorBody(codes[injected.status], 'injected fault: try again later'),
          ...(injected.retryAfterSeconds === null
            ? {}
            : { headers: { 'Retry-After': String(injected.retryAfterSeconds) } })
        })
        req.resume()
        return
      }
    }
    let answer: Answer
    try {
      answer = await route.run(call)
    } catch (error) {
      answer = toAnswer(error, deps)
    }
    if (route.kind === 'provider' && deps.faults.drop()) {
      req.socket.destroy()
      return
    }
    if (route.kind === 'provider') await sleep(deps.faults.answerLatency(), signal)
    send(res, answer)
  }
}
