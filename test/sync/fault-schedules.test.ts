import { describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { mulberry32 as prng } from '../../src/sandbox/faults'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'

const SCHEDULES = Number(process.env.FAULT_SCHEDULES ?? 200)

interface Recorded {
  type: string
  idempotencyKey: string
}
interface Tally {
  schedules: number
  steps: number
  restarts: number
  resolvedByAPerson: number
  faults: Record<string, number>
}

async function runSchedule(seed: number, tally: Tally): Promise<void> {
  const random = prng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const linked: Linked = await startLinked()
  try {
    const ids = Array.from({ length: 2 + Math.floor(random() * 3) }, (_, i) => `fr_S${seed}_${i}`)
    for (const id of ids) await linked.phensys.post('/sandbox/requests', requestBody(id))
    let core: Core = linked.core
    let staff = await staffSession(core)
    // Fault counts restart with each new fault setting: add them up before every change.
    const collectFaults = (): void => {
      const counts = linked.sandbox.faults().counts as unknown as Record<string, number>
      for (const [name, value] of Object.entries(counts)) tally.faults[name] = (tally.faults[name] ?? 0) + value
    }
    const misbehave = async (): Promise<void> => {
      collectFaults()
      await linked.phensys.put('/sandbox/faults', {
        latencyMs: Math.floor(random() * 3),
        errorRate: random() * 0.4,
        dropAfterCommitRate: random() * 0.4,
        duplicateRate: random() * 0.5,
        reorderRate: random() * 0.5,
        seed: Math.floor(random() * 1e9)
      })
    }
    await misbehave()
    const steps = 15 + Math.floor(random() * 15)
    for (let step = 0; step < steps; step++) {
      tally.steps += 1
      const action = pick([
        'pull',
        'pull',
        'push',
        'push',
        'accept',
        'query',
        'cancel',
        'update',
        'faults',
        'restart'
      ] as const)
      const id = pick(ids)
      switch (action) {
        case 'pull':
          await core.internals.sync.pullOnce(0).catch(() => undefined)
          break
        case 'push':
          await core.internals.sync.pushOnce()
          break
        case 'accept':
          await core.call(staff, 'requests.accept', { id })
          break
        case 'query':
          await core.call(staff, 'requests.raiseQuery', {
            id,
            reason: 'clinical',
            message: `Schedule ${seed} asks about ${id}.`
          })
          break
        case 'cancel':
          await linked.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
          break
        case 'update':
          await linked.phensys.post(`/sandbox/requests/${id}/update`, {
            changes: { delivery: { instructions: `Step ${step}` } }
          })
          break
        case 'faults':
          await misbehave()
          break
        case 'restart':
          tally.restarts += 1
          core = await linked.restart()
          staff = await staffSession(core)
          break
      }
    }
    collectFaults()
    await linked.phensys.put('/sandbox/faults', {
      latencyMs: 0,
      errorRate: 0,
      dropAfterCommitRate: 0,
      duplicateRate: 0,
      reorderRate: 0
    })
    await settle(core)
    // A person looks at each event Phensys refused (409 after a cancellation, mostly) and sets it aside.
    for (let round = 0; round < 10 && core.internals.outbox.needingAPerson().length > 0; round++) {
      for (const row of core.internals.outbox.needingAPerson()) {
        tally.resolvedByAPerson += 1
        expect((await core.call(staff, 'sync.resolveEvent', { id: row.id, action: 'dismiss' })).ok).toBe(true)
      }
      await settle(core)
    }

    const fullFeed = (await linked.phensys.get('/v1/provider/feed?limit=500')).body as {
      entries: Array<{ cursor: string; requestId: string; version: number }>
    }
    const cursor = core.internals.sync.cursor()
    for (const id of ids) {
      const atPhensys = (await linked.phensys.get(`/v1/provider/requests/${id}`)).body as { version: number }
      const local = core.internals.requests.get(id)
      expect(local?.snapshot, `seed ${seed}: ${id} equals Phensys's snapshot`).toEqual(atPhensys)

      const sent = core.internals.outbox.forRequest(id).filter((row) => row.status === 'sent')
      const recorded = ((await linked.phensys.get(`/sandbox/requests/${id}/events`)).body as { events: Recorded[] })
        .events
      expect(
        recorded.map((event) => [event.type, event.idempotencyKey]),
        `seed ${seed}: ${id} events once each, in order`
      ).toEqual(sent.map((row) => [row.type, row.idempotencyKey]))
      expect(
        core.internals.outbox.forRequest(id).filter((row) => row.status === 'pending'),
        `seed ${seed}: nothing left unsent`
      ).toEqual([])
    }
    // The cursor never passed an entry it had not stored.
    for (const entry of fullFeed.entries) {
      if (cursor && entry.cursor <= cursor) {
        expect(
          core.internals.requests.get(entry.requestId)!.version,
          `seed ${seed}: entry ${entry.cursor}`
        ).toBeGreaterThanOrEqual(entry.version)
      }
    }
    tally.schedules += 1
  } finally {
    await linked.stop()
  }
}

describe('sync under random fault schedules', () => {
  it(`keeps every event exactly once and the store equal to Phensys over ${SCHEDULES} seeded schedules`, async () => {
    const tally: Tally = { schedules: 0, steps: 0, restarts: 0, resolvedByAPerson: 0, faults: {} }
    for (let seed = 1; seed <= SCHEDULES; seed++) await runSchedule(seed, tally)
    console.log(
      `fault schedules: ${tally.schedules} schedules, ${tally.steps} steps, ${tally.restarts} restarts, ${tally.resolvedByAPerson} refusals set aside by a person; faults injected: ` +
        Object.entries(tally.faults)
          .map(([name, value]) => `${name} ${value}`)
          .join(', ')
    )
    expect(tally.schedules).toBe(SCHEDULES)
    expect(tally.restarts).toBeGreaterThan(0)
    for (const kind of ['errors503', 'dropped', 'duplicatedInPage', 'reorderedPages', 'delayed'])
      expect(tally.faults[kind], kind).toBeGreaterThan(0)
  }, 300_000)
})
