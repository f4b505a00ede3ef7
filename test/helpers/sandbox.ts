/** Helpers for the sandbox's tests: a started sandbox, a small HTTP client and fixtures. */
import { z } from 'zod'
import { apiErrorSchema, eventAcceptedSchema, type StatusEventType } from '../../src/shared/phensys/events'
import {
  feedPageSchema,
  requestsPageSchema,
  snapshotSchema,
  type FeedEntry,
  type Snapshot
} from '../../src/shared/phensys/snapshot'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox'
import type { RawSnapshot } from '../../src/sandbox/store'

export const TOKEN = 'sandbox-test-token'

export interface Reply {
  status: number
  headers: Headers
  body: unknown
}

/** Typed readings of answers, checked against the shared contract schemas. */
export const read = {
  error: (reply: Reply) => apiErrorSchema.parse(reply.body).error,
  conflictRequest: (reply: Reply): Snapshot => snapshotSchema.parse(apiErrorSchema.parse(reply.body).request),
  snapshot: (reply: Reply): Snapshot => snapshotSchema.parse(reply.body),
  page: (reply: Reply) => feedPageSchema.parse(reply.body),
  requests: (reply: Reply) => {
    const page = requestsPageSchema.parse(reply.body)
    return { next: page.next, requests: page.requests.map((raw) => snapshotSchema.parse(raw)) }
  },
  accepted: (reply: Reply) => {
    const answer = eventAcceptedSchema.parse(reply.body)
    return { eventId: answer.eventId, request: snapshotSchema.parse(answer.request) }
  },
  events: (reply: Reply) => recordedEventsSchema.parse(reply.body).events
}

const recordedEventsSchema = z.object({
  events: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      idempotencyKey: z.string(),
      receivedAt: z.string(),
      stateBefore: z.string(),
      stateAfter: z.string(),
      versionAfter: z.number(),
      event: z.record(z.string(), z.unknown())
    })
  )
})

export interface Api {
  url: string
  get(path: string, headers?: Record<string, string>): Promise<Reply>
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>
  delete(path: string): Promise<Reply>
  /** Posts a status event with an idempotency key. */
  event(requestId: string, body: unknown, key: string): Promise<Reply>
}

export function apiFor(url: string, token: string | null = TOKEN): Api {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<Reply> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) })
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null }
  }
  return {
    url,
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, body, headers),
    put: (path, body, headers) => call('PUT', path, body, headers),
    delete: (path) => call('DELETE', path),
    event: (requestId, body, key) =>
      call('POST', `/v1/provider/requests/${encodeURIComponent(requestId)}/events`, body, { 'Idempotency-Key': key })
  }
}

export async function started(options: Partial<SandboxOptions> = {}): Promise<{ sandbox: Sandbox; api: Api }> {
  const sandbox = await startSandbox({ token: TOKEN, port: 0, ...options })
  return { sandbox, api: apiFor(sandbox.url) }
}

let keyCounter = 0
export function newKey(): string {
  keyCounter += 1
  return `key-${process.pid}-${Date.now()}-${keyCounter}`
}

const AT = '2026-11-26T10:02:11Z'

const EVENT_DATA: Record<StatusEventType, Record<string, unknown>> = {
  accepted: {},
  'hard_copy.awaiting': {},
  'hard_copy.received': { receivedAt: AT, matchesRequest: true },
  'stock.available': {},
  'stock.ordered': { eta: '2026-11-28', lines: ['l1'], wholesaler: 'AAH' },
  'stock.supply_issue': { lines: ['l1'], reason: 'Manufacturer shortage (MSN/2026/112)', eta: null },
  'dispensing.started': {},
  'dispensing.labelled': { labels: 2 },
  'dispensing.checked': { clinicalCheckBy: 'u_12', accuracyCheckBy: 'u_14' },
  packed: { parcels: 1 },
  dispatched: { carrier: 'Royal Mail', service: 'tracked_24', trackingNumbers: ['TT123456785GB'], dispatchedAt: AT },
  delivered: { deliveredAt: AT },
  'query.raised': { reason: 'clinical', message: 'Please confirm the dose with the prescriber' },
  rejected: { reason: 'cannot_supply', message: 'Discontinued by the manufacturer' },
  'cancellation.acknowledged': { stockReturned: true }
}

export function eventBody(type: StatusEventType, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type,
    occurredAt: AT,
    basedOnVersion: 1,
    workstation: 'leeds-counter-1',
    actor: { id: 'u_12', name: 'S Patel', role: 'pharmacist' },
    data: EVENT_DATA[type],
    ...extra
  }
}

let requestCounter = 0
/** A minimal readable snapshot body for `POST /sandbox/requests`. */
export function requestBody(overrides: RawSnapshot = {}): RawSnapshot {
  requestCounter += 1
  return {
    id: `fr_T${process.pid}_${requestCounter}`,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'form_consultation',
    prescription: {
      id: `rx_T${requestCounter}`,
      kind: 'consultation',
      issuedAt: '2026-11-25',
      prescriber: { name: 'Dr A Khan', profession: 'doctor', registrationBody: 'GMC', registrationNumber: '7012345' },
      hardCopy: { required: false, reason: null },
      items: [
        {
          lineId: 'l1',
          product: {
            dmdCode: '39732311000001104',
            name: 'Sertraline 50mg tablets',
            strength: '50mg',
            form: 'tablet',
            controlledDrugSchedule: null
          },
          quantity: 28,
          unit: 'tablet',
          directions: 'Take ONE tablet each morning',
          cautionaryLabels: []
        }
      ],
      notes: null
    },
    patient: { id: 'pt_1', name: { title: 'Ms', given: 'Zoë', family: "O'Brien-Łukasik" }, dateOfBirth: '1988-04-02' },
    delivery: {
      recipientName: "Zoë O'Brien-Łukasik",
      address: { line1: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
      service: 'royal_mail_tracked_24'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_1' },
    ...overrides
  }
}

/** Creates a request in `state` through the control API and answers its id. */
export async function createIn(api: Api, state: string, overrides: RawSnapshot = {}): Promise<string> {
  const reply = await api.post('/sandbox/requests', requestBody({ state, ...overrides }))
  if (reply.status !== 201) throw new Error(`create failed: ${reply.status} ${JSON.stringify(reply.body)}`)
  return read.snapshot(reply).id
}

/** Reads the whole feed from `after` until `more` is false. */
export async function drainFeed(
  api: Api,
  after: string | null = null,
  limit = 100
): Promise<{ entries: FeedEntry[]; next: string | null }> {
  const entries: FeedEntry[] = []
  let cursor = after
  for (let pages = 0; pages < 1000; pages += 1) {
    const reply = await api.get(`/v1/provider/feed?limit=${limit}${cursor ? `&after=${cursor}` : ''}`)
    if (reply.status !== 200) throw new Error(`feed answered ${reply.status}`)
    const page = read.page(reply)
    entries.push(...page.entries)
    cursor = page.next
    if (!page.more) return { entries, next: cursor }
  }
  throw new Error('the feed never ended')
}

/** The sequence number in a sandbox cursor. */
export function seqOf(cursor: string): number {
  return Number(cursor.slice(2))
}
