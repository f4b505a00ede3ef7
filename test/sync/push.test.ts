import { afterEach, describe, expect, it } from 'vitest'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { heldAtStockCheck } from '../helpers/request-body'
import { startLinkedThroughProxy, type SlowProxy } from '../helpers/slow-proxy'
import { until } from '../helpers/until'

let linked: Linked | undefined
let proxy: SlowProxy | undefined
afterEach(async () => {
  await linked?.stop()
  await proxy?.close()
  proxy = undefined
})

interface Recorded {
  type: string
  idempotencyKey: string
}
async function recorded(l: Linked, id: string): Promise<Recorded[]> {
  return ((await l.phensys.get(`/sandbox/requests/${id}/events`)).body as { events: Recorded[] }).events
}

function outboxRows(l: Linked, id: string) {
  return l.core.internals.outbox.forRequest(id)
}

describe('pushing status events', () => {
  it('writes the event in the same transaction as the change, with one key kept for every retry', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_P1'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.phensys.put('/sandbox/faults', { errorRate: 1, seed: 3 })
    expect((await linked.core.call(staff, 'requests.accept', { id: 'fr_P1' })).ok).toBe(true)
    const [event] = outboxRows(linked, 'fr_P1')
    expect(event).toMatchObject({ type: 'accepted', status: 'pending' })
    expect(linked.core.internals.requests.get('fr_P1')?.row.stage).toBe('stock_check')

    for (let i = 0; i < 3; i++) {
      await linked.core.internals.sync.pushOnce()
      await new Promise((resolve) => setTimeout(resolve, 8))
    }
    const retried = outboxRows(linked, 'fr_P1')[0]!
    expect(retried.attempts).toBeGreaterThanOrEqual(2)
    expect(retried.status).toBe('pending')
    expect(retried.lastError).toMatch(/Phensys answered (503|429|500)/)
    expect(retried.idempotencyKey).toBe(event!.idempotencyKey)
    expect(linked.core.internals.sync.health()).toMatchObject({ connected: false, outboxDepth: 1 })

    await linked.phensys.put('/sandbox/faults', { errorRate: 0 })
    await settle(linked.core)
    expect(await recorded(linked, 'fr_P1')).toEqual([
      expect.objectContaining({ type: 'accepted', idempotencyKey: event!.idempotencyKey })
    ])
    expect(linked.core.internals.sync.health()).toMatchObject({ connected: true, outboxDepth: 0 })
  })

  it('records each answer as it comes: a slow call holds back only its own request', async () => {
    ;({ linked, proxy } = await startLinkedThroughProxy())
    for (const id of ['fr_SLOW', 'fr_QUICK']) await linked.phensys.post('/sandbox/requests', requestBody(id))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    // Accepting runs the stock check, which finds no sertraline here: two events per request.
    for (const id of ['fr_SLOW', 'fr_QUICK']) await linked.core.call(staff, 'requests.accept', { id })
    proxy!.slowDown(/\/requests\/fr_SLOW\/events/, 3_000)
    const started = Date.now()
    const push = linked.core.internals.sync.pushOnce()
    const statuses = (id: string) => outboxRows(linked!, id).map((row) => [row.type, row.status])
    await until(() => outboxRows(linked!, 'fr_QUICK').every((row) => row.status === 'sent'), 'the quick answers')
    expect(Date.now() - started).toBeLessThan(1_500)
    expect(statuses('fr_SLOW')).toEqual([
      ['accepted', 'pending'],
      ['stock.supply_issue', 'pending']
    ])
    expect(await push).toBe(4)
    for (const id of ['fr_SLOW', 'fr_QUICK']) {
      expect(statuses(id)).toEqual([
        ['accepted', 'sent'],
        ['stock.supply_issue', 'sent']
      ])
      expect((await recorded(linked, id)).map((event) => [event.type, event.idempotencyKey])).toEqual(
        outboxRows(linked, id).map((row) => [row.type, row.idempotencyKey])
      )
    }
  })

  it('a command that fails writes neither its change nor its event', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_P2'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    expect((await linked.core.call(staff, 'requests.accept', { id: 'fr_P2' })).ok).toBe(true)
    const again = await linked.core.call(staff, 'requests.accept', { id: 'fr_P2' })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(outboxRows(linked, 'fr_P2')).toHaveLength(1)
  })

  it('sends events in order per request through dropped answers and network failures, each exactly once', async () => {
    linked = await startLinked({ sandbox: { faults: { dropAfterCommitRate: 0.5, errorRate: 0.3, seed: 11 } } })
    await linked.phensys.put('/sandbox/faults', { errorRate: 0, dropAfterCommitRate: 0 })
    const ids = ['fr_O1', 'fr_O2', 'fr_O3', 'fr_O4', 'fr_O5']
    for (const id of ids) await linked.phensys.post('/sandbox/requests', heldAtStockCheck(id))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    for (const id of ids) {
      await linked.core.call(staff, 'requests.accept', { id })
      await linked.core.call(staff, 'requests.raiseQuery', {
        id,
        reason: 'clinical',
        message: 'Please confirm the dose with the prescriber.'
      })
    }
    await linked.phensys.put('/sandbox/faults', { dropAfterCommitRate: 0.5, errorRate: 0.3, seed: 12 })
    for (let i = 0; i < 40 && linked.core.internals.outbox.depth().unsent > 0; i++) {
      await linked.core.internals.sync.pushOnce()
      await new Promise((resolve) => setTimeout(resolve, 6))
    }
    expect(linked.core.internals.outbox.depth().unsent).toBe(0)
    expect(linked.sandbox.faults().counts.dropped).toBeGreaterThan(0)
    for (const id of ids) {
      const keys = outboxRows(linked, id).map((row) => row.idempotencyKey)
      expect((await recorded(linked, id)).map((event) => [event.type, event.idempotencyKey])).toEqual([
        ['accepted', keys[0]],
        ['query.raised', keys[1]]
      ])
    }
  })

  it('a 409 from a request Phensys cancelled supersedes its stale events and sends the acknowledgement at once, no person asked', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_C1'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_C1' })
    await linked.core.call(staff, 'requests.raiseQuery', {
      id: 'fr_C1',
      reason: 'clinical',
      message: 'Please confirm the dose with the prescriber.'
    })
    await linked.phensys.post('/sandbox/requests/fr_C1/cancel', { reason: 'patient_request' })
    // One push: accepted is refused with the cancelled snapshot, the request stops here, the query
    // is superseded with it, and the acknowledgement goes in the same drain.
    expect(await linked.core.internals.sync.pushOnce()).toBe(2)
    expect(outboxRows(linked, 'fr_C1').map((row) => [row.type, row.status])).toEqual([
      ['accepted', 'superseded'],
      ['query.raised', 'superseded'],
      ['cancellation.acknowledged', 'sent']
    ])
    const [accepted] = outboxRows(linked, 'fr_C1')
    expect(accepted).toMatchObject({
      answerState: 'cancelled',
      response: null,
      lastError: expect.stringMatching(/cancelled/)
    })
    expect(linked.core.internals.requests.get('fr_C1')?.row.stage).toBe('cancelled')
    expect((await recorded(linked, 'fr_C1')).map((event) => event.type)).toEqual(['cancellation.acknowledged'])
    expect(linked.core.internals.sync.health().eventsNeedingAPerson).toBe(0)
    const problems = await linked.core.call(staff, 'sync.problems', {})
    expect(problems.ok && problems.value.events).toEqual([])
    // Seen on the request's timeline and in F9's history, not among the problems.
    const detail = await linked.core.call(staff, 'requests.get', { id: 'fr_C1' })
    expect(detail.ok && detail.value.timeline.find((entry) => entry.command === 'sync.superseded')?.summary).toEqual({
      phensysState: 'cancelled',
      version: 2,
      events: [
        { id: accepted!.id, type: 'accepted' },
        { id: accepted!.id + 1, type: 'query.raised' }
      ]
    })
    const history = await linked.core.call(staff, 'sync.history', { requestId: 'fr_C1' })
    expect(history.ok && history.value.map((event) => [event.type, event.status])).toEqual([
      ['cancellation.acknowledged', 'sent'],
      ['query.raised', 'superseded'],
      ['accepted', 'superseded']
    ])
  })

  it("a 409 on a request still in work keeps Phensys's snapshot for a person; later events of the request wait", async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', requestBody('fr_C3'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_C3' })
    await linked.core.call(staff, 'requests.raiseQuery', {
      id: 'fr_C3',
      reason: 'clinical',
      message: 'Please confirm the dose with the prescriber.'
    })
    // Another workstation accepted it first: Phensys is in fulfilment, so this accepted is refused.
    await linked.phensys.event(
      'fr_C3',
      {
        type: 'accepted',
        occurredAt: '2026-11-26T10:00:00Z',
        basedOnVersion: 1,
        workstation: 'elsewhere',
        actor: { id: 'u9', name: 'Other', role: 'pharmacist' },
        data: {}
      },
      'elsewhere-accept-0003'
    )
    expect(await linked.core.internals.sync.pushOnce()).toBe(1)
    const [accepted] = outboxRows(linked, 'fr_C3')
    expect(accepted).toMatchObject({ type: 'accepted', status: 'conflict', attempts: 1, answerState: 'in_fulfilment' })
    expect(JSON.parse(accepted!.response!)).toMatchObject({ id: 'fr_C3', state: 'in_fulfilment' })
    expect(await linked.core.internals.sync.pushOnce()).toBe(0)
    // The stock check accepting ran (no sertraline here) and the query wait behind the refused event.
    expect(outboxRows(linked, 'fr_C3').map((row) => [row.type, row.status])).toEqual([
      ['accepted', 'conflict'],
      ['stock.supply_issue', 'pending'],
      ['query.raised', 'pending']
    ])
    const problems = await linked.core.call(staff, 'sync.problems', {})
    expect(problems.ok && problems.value.events[0]).toMatchObject({
      type: 'accepted',
      status: 'conflict',
      phensysSnapshot: { state: 'in_fulfilment' }
    })
    expect(linked.core.internals.sync.health().eventsNeedingAPerson).toBe(1)

    const dismissed = await linked.core.call(staff, 'sync.resolveEvent', { id: accepted!.id, action: 'dismiss' })
    expect(dismissed).toMatchObject({ ok: true, value: { status: 'dismissed' } })
    await settle(linked.core)
    expect((await recorded(linked, 'fr_C3')).map((event) => event.type)).toEqual([
      'accepted',
      'stock.supply_issue',
      'query.raised'
    ])
  })

  it("a person's retry of a refused event goes under a new key, and succeeds once the state allows it", async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_C2'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_C2' })
    // Phensys moves it on by itself (another workstation accepted it), so accepted is refused.
    await linked.phensys.event(
      'fr_C2',
      {
        type: 'accepted',
        occurredAt: '2026-11-26T10:00:00Z',
        basedOnVersion: 1,
        workstation: 'elsewhere',
        actor: { id: 'u9', name: 'Other', role: 'pharmacist' },
        data: {}
      },
      'elsewhere-accept-0001'
    )
    await linked.core.internals.sync.pushOnce()
    const [refused] = outboxRows(linked, 'fr_C2')
    expect(refused).toMatchObject({ status: 'conflict' })
    const retried = await linked.core.call(staff, 'sync.resolveEvent', { id: refused!.id, action: 'retry' })
    expect(retried).toMatchObject({ ok: true, value: { status: 'pending' } })
    expect(outboxRows(linked, 'fr_C2')[0]!.idempotencyKey).not.toBe(refused!.idempotencyKey)
    await linked.core.internals.sync.pushOnce()
    expect(outboxRows(linked, 'fr_C2')[0]).toMatchObject({ status: 'conflict', attempts: 2 })
  })

  it('does not retry 400, 401, 404 or 422: each waits for a person with what Phensys said', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_F1'))
    await settle(linked.core)
    const { outbox, store, sync } = linked.core.internals
    const actor = { id: 'u1', name: 'Test', role: 'pharmacist' }
    const now = new Date()
    let unknownId = 0
    let invalidId = 0
    store.sqlite.transaction(() => {
      unknownId = outbox.enqueue('fr_NOPE', 'hard_copy.awaiting', {}, { basedOnVersion: 1, actor, now })
      invalidId = outbox.enqueue('fr_F1', 'hard_copy.awaiting', {}, { basedOnVersion: 1, actor, now })
    })()
    store.sqlite
      .prepare('UPDATE outbox SET body = ? WHERE id = ?')
      .run(JSON.stringify({ type: 'hard_copy.awaiting', nonsense: true }), invalidId)
    await sync.pushOnce()
    expect(outbox.byId(unknownId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('404')
    })
    expect(outbox.byId(invalidId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('400')
    })

    const staff = await staffSession(linked.core)
    expect((await linked.core.call(staff, 'requests.accept', { id: 'fr_F1' })).ok).toBe(true)
    expect((await linked.core.call(staff, 'sync.resolveEvent', { id: invalidId, action: 'dismiss' })).ok).toBe(true)
    await settle(linked.core)
    expect(outbox.forRequest('fr_F1').map((row) => [row.type, row.status])).toEqual([
      ['hard_copy.awaiting', 'dismissed'],
      ['accepted', 'sent']
    ])

    // 422: a key Phensys already holds for another body (another workstation reusing it, say).
    const key = 'counter-1-reused-key-0001'
    const elsewhere = await linked.phensys.event(
      'fr_F1',
      {
        type: 'hard_copy.awaiting',
        occurredAt: '2026-11-26T10:00:00Z',
        basedOnVersion: 2,
        workstation: 'elsewhere',
        actor,
        data: {}
      },
      key
    )
    expect(elsewhere.status).toBe(201)
    let reused = 0
    store.sqlite.transaction(() => {
      reused = outbox.enqueue(
        'fr_F1',
        'query.raised',
        { reason: 'other', message: 'Checking the address.' },
        { basedOnVersion: 2, actor, now }
      )
    })()
    store.sqlite.prepare('UPDATE outbox SET idempotency_key = ? WHERE id = ?').run(key, reused)
    await sync.pushOnce()
    expect(outbox.byId(reused)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('422')
    })
    await sync.pushOnce()
    expect(outbox.byId(reused)?.attempts).toBe(1)
  })

  it('does not retry 401 (a wrong token) and never deletes the event', async () => {
    linked = await startLinked({ coreToken: 'not-the-token' })
    const { outbox, store, sync } = linked.core.internals
    let id = 0
    store.sqlite.transaction(() => {
      id = outbox.enqueue(
        'fr_T1',
        'hard_copy.awaiting',
        {},
        { basedOnVersion: 1, actor: { id: 'u1', name: 'Test', role: 'pharmacist' }, now: new Date() }
      )
    })()
    expect(await sync.pullOnce(0)).toBe('retry')
    expect(sync.health().lastError).toContain('401')
    await sync.pushOnce()
    await sync.pushOnce()
    expect(outbox.byId(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('401') })
  })

  it('resumes after a restart: the outbox and its retry state live in the store', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', heldAtStockCheck('fr_RS1'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.phensys.put('/sandbox/faults', { errorRate: 1, seed: 5 })
    await linked.core.call(staff, 'requests.accept', { id: 'fr_RS1' })
    await linked.core.internals.sync.pushOnce()
    const before = linked.core.internals.outbox.forRequest('fr_RS1')[0]!
    expect(before.attempts).toBe(1)
    const core = await linked.restart()
    expect(core.internals.outbox.forRequest('fr_RS1')[0]).toMatchObject({
      attempts: 1,
      idempotencyKey: before.idempotencyKey,
      status: 'pending'
    })
    await linked.phensys.put('/sandbox/faults', { errorRate: 0 })
    await settle(core)
    expect((await recorded(linked, 'fr_RS1')).map((event) => event.idempotencyKey)).toEqual([before.idempotencyKey])
  })
})
