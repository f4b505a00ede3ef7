/**
 * The real core against a second, contract-literal Phensys (./literal-phensys.ts) that makes every
 * choice the contract leaves open unlike the project's sandbox: the counter must not lean on the
 * sandbox's habits. Nothing here talks to the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { settle, staffSession } from '../helpers/linked'
import { rescansWithLabels } from '../helpers/rescans'
import { until } from '../helpers/until'
import { supplyByCarrier, supplyByCollection } from '../helpers/supply'
import { linkedToLiteral, ok, worldForFile, type LiteralLink } from '../helpers/literal-world'
import { DMD, packCode, scan, setUpWholesaler } from '../stock/helpers'
import type { Json, LiteralPhensys } from './literal-phensys'

/** Ids a path segment must encode, all legal opaque strings of at most 64 characters. */
const ID = {
  full: 'fr/7:Q+2 K',
  paper: 'fr%2F#1?x=ü',
  ordered: 'fr ordered/…/3',
  query: 'fr:query+4',
  newKind: 'fr&new=kind;5',
  unreadable: 'fr/unreadable 6'
}

/** A snapshot by the contract's letter that leaves every optional field out and adds what the contract does not list. */
function literalSnapshot(id: string, overrides: Json = {}): Json {
  return {
    id,
    tenant: { id: 'lovemylife', name: 'LoveMyLife', brandColour: '#e4007c' },
    route: 'form_consultation',
    prescription: {
      id: `rx ${id}`,
      kind: 'consultation',
      issuedAt: '2026-11-25',
      prescriber: {
        name: 'Dr A Khan',
        profession: 'doctor',
        registrationBody: 'GMC',
        registrationNumber: '7012345',
        address: '12 Harley St, London W1G 9PF'
      },
      hardCopy: { required: false },
      items: [
        {
          lineId: 'l/1',
          product: {
            dmdCode: DMD.sertraline,
            name: 'Sertraline 50mg tablets',
            strength: '50mg',
            form: 'tablet',
            controlledDrugSchedule: null,
            vmpId: '39732311000001104'
          },
          quantity: 28,
          unit: 'tablet',
          directions: 'Take ONE tablet each morning',
          cautionaryLabels: []
        }
      ]
    },
    patient: {
      id: `pt ${id}`,
      name: { title: 'Ms', given: 'Zoë', family: "O'Brien-Łukasik" },
      dateOfBirth: '1988-04-02'
    },
    delivery: {
      recipientName: "Zoë O'Brien-Łukasik",
      address: { line1: '14 Kirkgate', city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
      service: 'royal_mail_tracked_24'
    },
    payment: { status: 'deferred', payer: 'patient', reference: 'pay/8812', provider: 'stripe' },
    priority: 'standard',
    ...overrides
  }
}

const w = worldForFile()

function stored(id: string) {
  return w.core.internals.requests.get(id)
}

function flagsOf(id: string): Array<{ kind: string; path: string; status: string }> {
  return w.core.internals.store.sqlite
    .prepare('SELECT kind, path, status FROM request_flags WHERE request_id = ? ORDER BY id')
    .all(id) as Array<{ kind: string; path: string; status: string }>
}

/** The patient's choice as this Phensys records it: the state it moves to, the options closed. */
function patientDecides(id: string, state: string, choice: string): void {
  w.lit.change(
    id,
    (s) => {
      s.state = state
      s.patientDecision = { choice, decidedAt: new Date().toISOString() }
      delete s.options
    },
    'patient.decided'
  )
}

function types(id: string): string[] {
  return w.lit.accepted(id).map((event) => event.type)
}

function expectClean(): void {
  expect(w.lit.violations, 'what the literal Phensys refused').toEqual([])
  expect(w.lit.unauthorised, 'calls without the right token').toEqual([])
}

describe('the counter against a contract-literal Phensys', () => {
  it('takes in odd ids, omitted optional fields, unknown fields, values and kinds: stored and flagged, none rejected', async () => {
    const { lit } = w
    lit.create(literalSnapshot(ID.full))
    lit.create(
      literalSnapshot(ID.paper, {
        prescription: {
          ...(literalSnapshot(ID.paper).prescription as Json),
          kind: 'private_paper',
          hardCopy: { required: true, reason: 'paper_prescription' }
        }
      })
    )
    lit.create(literalSnapshot(ID.ordered, { payment: { status: 'paid', payer: 'patient', reference: 'p3' } }))
    lit.create(literalSnapshot(ID.query, { payment: { status: 'paid', payer: 'patient', reference: 'p4' } }))
    // A kind the contract does not list yet, with a snapshot of a route and a service no one knows.
    lit.create(
      literalSnapshot(ID.newKind, {
        route: 'app_consultation',
        delivery: { ...(literalSnapshot(ID.newKind).delivery as Json), service: 'evri_parcelshop_48' }
      }),
      'request.flagged'
    )
    // A kind with no snapshot at all.
    lit.append({ kind: 'tenant.notice', requestId: ID.full, version: 0, at: new Date().toISOString() })
    await settle(w.core)
    expectClean()
    for (const id of [ID.full, ID.paper, ID.ordered, ID.query, ID.newKind]) {
      expect(stored(id)?.row.phensysState, id).toBe('sent_to_provider')
      expect(types(id), id).toEqual([])
    }
    const full = stored(ID.full)!
    // Left out, not stood in for: what is stored keeps the shape that came.
    expect(full.snapshot.prescription).not.toHaveProperty('notes')
    expect(full.snapshot.delivery).not.toHaveProperty('instructions')
    expect(full.snapshot.patient).not.toHaveProperty('phone')
    expect(flagsOf(ID.full).map((f) => f.path)).toEqual(
      expect.arrayContaining(['priority', 'tenant.brandColour', 'payment.status', 'payment.provider'])
    )
    expect(flagsOf(ID.newKind).map((f) => f.path)).toEqual(expect.arrayContaining(['route', 'delivery.service']))
    const kept = w.core.internals.store.sqlite
      .prepare("SELECT kind FROM feed_exceptions WHERE category = 'unknown_kind'")
      .all() as Array<{ kind: string }>
    expect(kept).toEqual([{ kind: 'tenant.notice' }])
  })

  it('ignores entries repeated under new cursors and older versions arriving after newer ones', async () => {
    const { lit } = w
    lit.change(ID.full, (s) => (s.tenant = { id: 'lovemylife', name: 'LoveMyLife Ltd' }), 'request.updated')
    lit.change(
      ID.full,
      (s) => (s.prescription = { ...(s.prescription as Json), notes: 'Patient prefers mornings' }),
      'request.updated'
    )
    lit.redeliver(ID.full, 2)
    lit.redeliver(ID.full, 1)
    lit.redeliver(ID.full, 3)
    await settle(w.core)
    expectClean()
    expect(stored(ID.full)?.version).toBe(3)
    expect((stored(ID.full)?.snapshot.prescription as Json).notes).toBe('Patient prefers mornings')
  })

  it('works a request through to dispatch, every event once, in a legal order, through 503 and 429', async () => {
    const { core, lit, packs } = w
    const code = packCode(packs.gtin, 'LIT1', '280630')
    await scan(core, w.assembler, code)
    // Phensys is away for the first tries of the acceptance: the same key must come back.
    lit.fail('events', 1, { status: 503, retryAfter: '0' })
    lit.fail('events', 1, { status: 429, retryAfter: '1' })
    ok(await core.call(w.assembler, 'requests.accept', { id: ID.full }), 'accept')
    await until(async () => {
      // Settling stops short while the event waits out Phensys's Retry-After.
      await settle(core).catch(() => undefined)
      return types(ID.full).includes('accepted')
    }, 'accepted after the outage')
    expect(lit.faulted.map((f) => f.key)).toEqual([lit.accepted(ID.full)[0]!.key, lit.accepted(ID.full)[0]!.key])
    expect(stored(ID.full)?.row.stage).toBe('ready_to_dispense')
    const clinical = ok(await core.call(w.pharmacist, 'clinical.view', { id: ID.full }), 'clinical view')
    for (const flag of clinical.flags.filter((f) => f.mustAcknowledge && !f.acknowledged))
      ok(await core.call(w.pharmacist, 'flags.acknowledge', { id: flag.id, reason: 'Checked: appropriate' }), 'ack')
    ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id: ID.full, outcome: 'approved' }), 'clinical')
    ok(await core.call(w.assembler, 'dispensing.scanPack', { id: ID.full, lineId: 'l/1', raw: code }), 'scan pack')
    await until(() => stored(ID.full)?.row.stage === 'labelled', 'labelled')
    const view = ok(await core.call(w.checker, 'dispensing.view', { id: ID.full }), 'dispensing view')
    ok(
      await core.call(w.checker, 'requests.accuracyCheck', { id: ID.full, rescans: rescansWithLabels(view, [code]) }),
      'accuracy check'
    )
    await supplyByCarrier(core, w.assembler, ID.full)
    await settle(core)
    expectClean()
    expect(lit.conflicts).toEqual([])
    const sent = types(ID.full)
    expect(sent[0]).toBe('accepted')
    expect(sent.at(-1)).toBe('dispatched')
    expect(sent).toEqual(expect.arrayContaining(['dispensing.labelled', 'dispensing.checked', 'packed']))
    expect(new Set(lit.accepted(ID.full).map((e) => e.key)).size).toBe(sent.length)
    const dispatched = lit.accepted(ID.full).at(-1)!.body.data as Json
    expect(Array.isArray(dispatched.trackingNumbers)).toBe(true)
    expect(stored(ID.full)?.row.phensysState).toBe('dispatched')
    expect(stored(ID.full)?.version).toBe(lit.snapshot(ID.full).version)
  })

  it('asks for the original, records it, and stops at a cancellation, acknowledged once', async () => {
    const { core, lit } = w
    const accepted = ok(await core.call(w.assembler, 'requests.accept', { id: ID.paper }), 'accept')
    expect(accepted.row.stage).toBe('awaiting_hard_copy')
    ok(
      await core.call(w.pharmacist, 'requests.receiveHardCopy', {
        id: ID.paper,
        formType: 'FP10PCD',
        serial: 'SLIT0001',
        patientMatches: true,
        prescriberMatches: true,
        dateMatches: true,
        lines: [{ lineId: 'l/1', matches: true, quantityOnForm: 28 }]
      }),
      'original'
    )
    await settle(core)
    lit.change(
      ID.paper,
      (s) => {
        s.state = 'cancelled'
        s.cancellation = { reason: 'patient_request', cancelledAt: new Date().toISOString(), by: 'patient' }
      },
      'request.cancelled'
    )
    await settle(core)
    lit.redeliver(ID.paper, lit.snapshot(ID.paper).version as number)
    await settle(core)
    expectClean()
    const sent = types(ID.paper)
    expect(sent.slice(0, 2)).toEqual(['accepted', 'hard_copy.awaiting'])
    expect(sent).toContain('hard_copy.received')
    // No stock and no wholesaler set up yet: the stock check reports a supply issue.
    expect(sent).toContain('stock.supply_issue')
    expect(sent.filter((t) => t === 'cancellation.acknowledged')).toHaveLength(1)
    expect(sent.at(-1)).toBe('cancellation.acknowledged')
    expect(stored(ID.paper)?.row.stage).toBe('cancelled')
  })

  it('orders what is short and relays the patient decision that came with its snapshot', async () => {
    const { core, lit } = w
    await setUpWholesaler(core, w.admin)
    // Nothing on the shelf: the stock check orders.
    ok(await core.call(w.assembler, 'requests.accept', { id: ID.ordered }), 'accept')
    await settle(core)
    expectClean()
    const sent = lit.accepted(ID.ordered)
    expect(sent.map((e) => e.type)).toEqual(['accepted', expect.stringMatching(/^stock\.(ordered|available)$/)])
    if (sent[1]!.type !== 'stock.ordered') return
    expect(lit.snapshot(ID.ordered).state).toBe('awaiting_patient_decision')
    lit.change(
      ID.ordered,
      (s) => {
        s.patientDecision = { choice: 'wait', decidedAt: new Date().toISOString(), channel: 'app' }
        delete s.options
      },
      'patient.decided'
    )
    await settle(core)
    expectClean()
    expect(stored(ID.ordered)?.snapshot.patientDecision?.choice).toBe('wait')
    expect(stored(ID.ordered)?.row.stage).toBe('awaiting_stock')
  })

  it('raises a query and takes the resolution from a query.resolved entry', async () => {
    const { core, lit } = w
    ok(await core.call(w.pharmacist, 'requests.accept', { id: ID.query }), 'accept')
    await settle(core)
    ok(
      await core.call(w.pharmacist, 'requests.raiseQuery', {
        id: ID.query,
        reason: 'clinical',
        message: 'Please confirm the dose.'
      }),
      'query'
    )
    await settle(core)
    expect(lit.snapshot(ID.query).state).toBe('query_open')
    lit.change(
      ID.query,
      (s) => {
        s.state = 'in_fulfilment'
        s.resolution = { note: 'Dose confirmed' }
      },
      'query.resolved'
    )
    await settle(core)
    expectClean()
    expect(stored(ID.query)?.row.phensysState).toBe('in_fulfilment')
    expect(types(ID.query).slice(0, 2)).toEqual(['accepted', expect.stringMatching(/^stock\./)])
    expect(types(ID.query)).toContain('query.raised')
  })

  it('keeps an unreadable snapshot and answers it with one rejected / request_unreadable', async () => {
    const { core, lit } = w
    const raw: Json = literalSnapshot(ID.unreadable)
    raw.prescription = { ...(raw.prescription as Json), items: 'l1 x 28' }
    lit.create(raw)
    lit.redeliver(ID.unreadable, 1)
    await settle(core)
    expectClean()
    expect(types(ID.unreadable)).toEqual(['rejected'])
    expect((lit.accepted(ID.unreadable)[0]!.body.data as Json).reason).toBe('request_unreadable')
    const kept = core.internals.store.sqlite
      .prepare("SELECT request_id FROM feed_exceptions WHERE category = 'unreadable'")
      .all()
    expect(kept).toEqual([{ request_id: ID.unreadable }])
  })

  it('a feed call with wait holds until an entry exists', async () => {
    const { core, lit } = w
    const heldBefore = lit.stats.held
    setTimeout(() => lit.change(ID.newKind, (s) => (s.note = 'later'), 'request.updated'), 300)
    const started = Date.now()
    await core.internals.sync.pullOnce(5)
    await settle(core)
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(lit.stats.held).toBeGreaterThan(heldBefore)
    expect(stored(ID.newKind)?.version).toBe(2)
  })

  it('after 410 cursor_expired re-syncs from the open list, page by page, and follows the feed from its start', async () => {
    const { core, lit } = w
    lit.expireCursors()
    // Changed while the cursor was too old: only the open list can tell the counter.
    lit.change(ID.newKind, (s) => (s.route = 'video_consultation'), 'request.updated')
    // Delivered meanwhile: no longer in the open list, so the counter asks for it by its id.
    lit.change(ID.full, (s) => (s.state = 'delivered'), 'request.updated')
    lit.expireCursors()
    const pagesBefore = lit.stats.openPages
    const expiredBefore = lit.stats.expired
    // Phensys busy for the first look at the delivered request: the re-sync starts over, not without it.
    lit.fail('request', 1, { status: 503, retryAfter: '0' })
    await until(async () => {
      await settle(core).catch(() => undefined)
      return stored(ID.full)?.row.phensysState === 'delivered'
    }, 'the delivered request refreshed')
    // Met 410 again after the interrupted re-sync, and started over.
    expect(lit.stats.expired - expiredBefore).toBe(2)
    await settle(core)
    expectClean()
    expect(lit.stats.openPages - pagesBefore).toBeGreaterThan(1)
    expect(stored(ID.newKind)?.version).toBe(lit.snapshot(ID.newKind).version)
    expect(stored(ID.full)?.row.phensysState).toBe('delivered')
    for (const id of Object.values(ID)) {
      if (!stored(id)) continue
      expect(stored(id)?.version, id).toBe(lit.snapshot(id).version)
    }
    expect(lit.conflicts).toEqual([])
  })

  it('a state the contract does not list is stored and flagged, and nothing is sent for it', async () => {
    const { core, lit } = w
    const before = types(ID.newKind)
    lit.change(ID.newKind, (s) => (s.state = 'paused_by_tenant'), 'request.updated')
    await settle(core)
    expectClean()
    expect(stored(ID.newKind)?.version).toBe(lit.snapshot(ID.newKind).version)
    expect(flagsOf(ID.newKind)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'state', status: 'open' })])
    )
    expect(types(ID.newKind)).toEqual(before)
  })

  it('an answer lost after Phensys committed: the same key again, answered as a replay, recorded once', async () => {
    const { core, lit } = w
    const replays = lit.replays
    ok(
      await core.call(w.pharmacist, 'requests.reject', {
        id: ID.query,
        reason: 'cannot_supply',
        message: 'Discontinued.'
      }),
      'reject'
    )
    lit.dropAnswers(1)
    await until(async () => {
      await settle(core)
      return stored(ID.query)?.row.phensysState === 'rejected'
    }, 'the rejection recorded')
    expectClean()
    expect(lit.replays).toBe(replays + 1)
    expect(types(ID.query).filter((t) => t === 'rejected')).toHaveLength(1)
    const unsettled = core.internals.store.sqlite
      .prepare("SELECT type, status FROM outbox WHERE request_id = ? AND status <> 'sent'")
      .all(ID.query)
    expect(unsettled).toEqual([])
  })

  it('a 409 with the current snapshot: cancelled at Phensys meanwhile, the event set aside and the cancellation acknowledged once', async () => {
    const { core, lit } = w
    // The patient cancels; the counter has not read the feed since.
    lit.change(
      ID.ordered,
      (s) => {
        s.state = 'cancelled'
        s.patientDecision = { choice: 'cancel', decidedAt: new Date().toISOString() }
        s.cancellation = { reason: 'patient_request', cancelledAt: new Date().toISOString() }
      },
      'patient.decided'
    )
    ok(
      await core.call(w.pharmacist, 'requests.raiseQuery', {
        id: ID.ordered,
        reason: 'other',
        message: 'Is the patient still waiting?'
      }),
      'query'
    )
    await core.internals.sync.pushOnce()
    await core.internals.sync.pushOnce()
    expect(lit.conflicts).toEqual([{ requestId: ID.ordered, type: 'query.raised', state: 'cancelled' }])
    await settle(core)
    expectClean()
    const sent = types(ID.ordered)
    expect(sent.filter((t) => t === 'cancellation.acknowledged')).toHaveLength(1)
    expect(sent.at(-1)).toBe('cancellation.acknowledged')
    expect(stored(ID.ordered)?.row.stage).toBe('cancelled')
    const statuses = core.internals.store.sqlite
      .prepare('SELECT type, status FROM outbox WHERE request_id = ? ORDER BY id')
      .all(ID.ordered)
    expect(statuses).toEqual(expect.arrayContaining([{ type: 'query.raised', status: 'superseded' }]))
  })

  it('an entry of a known kind that carries no snapshot is read from Phensys by its id, never rejected', async () => {
    const { core, lit } = w
    const id = 'fr/bare entry#7'
    lit.create(literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: 'p7' } }))
    await settle(core)
    lit.change(id, (s) => (s.delivery = { ...(s.delivery as Json), recipientName: 'Z Lukasik' }), 'request.updated')
    // Told again by entries that name the request and its version only; the first while Phensys is busy.
    lit.fail('request', 1, { status: 503, retryAfter: '0' })
    lit.append({ kind: 'request.updated', requestId: id, version: 2, at: new Date().toISOString() })
    lit.append({ kind: 'patient.decided', requestId: id, version: 2, at: new Date().toISOString() })
    lit.append({ kind: 'request.updated', requestId: id, version: 2, at: new Date().toISOString(), request: null })
    await settle(core)
    lit.change(id, (s) => (s.state = 'cancelled'), 'request.cancelled')
    lit.append({ kind: 'request.cancelled', requestId: id, version: 3, at: new Date().toISOString() })
    await settle(core)
    expectClean()
    expect(types(id)).toEqual(['cancellation.acknowledged'])
    expect(stored(id)?.row.phensysState).toBe('cancelled')
    const kept = core.internals.store.sqlite
      .prepare('SELECT category FROM feed_exceptions WHERE request_id = ?')
      .all(id)
    expect(kept).toEqual([])
  })

  it('a 429 on the feed with Retry-After: the pull loop asks again no sooner than Phensys said', async () => {
    const { core, lit } = w
    lit.fail('feed', 1, { status: 429, retryAfter: '1' })
    const from = lit.stats.feedCallTimes.length
    core.internals.sync.start()
    try {
      await until(() => lit.stats.feedCallTimes.length >= from + 2, 'the feed asked again')
    } finally {
      await core.internals.sync.stop()
    }
    const [refused = 0, again = 0] = lit.stats.feedCallTimes.slice(from)
    expect(again - refused).toBeGreaterThanOrEqual(950)
    expectClean()
  })

  it('a patient who waits, and Phensys back at in_fulfilment at once: stock arriving later is worked through to dispatch', async () => {
    const { core, lit, packs } = w
    const id = 'fr wait/8'
    lit.create(literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: 'p8' } }))
    await settle(core)
    ok(await core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await settle(core)
    expect(types(id)).toEqual(['accepted', 'stock.ordered'])
    // The contract leaves open what `wait` does to the state; this Phensys goes back to work.
    patientDecides(id, 'in_fulfilment', 'wait')
    await settle(core)
    const code = packCode(packs.gtin, 'LIT2', '280630')
    await scan(core, w.assembler, code)
    await settle(core)
    expect(stored(id)?.row.stage).toBe('ready_to_dispense')
    ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical')
    ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l/1', raw: code }), 'scan pack')
    await until(() => stored(id)?.row.stage === 'labelled', 'labelled')
    const view = ok(await core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
    ok(await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) }), 'check')
    await supplyByCarrier(core, w.assembler, id)
    await settle(core)
    expectClean()
    expect(lit.conflicts.filter((c) => c.requestId === id)).toEqual([])
    expect(types(id).at(-1)).toBe('dispatched')
    expect(stored(id)?.row.phensysState).toBe('dispatched')
  })

  it('a collection at the counter tells Phensys in an order it takes', async () => {
    const { core, lit, packs } = w
    const id = 'fr collect/9'
    const base = literalSnapshot(id, { payment: { status: 'exempt', payer: 'patient', reference: 'p9' } })
    lit.create({ ...base, delivery: { ...(base.delivery as Json), service: 'collect' } })
    await settle(core)
    const code = packCode(packs.gtin, 'LIT3', '280630')
    await scan(core, w.assembler, code)
    ok(await core.call(w.assembler, 'requests.accept', { id }), 'accept')
    ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical')
    ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l/1', raw: code }), 'scan pack')
    await until(() => stored(id)?.row.stage === 'labelled', 'labelled')
    const view = ok(await core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
    ok(await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) }), 'check')
    await supplyByCollection(core, w.assembler, id)
    await settle(core)
    expectClean()
    expect(lit.conflicts.filter((c) => c.requestId === id)).toEqual([])
    expect(lit.snapshot(id).state).toBe('delivered')
  })

  it('a further consultation that changes the items sends the request back to work at Phensys and at the counter', async () => {
    const { core, lit } = w
    const id = 'fr consult/10'
    lit.create(literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: 'p10' } }))
    await settle(core)
    ok(await core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await settle(core)
    expect(types(id)).toEqual(['accepted', 'stock.ordered'])
    patientDecides(id, 'further_consultation', 'further_consultation')
    await settle(core)
    expect(stored(id)?.row.stage).toBe('further_consultation')
    lit.change(
      id,
      (s) => {
        s.state = 'in_fulfilment'
        delete s.patientDecision
        const prescription = s.prescription as Json
        const [line] = prescription.items as Json[]
        s.prescription = { ...prescription, items: [{ ...line, lineId: 'l/2', quantity: 56 }] }
      },
      'request.updated'
    )
    await settle(core)
    expectClean()
    expect(stored(id)?.row.phensysState).toBe('in_fulfilment')
    expect(stored(id)?.snapshot.prescription.items.map((item) => item.lineId)).toEqual(['l/2'])
    expect(stored(id)?.row.stage).not.toBe('further_consultation')
    expect(lit.conflicts.filter((c) => c.requestId === id)).toEqual([])
  })

  it('Phensys raises the quantity of a request ready to dispense: checked for stock again, then the packs are counted against what is prescribed now, never the old figure', async () => {
    const { core, lit, packs } = w
    const id = 'fr more/11'
    lit.create(literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: 'p11' } }))
    await settle(core)
    const codes = ['LIT11A', 'LIT11B'].map((batch) => packCode(packs.gtin, batch, '280630'))
    for (const code of codes) await scan(core, w.assembler, code)
    ok(await core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await settle(core)
    expect(stored(id)?.row.stage).toBe('ready_to_dispense')
    ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical')
    // A new version while in fulfilment, no query: the contract lets any version change the items.
    lit.change(
      id,
      (s) => {
        const prescription = s.prescription as Json
        const [line] = prescription.items as Json[]
        s.prescription = { ...prescription, items: [{ ...line, quantity: 2 * packs.packSize }] }
      },
      'request.updated'
    )
    await settle(core)
    expect(stored(id)?.snapshot.prescription.items[0]?.quantity).toBe(2 * packs.packSize)
    // More than the stock check held: checked again before anything is dispensed (test/stock/items-raised.test.ts).
    expect(stored(id)?.row.stage).toBe('stock_check')
    ok(await core.call(w.assembler, 'requests.checkStock', { id }), 'check stock again')
    expect(stored(id)?.row.stage).toBe('ready_to_dispense')
    const before = ok(await core.call(w.assembler, 'dispensing.view', { id }), 'dispensing view')
    expect(before.lines[0]).toMatchObject({ prescribed: { quantity: 2 * packs.packSize }, needed: 2 * packs.packSize })
    ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical again')
    const one = ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l/1', raw: codes[0]! }), 'scan')
    expect(one.lines[0]).toMatchObject({ needed: 2 * packs.packSize, complete: false })
    await settle(core)
    expect(stored(id)?.row.stage).toBe('dispensing')
    const two = ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l/1', raw: codes[1]! }), 'scan')
    expect(two.lines[0]).toMatchObject({ counted: 2 * packs.packSize, complete: true })
    await until(() => stored(id)?.row.stage === 'labelled', 'labelled')
    expectClean()
  })

  it('a national shortage notice (MSN with a date, SSP with none) makes the stock check a supply issue: stock.supply_issue with exactly lines, reason and eta', async () => {
    const { core, lit } = w
    const notices = [
      { id: 'fr msn/12', dmdId: DMD.finasteride, name: 'Finasteride 1mg tablets', source: 'msn', back: '2027-01-15' },
      { id: 'fr ssp/13', dmdId: DMD.zolmitriptan, name: 'Zolmitriptan 2.5mg tablets', source: 'ssp', back: null }
    ] as const
    for (const notice of notices) {
      ok(
        await core.call(w.pharmacist, 'stock.raiseSupplyIssue', {
          dmdId: notice.dmdId,
          source: notice.source,
          reference: `${notice.source.toUpperCase()}/2026/118`,
          reason: `National shortage notice (${notice.source.toUpperCase()})`,
          expectedReturn: notice.back
        }),
        'raise supply issue'
      )
      const base = literalSnapshot(notice.id, { payment: { status: 'paid', payer: 'patient', reference: notice.id } })
      const prescription = base.prescription as Json
      const [line] = prescription.items as Json[]
      const product = { ...(line!.product as Json), dmdCode: notice.dmdId, name: notice.name }
      lit.create({ ...base, prescription: { ...prescription, items: [{ ...line, product }] } })
      await settle(core)
      ok(await core.call(w.assembler, 'requests.accept', { id: notice.id }), 'accept')
      await settle(core)
      expectClean()
      expect(types(notice.id)).toEqual(['accepted', 'stock.supply_issue'])
      const data = lit.accepted(notice.id)[1]!.body.data as Json
      expect(Object.keys(data).sort()).toEqual(['eta', 'lines', 'reason'])
      expect(data).toMatchObject({ lines: ['l/1'], eta: notice.back })
      expect(data.reason).toEqual(expect.stringContaining(`National shortage notice (${notice.source.toUpperCase()})`))
      expect(lit.snapshot(notice.id).state).toBe('awaiting_patient_decision')
    }
  })

  it('a shortage notice after the patient chose to wait and Phensys went back to in fulfilment: the patient is asked again, and the counter says so', async () => {
    const { core, lit } = w
    await setUpWholesaler(core, w.admin)
    const id = 'fr wait/14'
    const base = literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: 'p14' } })
    const prescription = base.prescription as Json
    const [line] = prescription.items as Json[]
    const product = { ...(line!.product as Json), dmdCode: DMD.hydrocortisone, name: 'Hydrocortisone 1% cream' }
    const cream = { ...line, product, quantity: 30, unit: 'gram', directions: 'Apply thinly twice a day' }
    lit.create({ ...base, prescription: { ...prescription, items: [cream] } })
    await settle(core)
    ok(await core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await settle(core)
    expect(types(id)).toEqual(['accepted', 'stock.ordered'])
    // This Phensys takes a choice to wait as settled: back to in fulfilment.
    patientDecides(id, 'in_fulfilment', 'wait')
    await settle(core)
    expect(stored(id)?.row.stage).toBe('awaiting_stock')
    ok(
      await core.call(w.pharmacist, 'stock.raiseSupplyIssue', {
        dmdId: DMD.hydrocortisone,
        source: 'msn',
        reference: 'MSN/2026/140',
        reason: 'Hydrocortisone 1% cream: none until January',
        expectedReturn: null
      }),
      'notice'
    )
    await settle(core)
    expectClean()
    expect(types(id)).toEqual(['accepted', 'stock.ordered', 'stock.supply_issue'])
    expect(lit.snapshot(id).state).toBe('awaiting_patient_decision')
    expect(stored(id)?.row.stage).toBe('awaiting_patient_decision')
  })

  it('Phensys lessens the quantity of a request checked for more: dispensed to the new figure, and what stayed reserved goes back to the shelf at hand-over', async () => {
    const { core, lit, packs } = w
    const id = 'fr less/12'
    lit.create(literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: 'p12' } }))
    await settle(core)
    const twice = (s: Json, quantity: number) => {
      const prescription = s.prescription as Json
      const [line] = prescription.items as Json[]
      s.prescription = { ...prescription, items: [{ ...line, quantity }] }
    }
    lit.change(id, (s) => twice(s, 2 * packs.packSize), 'request.updated')
    await settle(core)
    const codes = ['LIT12A', 'LIT12B'].map((batch) => packCode(packs.gtin, batch, '280630'))
    for (const code of codes) await scan(core, w.assembler, code)
    ok(await core.call(w.assembler, 'requests.accept', { id }), 'accept')
    await settle(core)
    expect(stored(id)?.row.stage).toBe('ready_to_dispense')
    const reserved = () =>
      (
        core.internals.store.sqlite
          .prepare('SELECT COALESCE(SUM(reserved_delta_milli), 0) AS r FROM stock_movements WHERE request_id = ?')
          .get(id) as { r: number }
      ).r / 1000
    expect(reserved()).toBe(2 * packs.packSize)
    lit.change(id, (s) => twice(s, packs.packSize), 'request.updated')
    await settle(core)
    ok(await core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical')
    const one = ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l/1', raw: codes[0]! }), 'scan')
    expect(one.lines[0]).toMatchObject({ complete: true })
    await until(() => stored(id)?.row.stage === 'labelled', 'labelled')
    expect(reserved(), 'the pack not dispensed, still held').toBe(packs.packSize)
    const view = ok(await core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
    ok(
      await core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [codes[0]!]) }),
      'accuracy'
    )
    await supplyByCarrier(core, w.assembler, id)
    await settle(core)
    expect(stored(id)?.row.stage).toBe('dispatched')
    expect(reserved(), 'handed over: nothing held for it any more').toBe(0)
    expectClean()
  })

  it('over the whole run: nothing refused as malformed, every event once, the one 409 expected, the store as Phensys holds it', async () => {
    const { core, lit } = w
    await settle(core)
    expectClean()
    const events = lit.ids().flatMap((id) => lit.accepted(id))
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length)
    expect(lit.conflicts).toEqual([{ requestId: ID.ordered, type: 'query.raised', state: 'cancelled' }])
    for (const id of lit.ids()) {
      if (id === ID.unreadable) continue
      const phensys = lit.snapshot(id)
      expect({ id, version: stored(id)?.version, state: stored(id)?.row.phensysState }).toEqual({
        id,
        version: phensys.version,
        state: phensys.state
      })
    }
    const waiting = core.internals.store.sqlite
      .prepare("SELECT request_id, type, status FROM outbox WHERE status NOT IN ('sent', 'superseded')")
      .all()
    expect(waiting).toEqual([])
  })
})

/**
 * What the contract says a client never retries: "It does not retry 400, 401, 404, 409 or 422: it
 * shows them to a person". A counter of its own, against a Phensys of its own, with its sync loop
 * running (long-polling the feed) rather than driven a call at a time.
 */
describe('the running counter against refusals it must not retry', () => {
  let link: LiteralLink
  let lit: LiteralPhensys
  let core: Core
  let assembler: string
  let pharmacist: string
  const WAIT_SECONDS = 2

  beforeAll(async () => {
    link = await linkedToLiteral({
      syncTuning: { retryBaseMs: 100, retryMaxMs: 2_000, pollWaitSeconds: WAIT_SECONDS, probeIntervalMs: 50 }
    })
    lit = link.lit
    core = link.core
    assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
    pharmacist = await staffSession(core, ['pharmacist'])
  }, 60_000)

  afterAll(async () => {
    await core?.internals.sync.stop()
    await link?.stop()
  })

  async function running<T>(work: () => Promise<T>): Promise<T> {
    core.internals.sync.start()
    try {
      return await work()
    } finally {
      await core.internals.sync.stop()
    }
  }

  function outboxOf(id: string) {
    return core.internals.store.sqlite
      .prepare(
        'SELECT id, type, status, idempotency_key AS key, last_error AS error FROM outbox WHERE request_id = ? ORDER BY id'
      )
      .all(id) as Array<{ id: number; type: string; status: string; key: string; error: string | null }>
  }

  async function accepted(id: string): Promise<string[]> {
    lit.create(literalSnapshot(id, { payment: { status: 'paid', payer: 'patient', reference: id } }))
    await settle(core)
    ok(await core.call(assembler, 'requests.accept', { id }), 'accept')
    return outboxOf(id).map((row) => row.type)
  }

  /** A person sends again what waits for them, once the cause is put right. */
  async function retriedByAPerson(id: string): Promise<void> {
    const problems = ok(await core.call(pharmacist, 'sync.problems', {}), 'sync problems')
    for (const event of problems.events.filter((e) => e.requestId === id))
      ok(await core.call(pharmacist, 'sync.resolveEvent', { id: event.id, action: 'retry' }), 'retry')
    await core.internals.sync.pushOnce()
  }

  it('long-polls the feed in the running loop: a change arrives as it is made, and an idle feed is asked once per wait', async () => {
    const id = 'fr poll/1'
    lit.create(literalSnapshot(id))
    await running(async () => {
      await until(() => core.internals.requests.get(id) !== undefined, 'the request pulled')
      const held = lit.stats.held
      await until(() => lit.stats.held > held, 'a feed call held open')
      const calls = lit.stats.feedCalls
      const changed = Date.now()
      lit.change(id, (s) => (s.note = 'changed while the counter waits'), 'request.updated')
      await until(() => core.internals.requests.get(id)?.version === 2, 'the change pulled')
      expect(Date.now() - changed).toBeLessThan(1_000)
      expect(lit.stats.feedCalls - calls).toBeLessThanOrEqual(2)
      // Idle: each call is held for the wait, so a few seconds see a few calls, not a spin.
      const idleFrom = lit.stats.feedCalls
      await new Promise((resolve) => setTimeout(resolve, 2 * WAIT_SECONDS * 1000))
      expect(lit.stats.feedCalls - idleFrom).toBeLessThanOrEqual(3)
    })
    const asked = lit.stats.held
    expect(asked).toBeGreaterThan(0)
    expect(lit.violations).toEqual([])
  })

  it('401, a token Phensys no longer takes: said to a person, not asked in a tight loop, no event dropped; sent once the token is right again', async () => {
    const id = 'fr token/2'
    const queued = await accepted(id)
    expect(queued.length).toBeGreaterThan(1)
    lit.revokeToken()
    try {
      await refusedToken(id, queued)
    } finally {
      lit.restoreToken()
    }
    await retriedByAPerson(id)
    await settle(core)
    expect(lit.accepted(id).map((event) => event.type)).toEqual(queued)
    expect(ok(await core.call(pharmacist, 'sync.health', {}), 'health').lastError).toBeNull()
    expect(lit.violations).toEqual([])
  })

  async function refusedToken(id: string, queued: string[]): Promise<void> {
    await running(async () => {
      await until(() => lit.unauthorised.length > 0, 'a call refused')
      await new Promise((resolve) => setTimeout(resolve, 1_500))
    })
    // Backing off, not spinning: a handful of feed calls in a second and a half, the event tried once.
    expect(lit.unauthorised.filter((path) => path.endsWith('/feed')).length).toBeLessThan(15)
    expect(lit.unauthorised.filter((path) => path.endsWith('/events'))).toHaveLength(1)
    expect(outboxOf(id).map((row) => [row.type, row.status])).toEqual([
      [queued[0], 'failed'],
      ...queued.slice(1).map((type) => [type, 'pending'])
    ])
    expect(outboxOf(id)[0]!.error).toMatch(/401/)
    // A person sends it again before the token is put right: refused again, still kept, and the
    // screen still says why (an answer from Phensys is not a connection that works).
    await retriedByAPerson(id)
    const health = ok(await core.call(pharmacist, 'sync.health', {}), 'health')
    expect(health.lastError).toMatch(/401/)
    expect(health.eventsNeedingAPerson).toBe(1)
    expect(outboxOf(id).map((row) => row.type)).toEqual(queued)
    expect(outboxOf(id).filter((row) => row.status === 'sent' || row.status === 'superseded')).toEqual([])
  }

  it('422 idempotency_key_reused: shown to a person with its reason, not retried; a person sends it under a new key', async () => {
    const id = 'fr reused/3'
    const queued = await accepted(id)
    const [first] = outboxOf(id)
    lit.spendKey(id, first!.key)
    // Until the counter has recorded the answer (stopping with it in flight would rightly send it again).
    await running(async () => {
      await until(() => outboxOf(id)[0]?.status === 'failed', 'refused 422, recorded')
      await new Promise((resolve) => setTimeout(resolve, 500))
    })
    expect(lit.violations.filter((v) => v.status === 422)).toHaveLength(1)
    expect(outboxOf(id)[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/422 idempotency_key_reused/)
    })
    expect(ok(await core.call(pharmacist, 'sync.problems', {}), 'problems').events.map((e) => e.requestId)).toContain(
      id
    )
    await retriedByAPerson(id)
    await settle(core)
    expect(lit.accepted(id).map((event) => event.type)).toEqual(queued)
    lit.violations.length = 0
  })

  it('404 on an event, a request Phensys does not know: shown to a person, not retried, later events kept behind it', async () => {
    const id = 'fr unknown/4'
    const queued = await accepted(id)
    lit.forget(id)
    // Until the counter has recorded the answer (stopping with it in flight would rightly send it again).
    await running(async () => {
      await until(() => outboxOf(id)[0]?.status === 'failed', 'refused 404, recorded')
      await new Promise((resolve) => setTimeout(resolve, 500))
    })
    expect(lit.violations.filter((v) => v.status === 404 && v.path.endsWith('/events'))).toHaveLength(1)
    expect(outboxOf(id).map((row) => [row.type, row.status])).toEqual([
      [queued[0], 'failed'],
      ...queued.slice(1).map((type) => [type, 'pending'])
    ])
    expect(outboxOf(id)[0]!.error).toMatch(/404/)
    expect(ok(await core.call(pharmacist, 'sync.problems', {}), 'problems').events.map((e) => e.requestId)).toContain(
      id
    )
    lit.violations.length = 0
  })
})
