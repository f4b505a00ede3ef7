import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import type { CounterEvent, SyncHealth } from '../../src/shared/contract'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { staffedWorld, type StaffedWorld } from '../helpers/dispensed-world'
import { ManualClock } from '../helpers/temp-core'
import { until } from '../helpers/until'
import { DMD, bookIn, item, recordedEvents, stockedPack, withItems } from '../stock/helpers'

let linked: Linked | undefined
afterEach(async () => {
  await linked?.stop()
  linked = undefined
})

/** The loops running as in the app; a long-poll of two seconds so a test's pulls come round soon. */
async function runningWorld(tuning: Record<string, unknown> = {}): Promise<StaffedWorld> {
  const w = await staffedWorld({ autoSync: true, syncTuning: { pollWaitSeconds: 2, ...tuning } })
  linked = w.l
  return w
}

function rows(core: Core, id: string): Array<[string, string]> {
  return core.internals.outbox.forRequest(id).map((row) => [row.type, row.status])
}

async function recordedTypes(l: Linked, id: string): Promise<string[]> {
  return (await recordedEvents(l, id)).map((event) => event.type)
}

/** Every event recorded once at Phensys, in the order the counter made them, under their own keys. */
async function expectSentOnceInOrder(l: Linked, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const sent = l.core.internals.outbox.forRequest(id).filter((row) => row.status === 'sent')
    const recorded = (
      (await l.phensys.get(`/sandbox/requests/${id}/events`)).body as {
        events: Array<{ type: string; idempotencyKey: string }>
      }
    ).events
    expect(
      recorded.map((event) => [event.type, event.idempotencyKey]),
      `${id}: each event once, in order`
    ).toEqual(sent.map((row) => [row.type, row.idempotencyKey]))
  }
}

describe('catching up with Phensys, with the loops running as in the app', () => {
  it('worked offline, cancelled at Phensys, reconnected: the acknowledgement goes within 2 s with no one acting, the stale events superseded', async () => {
    const w = await runningWorld()
    const { core } = w
    await bookIn(core, w.assembler, DMD.sertraline, 1, 'LOT1', '280630')
    const pack = await stockedPack(core, w.assembler, DMD.sertraline)
    const id = 'fr_CU_OFFLINE'
    await w.l.phensys.post(
      '/sandbox/requests',
      withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', pack.packSize)])
    )
    await until(() => core.internals.requests.get(id) !== undefined, 'the request to arrive')

    await w.l.phensys.put('/sandbox/outage', { mode: 'unavailable' })
    await until(() => !core.internals.sync.health().connected, 'the counter to see Phensys gone', 5_000)
    // Accepting runs the stock check: three events wait, as the three steps would.
    for (const step of ['requests.accept', 'requests.startDispensing'] as const)
      expect(await core.call(w.assembler, step, { id }), step).toMatchObject({ ok: true })
    await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
    expect(rows(core, id).map(([, status]) => status)).toEqual(['pending', 'pending', 'pending'])

    const back = Date.now()
    await w.l.phensys.delete('/sandbox/outage')
    await until(
      async () => (await recordedTypes(w.l, id)).includes('cancellation.acknowledged'),
      'the acknowledgement',
      5_000
    )
    expect(Date.now() - back).toBeLessThan(2_000)

    expect(await recordedTypes(w.l, id)).toEqual(['cancellation.acknowledged'])
    expect(rows(core, id)).toEqual([
      ['accepted', 'superseded'],
      ['stock.available', 'superseded'],
      ['dispensing.started', 'superseded'],
      ['cancellation.acknowledged', 'sent']
    ])
    expect(core.internals.requests.get(id)?.row.stage).toBe('cancelled')
    // Never a problem for a person: on the request's timeline and in F9's history instead.
    expect(core.internals.outbox.needingAPerson()).toEqual([])
    const timeline = await core.call(w.pharmacist, 'requests.get', { id })
    expect(timeline.ok && timeline.value.timeline.map((entry) => entry.command)).toContain('sync.superseded')
    const history = await core.call(w.pharmacist, 'sync.history', { requestId: id })
    expect(history.ok && history.value.filter((event) => event.status === 'superseded').map((e) => e.type)).toEqual([
      'dispensing.started',
      'stock.available',
      'accepted'
    ])
  })

  it('an event made while reading the feed is sent within 1 s: a cancellation acknowledged, an unreadable request rejected', async () => {
    const w = await runningWorld()
    const { core } = w
    await w.l.phensys.post('/sandbox/requests', requestBody('fr_CU_ACK'))
    await until(() => core.internals.requests.get('fr_CU_ACK') !== undefined, 'the request')
    await core.call(w.assembler, 'requests.accept', { id: 'fr_CU_ACK' })
    await until(async () => (await recordedTypes(w.l, 'fr_CU_ACK')).includes('accepted'), 'accepted sent')

    let started = Date.now()
    await w.l.phensys.post('/sandbox/requests/fr_CU_ACK/cancel', { reason: 'patient_request' })
    await until(async () => (await recordedTypes(w.l, 'fr_CU_ACK')).includes('cancellation.acknowledged'), 'ack', 5_000)
    expect(Date.now() - started).toBeLessThan(1_000)

    started = Date.now()
    const unreadable = await w.l.phensys.post('/sandbox/requests?unchecked=true', {
      id: 'fr_CU_BROKEN',
      route: 'upload',
      prescription: { items: 'not a list' }
    })
    expect(unreadable.status).toBe(201)
    await until(async () => (await recordedTypes(w.l, 'fr_CU_BROKEN')).includes('rejected'), 'the rejection', 5_000)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('after a long outage the pull runs and the events waiting go within 1 s of Phensys coming back', async () => {
    // A first failure makes each loop wait 10–40 s, as a long outage grows their backoff.
    const w = await runningWorld({ retryBaseMs: 20_000, retryMaxMs: 300_000 })
    const { core, clock } = w
    await w.l.phensys.post('/sandbox/requests', requestBody('fr_CU_LONG'))
    await until(() => core.internals.requests.get('fr_CU_LONG') !== undefined, 'the request')
    expect(core.internals.sync.health().connected).toBe(true)

    await w.l.sandbox.outage.begin({ mode: 'refuse', seconds: 600 })
    await until(() => !core.internals.sync.health().connected, 'the counter to see Phensys gone', 5_000)
    // Two minutes into the outage the request is accepted (and the stock check accepting runs finds
    // no sertraline here: stock.supply_issue waits behind accepted); the first send fails and its
    // retry is set 10–20 s ahead, while the last pull is two minutes old.
    clock.advance(2 * 60_000)
    expect(await core.call(w.assembler, 'requests.accept', { id: 'fr_CU_LONG' })).toMatchObject({ ok: true })
    await until(() => core.internals.outbox.forRequest('fr_CU_LONG')[0]!.attempts > 0, 'a first failed send')
    const retryAt = Date.parse(core.internals.outbox.forRequest('fr_CU_LONG')[0]!.nextAttemptAt)
    expect(retryAt - clock.now().getTime()).toBeGreaterThanOrEqual(10_000)
    const pulledBefore = core.internals.sync.health().lastPullAt
    expect(rows(core, 'fr_CU_LONG')).toEqual([
      ['accepted', 'pending'],
      ['stock.supply_issue', 'pending']
    ])
    expect(core.internals.sync.health()).toMatchObject({ connected: false, outboxDepth: 2 })

    const back = Date.now()
    await w.l.sandbox.outage.end()
    await until(() => core.internals.sync.health().lastPullAt !== pulledBefore, 'a pull', 5_000)
    expect(Date.now() - back).toBeLessThan(1_000)
    await until(
      async () => (await recordedTypes(w.l, 'fr_CU_LONG')).includes('stock.supply_issue'),
      'both events sent',
      5_000
    )
    expect(Date.now() - back).toBeLessThan(1_000)
    expect(await recordedTypes(w.l, 'fr_CU_LONG')).toEqual(['accepted', 'stock.supply_issue'])
    await expectSentOnceInOrder(w.l, ['fr_CU_LONG'])
    expect(core.internals.sync.health()).toMatchObject({ connected: true, outboxDepth: 0 })
  })

  it('never says Connected while the last pull is older than the poll interval, though no call has failed yet', async () => {
    const w = await runningWorld()
    const { core, clock } = w
    const told: SyncHealth[] = []
    core.subscribe(w.pharmacist, (event: CounterEvent) => {
      if (event.name === 'sync.health') told.push(event.payload)
    })
    await until(() => core.internals.sync.health().connected, 'Connected')
    // Calls are taken and never answered: nothing fails for a long while, and nothing is pulled.
    await w.l.phensys.put('/sandbox/outage', { mode: 'hang' })
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    const { pollIntervalMs, lastPullAt } = core.internals.sync.health()
    clock.advance(pollIntervalMs + 1_000)
    const from = told.length
    await until(() => told.slice(from).some((health) => !health.connected), 'the windows to hear Not connected', 2_000)
    expect(core.internals.sync.health()).toMatchObject({ connected: false, lastPullAt, lastError: null })

    await w.l.phensys.delete('/sandbox/outage')
    await until(() => core.internals.sync.health().connected, 'Connected again', 5_000)
    expect(core.internals.sync.health().lastPullAt).not.toBe(lastPullAt)
  })

  it('an outage followed by recovery drains in order per request, with nothing sent twice, through dropped answers', async () => {
    const w = await runningWorld()
    const { core } = w
    const ids = Array.from({ length: 30 }, (_, i) => `fr_CU_DRAIN_${i}`)
    await w.l.phensys.post('/sandbox/requests/bulk', { requests: ids.map((id) => requestBody(id)) })
    await until(() => ids.every((id) => core.internals.requests.get(id) !== undefined), 'the requests')
    await w.l.phensys.put('/sandbox/outage', { mode: 'unavailable' })
    await until(() => !core.internals.sync.health().connected, 'the counter to see Phensys gone', 5_000)
    for (const id of ids) {
      await core.call(w.assembler, 'requests.accept', { id })
      await core.call(w.pharmacist, 'requests.raiseQuery', {
        id,
        reason: 'clinical',
        message: 'Please confirm the dose with the prescriber.'
      })
    }
    // Three events each: accepted, the stock check's (no sertraline here: stock.supply_issue), the query.
    expect(core.internals.outbox.depth().unsent).toBe(90)
    // It comes back dropping a third of its answers after committing them.
    await w.l.phensys.put('/sandbox/faults', { dropAfterCommitRate: 0.3, seed: 21 })
    await w.l.phensys.delete('/sandbox/outage')
    await until(() => core.internals.outbox.depth().unsent === 0, 'the backlog to drain', 15_000)
    expect(w.l.sandbox.faults().counts.dropped).toBeGreaterThan(0)
    await expectSentOnceInOrder(w.l, ids)
    for (const id of ids)
      expect(await recordedTypes(w.l, id)).toEqual(['accepted', 'stock.supply_issue', 'query.raised'])
  })
})

describe('the health the windows are told', () => {
  it('is Connected only after a pull younger than the poll interval, and while Phensys answers', async () => {
    const clock = new ManualClock()
    linked = await startLinked({ core: { clock } })
    const { sync } = linked.core.internals
    expect(sync.health().connected).toBe(false)
    expect(await sync.pullOnce(0)).toBe('page')
    const { pollIntervalMs } = sync.health()
    expect(sync.health().connected).toBe(true)
    clock.advance(pollIntervalMs)
    expect(sync.health().connected).toBe(true)
    clock.advance(1)
    expect(sync.health().connected).toBe(false)
    expect(await sync.pullOnce(0)).toBe('page')
    expect(sync.health().connected).toBe(true)
    await linked.sandbox.outage.begin({ mode: 'unavailable' })
    expect(await sync.pullOnce(0)).toBe('retry')
    expect(sync.health()).toMatchObject({ connected: false, lastError: expect.stringContaining('503') })
  })
})

describe('what the outbox keeps of an answer', () => {
  it("a sent event keeps its answer's version and state, not the snapshot, and still settles correctly after a restart", async () => {
    const clock = new ManualClock()
    linked = await startLinked({ core: { clock } })
    await linked.phensys.post('/sandbox/requests', requestBody('fr_KEEP'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_KEEP' })
    await settle(linked.core)
    const [sent] = linked.core.internals.outbox.forRequest('fr_KEEP')
    expect(sent).toMatchObject({ status: 'sent', answerVersion: 2, answerState: 'in_fulfilment', response: null })

    const core = await linked.restart()
    expect(await core.internals.sync.pushOnce()).toBe(0)
    await settle(core)
    const atPhensys = (await linked.phensys.get('/v1/provider/requests/fr_KEEP')).body
    expect(core.internals.requests.get('fr_KEEP')?.snapshot).toEqual(atPhensys)
    expect(core.internals.outbox.forRequest('fr_KEEP')[0]).toMatchObject({ status: 'sent', answerVersion: 2 })
    // Accepting ran the stock check, which found no sertraline here: its event went once, after.
    expect(rows(core, 'fr_KEEP')).toEqual([
      ['accepted', 'sent'],
      ['stock.supply_issue', 'sent']
    ])
    expect(await recordedTypes(linked, 'fr_KEEP')).toEqual(['accepted', 'stock.supply_issue'])
  })

  it('a workstation killed between an answer and its record sends the event again after the restart, and Phensys keeps it once', async () => {
    linked = await startLinked()
    await linked.phensys.post('/sandbox/requests', requestBody('fr_KILL'))
    await settle(linked.core)
    const staff = await staffSession(linked.core)
    await linked.core.call(staff, 'requests.accept', { id: 'fr_KILL' })
    await linked.phensys.put('/sandbox/faults', { answerLatencyMs: 500 })
    const push = linked.core.internals.sync.pushOnce().catch(() => 0)
    await until(async () => (await recordedTypes(linked!, 'fr_KILL')).includes('accepted'), 'Phensys to commit')
    const core = await linked.crash()
    // Whatever the dead workstation's push made of it, nothing of the answer was recorded.
    expect(await push).toBe(0)
    const [row] = core.internals.outbox.forRequest('fr_KILL')
    expect(row).toMatchObject({ type: 'accepted', status: 'pending' })

    await linked.phensys.put('/sandbox/faults', {})
    await settle(core)
    expect(core.internals.outbox.forRequest('fr_KILL')[0]).toMatchObject({
      status: 'sent',
      idempotencyKey: row!.idempotencyKey,
      answerVersion: 2
    })
    await expectSentOnceInOrder(linked, ['fr_KILL'])
  })
})
