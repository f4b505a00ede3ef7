import { describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { mulberry32 as prng } from '../../src/sandbox/faults'
import {
  freshStore,
  requestBody,
  settle,
  staffSession,
  startLinked,
  type FreshStore,
  type Linked
} from '../helpers/linked'

// 500 on a workstation; CI runs fewer. FAULT_SCHEDULES=20 while working.
const SCHEDULES = Number(process.env.FAULT_SCHEDULES ?? (process.env.CI ? 100 : 500))

interface Recorded {
  type: string
  idempotencyKey: string
}
interface Tally {
  schedules: number
  steps: number
  restarts: number
  kills: number
  outages: number
  cancelledDuringOutage: number
  superseded: number
  acknowledged: number
  faults: Record<string, number>
}

/** How many events Phensys has recorded for these requests. */
async function recordedCount(linked: Linked, ids: readonly string[]): Promise<number> {
  let count = 0
  for (const id of ids)
    count += ((await linked.phensys.get(`/sandbox/requests/${id}/events`)).body as { events: unknown[] }).events.length
  return count
}

async function runSchedule(seed: number, tally: Tally, fresh: FreshStore): Promise<void> {
  const random = prng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const linked: Linked = await startLinked({ fresh })
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
    let outage = false
    // Phensys goes away (every call 503) and comes back; the patient can still cancel meanwhile.
    const toggleOutage = async (): Promise<void> => {
      if (outage) await linked.sandbox.outage.end()
      else {
        tally.outages += 1
        await linked.sandbox.outage.begin({ mode: 'unavailable' })
      }
      outage = !outage
    }
    // The workstation dies between Phensys's commit and its own record of the answer.
    const killMidAnswer = async (): Promise<void> => {
      collectFaults()
      await linked.phensys.put('/sandbox/faults', { answerLatencyMs: 40, seed: Math.floor(random() * 1e9) })
      const before = await recordedCount(linked, ids)
      const sending = core.internals.outbox.due(new Date(Date.now() + 3_600_000)).length > 0
      const push = core.internals.sync.pushOnce().catch(() => 0)
      const deadline = Date.now() + 300
      while (sending && Date.now() < deadline && (await recordedCount(linked, ids)) === before)
        await new Promise((resolve) => setTimeout(resolve, 2))
      // Phensys has committed and its answer is on the way back: the workstation dies now.
      if ((await recordedCount(linked, ids)) > before) tally.kills += 1
      else tally.restarts += 1
      core = await linked.crash()
      await push
      staff = await staffSession(core)
      await misbehave()
    }
    const steps = 15 + Math.floor(random() * 15)
    for (let step = 0; step < steps; step++) {
      tally.steps += 1
      // During an outage the counter works on and the patient cancels; Phensys hears later.
      const action = outage
        ? pick(['pull', 'push', 'accept', 'accept', 'query', 'cancel', 'cancel', 'restart', 'outage'] as const)
        : pick([
            'pull',
            'pull',
            'push',
            'push',
            'accept',
            'query',
            'cancel',
            'update',
            'faults',
            'restart',
            'outage',
            'kill'
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
          if (outage) tally.cancelledDuringOutage += 1
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
        case 'outage':
          await toggleOutage()
          break
        case 'kill':
          if (!outage) await killMidAnswer()
          break
      }
    }
    collectFaults()
    if (outage) await linked.sandbox.outage.end()
    await linked.phensys.put('/sandbox/faults', {
      latencyMs: 0,
      errorRate: 0,
      dropAfterCommitRate: 0,
      duplicateRate: 0,
      reorderRate: 0
    })
    await settle(core)
    // Nothing waits for a person: a refusal from a request Phensys cancelled is superseded by itself.
    expect(core.internals.outbox.needingAPerson(), `seed ${seed}: nothing for a person`).toEqual([])

    const fullFeed = (await linked.phensys.get('/v1/provider/feed?limit=500')).body as {
      entries: Array<{ cursor: string; requestId: string; version: number }>
    }
    const cursor = core.internals.sync.cursor()
    for (const id of ids) {
      const atPhensys = (await linked.phensys.get(`/v1/provider/requests/${id}`)).body as {
        version: number
        state: string
      }
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
      // Superseded only what Phensys could no longer take: its request was cancelled there.
      const superseded = core.internals.outbox.forRequest(id).filter((row) => row.status === 'superseded')
      tally.superseded += superseded.length
      if (superseded.length > 0)
        expect(atPhensys.state, `seed ${seed}: ${id} superseded only once cancelled`).toBe('cancelled')
      // A cancellation of a request the counter had worked on is acknowledged, once, by itself.
      const worked = core.internals.outbox.forRequest(id).some((row) => row.type !== 'cancellation.acknowledged')
      if (atPhensys.state === 'cancelled' && worked) {
        expect(
          recorded.filter((event) => event.type === 'cancellation.acknowledged'),
          `seed ${seed}: ${id} acknowledged`
        ).toHaveLength(1)
        tally.acknowledged += 1
      }
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
    const tally: Tally = {
      schedules: 0,
      steps: 0,
      restarts: 0,
      kills: 0,
      outages: 0,
      cancelledDuringOutage: 0,
      superseded: 0,
      acknowledged: 0,
      faults: {}
    }
    const fresh = await freshStore()
    try {
      for (let seed = 1; seed <= SCHEDULES; seed++) await runSchedule(seed, tally, fresh)
    } finally {
      await fresh.remove()
    }
    console.log(
      `fault schedules: ${tally.schedules} schedules, ${tally.steps} steps, ${tally.restarts} restarts, ${tally.kills} kills mid-answer, ` +
        `${tally.outages} outages (${tally.cancelledDuringOutage} cancellations during one), ${tally.superseded} events superseded, ` +
        `${tally.acknowledged} cancellations acknowledged with no one acting; faults injected: ` +
        Object.entries(tally.faults)
          .map(([name, value]) => `${name} ${value}`)
          .join(', ')
    )
    expect(tally.schedules).toBe(SCHEDULES)
    expect(tally.restarts).toBeGreaterThan(0)
    expect(tally.kills).toBeGreaterThan(0)
    expect(tally.cancelledDuringOutage).toBeGreaterThan(0)
    expect(tally.superseded).toBeGreaterThan(0)
    for (const kind of ['errors503', 'dropped', 'duplicatedInPage', 'reorderedPages', 'delayed', 'answersDelayed'])
      expect(tally.faults[kind], kind).toBeGreaterThan(0)
  }, 1_800_000)
})
