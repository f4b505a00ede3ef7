/**
 * The counter against a hand-made minimal Phensys (./hand-made-phensys.ts) answering in ways the
 * contract allows and the sandbox never takes: each test sets one answer and looks at what the
 * counter did with it.
 */
import { afterEach, expect, it } from 'vitest'
import { requestBody } from '../helpers/request-body'
import { startTempCore, type TempCore } from '../helpers/temp-core'
import { startHandMadePhensys, type HandMadePhensys, type Json } from './hand-made-phensys'

let phensys: HandMadePhensys | null = null
let temp: TempCore | null = null

afterEach(async () => {
  await temp?.stop()
  await phensys?.close()
  temp = null
  phensys = null
})

async function linked(): Promise<{ phensys: HandMadePhensys; temp: TempCore }> {
  phensys = await startHandMadePhensys()
  temp = await startTempCore({
    phensys: { url: phensys.url, token: phensys.token },
    autoSync: false,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, retryAfterMaxMs: 5, pollWaitSeconds: 0 }
  })
  return { phensys, temp }
}

function snapshot(id: string, fields: Json = {}): Json {
  return {
    ...requestBody(id),
    version: 1,
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:12:00Z',
    updatedAt: '2026-11-26T09:12:00Z',
    ...fields
  }
}

function eventTypes(t: TempCore, id: string): string[] {
  return t.core.internals.outbox.forRequest(id).map((row) => row.type)
}

it('an entry of a kind the contract does not list, sent with "request": null, is kept for a person: nothing is rejected', async () => {
  const { phensys, temp } = await linked()
  phensys.put(snapshot('fr_IND_KIND'))
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  const stage = temp.core.internals.requests.get('fr_IND_KIND')?.row.stage
  expect(stage).toBeDefined()
  const before = eventTypes(temp, 'fr_IND_KIND')
  // "more kinds may appear later": one that names a request but carries no snapshot, the field
  // sent as null (null and left out are alike to JSON's writers), for a request held and one not.
  for (const requestId of ['fr_IND_KIND', 'fr_IND_OTHER'])
    phensys.append({ kind: 'request.note_added', requestId, version: 2, at: '2026-11-26T10:00:00Z', request: null })
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  expect(eventTypes(temp, 'fr_IND_KIND')).toEqual(before)
  expect(eventTypes(temp, 'fr_IND_OTHER')).toEqual([])
  expect(temp.core.internals.requests.get('fr_IND_KIND')?.row.stage).toBe(stage)
  const kept = temp.core.internals.store.sqlite
    .prepare(`SELECT category, kind, request_id AS requestId FROM feed_exceptions ORDER BY id`)
    .all()
  expect(kept).toEqual([
    { category: 'unknown_kind', kind: 'request.note_added', requestId: 'fr_IND_KIND' },
    { category: 'unknown_kind', kind: 'request.note_added', requestId: 'fr_IND_OTHER' }
  ])
  expect(temp.core.internals.sync.cursor()).toBe('k3')
})
