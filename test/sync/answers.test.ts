import { afterEach, describe, expect, it } from 'vitest'
import type { CounterEvent, FlagView } from '../../src/shared/contract'
import { settle, staffSession, type Linked } from '../helpers/linked'
import { heldAtStockCheck } from '../helpers/request-body'
import { startLinkedThroughProxy, type SlowProxy } from '../helpers/slow-proxy'

/**
 * Phensys's answer to each status event carries the request after the event. One that only echoes
 * the event (a version one higher, the state it led to, the time) is recorded without reading the
 * request again; one that carries anything else is read whole, as the feed reads it.
 */

let linked: Linked | undefined
let proxy: SlowProxy | undefined
afterEach(async () => {
  await linked?.stop()
  await proxy?.close()
  proxy = undefined
})

async function world(): Promise<{ l: Linked; staff: string }> {
  ;({ linked, proxy } = await startLinkedThroughProxy())
  const l = linked
  return { l, staff: await staffSession(l.core, ['pharmacist', 'dispenser']) }
}

async function flagsOf(l: Linked, staff: string, id: string): Promise<FlagView[]> {
  const answer = await l.core.call(staff, 'requests.flags', { id })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

async function atPhensys(l: Linked, id: string): Promise<Record<string, unknown>> {
  return (await l.phensys.get(`/v1/provider/requests/${id}`)).body as Record<string, unknown>
}

function snapshotEntries(l: Linked, id: string) {
  return l.core.internals.audit
    .list({ entityId: id, limit: 50 })
    .filter((entry) => entry.command === 'phensys.snapshot')
    .map((entry) => entry.summary as { version: number; state: string; kind: string; changes: string[] })
}

describe("Phensys's answers to status events", () => {
  it('an answer that only echoes the event records its version and state, with the audit entry of every version', async () => {
    const { l, staff } = await world()
    await l.phensys.post('/sandbox/requests', heldAtStockCheck('fr_ECHO'))
    await settle(l.core)
    expect(await flagsOf(l, staff, 'fr_ECHO')).toEqual([])
    expect((await l.core.call(staff, 'requests.accept', { id: 'fr_ECHO' })).ok).toBe(true)
    const heard: CounterEvent[] = []
    l.core.subscribe(staff, (event) => heard.push(event))
    await l.core.internals.sync.pushOnce()

    const stored = l.core.internals.requests.get('fr_ECHO')!
    const sandbox = await atPhensys(l, 'fr_ECHO')
    expect(sandbox).toMatchObject({ version: 2, state: 'in_fulfilment' })
    expect(stored.snapshot).toEqual(sandbox)
    expect(stored.version).toBe(2)
    expect(stored.row.phensysState).toBe('in_fulfilment')
    expect(snapshotEntries(l, 'fr_ECHO')[0]).toMatchObject({
      version: 2,
      state: 'in_fulfilment',
      kind: 'event.answer',
      changes: ['state_changed']
    })
    expect(heard.flatMap((event) => (event.name === 'requests.changed' ? event.payload.changes : []))).toEqual([
      { requestId: 'fr_ECHO', changes: ['state_changed'] }
    ])
    expect(await flagsOf(l, staff, 'fr_ECHO')).toEqual([])
  })

  it('an answer whose items changed is read whole: stored, flagged and told, though it answers our own event', async () => {
    const { l, staff } = await world()
    await l.phensys.post('/sandbox/requests', heldAtStockCheck('fr_ECHO_ITEMS'))
    await settle(l.core)
    expect(await flagsOf(l, staff, 'fr_ECHO_ITEMS')).toEqual([])
    // Phensys's answer to `accepted` carries a cautionary label the pharmacy has no wording for.
    proxy!.changeNextAnswer(/\/requests\/fr_ECHO_ITEMS\/events$/, (body) => {
      const request = body.request as { prescription: { items: Array<{ cautionaryLabels: unknown[] }> } }
      request.prescription.items[0]!.cautionaryLabels = [99]
      return body
    })
    expect((await l.core.call(staff, 'requests.accept', { id: 'fr_ECHO_ITEMS' })).ok).toBe(true)
    await l.core.internals.sync.pushOnce()

    const stored = l.core.internals.requests.get('fr_ECHO_ITEMS')!
    expect(stored.version).toBe(2)
    expect(stored.snapshot.prescription.items[0]?.cautionaryLabels).toEqual([99])
    expect(await flagsOf(l, staff, 'fr_ECHO_ITEMS')).toMatchObject([
      { kind: 'unknown_cautionary_label', lineId: 'l1', raw: '99', raisedVersion: 2 }
    ])
    expect(snapshotEntries(l, 'fr_ECHO_ITEMS')[0]).toMatchObject({ version: 2, changes: ['items_changed'] })
  })

  it('an answer with a field the counter does not know is read whole, and the field flagged for a person', async () => {
    const { l, staff } = await world()
    await l.phensys.post('/sandbox/requests', heldAtStockCheck('fr_ECHO_FIELD'))
    await settle(l.core)
    proxy!.changeNextAnswer(/\/requests\/fr_ECHO_FIELD\/events$/, (body) => {
      ;(body.request as Record<string, unknown>).priority = 'urgent'
      return body
    })
    expect((await l.core.call(staff, 'requests.accept', { id: 'fr_ECHO_FIELD' })).ok).toBe(true)
    await l.core.internals.sync.pushOnce()

    expect(l.core.internals.requests.get('fr_ECHO_FIELD')?.snapshot).toMatchObject({ version: 2, priority: 'urgent' })
    expect(await flagsOf(l, staff, 'fr_ECHO_FIELD')).toMatchObject([{ kind: 'extra_field', path: 'priority' }])
  })
})
