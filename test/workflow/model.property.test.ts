/**
 * Model-based property (issue 6, "Tests that must exist", first bullet): random command sequences
 * by random staff against one core per run, with the workflow invariants checked in SQL after
 * every step. See the report in the header of `checkInvariants` for what is asserted.
 *
 * The core is a live core on its own sandbox (test/helpers/linked.ts), not the training core:
 * the training core's sandbox token is private, so its control calls (cancellations) cannot be
 * reached; the linked core gives the same workflow plus Phensys acting through the sandbox.
 */
import { rmSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { STAGES } from '../../src/shared/workflow/stages'
import { ManualClock } from '../helpers/temp-core'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { DMD, bookIn, item, ownerSession, packCode, stockedPack, withItems } from '../stock/helpers'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'

const NUM_RUNS = Number(process.env.MODEL_RUNS ?? 20)
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0

type Kind =
  | 'accept'
  | 'receiveHardCopy'
  | 'checkStock'
  | 'startDispensing'
  | 'scan'
  | 'printLabels'
  | 'clinicalCheck'
  | 'accuracyCheck'
  | 'pack'
  | 'dispatch'
  | 'markDelivered'
  | 'raiseQuery'
  | 'reject'
  | 'phensysCancel'
  | 'setSelfCheck'
  /** The step the table offers next for the request's stage (by whichever random user): keeps runs deep. */
  | 'next'
interface Action {
  kind: Kind
  req: number
  user: number
  variant: number
}

const KINDS: Kind[] = [
  'next',
  'accept',
  'receiveHardCopy',
  'checkStock',
  'startDispensing',
  'scan',
  'printLabels',
  'clinicalCheck',
  'accuracyCheck',
  'pack',
  'dispatch',
  'markDelivered',
  'raiseQuery',
  'reject',
  'phensysCancel',
  'setSelfCheck'
]
// Weights: the happy-path steps more often than the branches, so runs get deep enough.
const WEIGHTS: Record<Kind, number> = {
  next: 70,
  accept: 4,
  receiveHardCopy: 3,
  checkStock: 4,
  startDispensing: 4,
  scan: 10,
  printLabels: 4,
  clinicalCheck: 4,
  accuracyCheck: 5,
  pack: 3,
  dispatch: 3,
  markDelivered: 1,
  raiseQuery: 1,
  reject: 1,
  phensysCancel: 1,
  setSelfCheck: 1
}
const actionArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.oneof(...KINDS.map((kind) => ({ arbitrary: fc.constant(kind), weight: WEIGHTS[kind] }))),
  req: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.constant(1), weight: 2 },
    { arbitrary: fc.nat(3), weight: 3 }
  ),
  user: fc.nat(3),
  variant: fc.nat(9)
})

interface World {
  l: Linked
  core: Core
  users: string[]
  userNames: string[]
  printer: Listener
  sertraline: { gtin: string; packSize: number }
  finasteride: { gtin: string; packSize: number }
  ids: string[]
  selfCheckAllowed: boolean
  /** Requests seen accuracy-checked already, with whether self-check was allowed when it happened. */
  checked: Set<string>
  /** The codes as scanned into each request (dispensed_packs.raw keeps a display form, ␝ for GS). */
  scanned: Map<string, string[]>
  userIds: string[]
}

const paper = (id: string, items: unknown[]): Record<string, unknown> => {
  const base = withItems(requestBody(id), items as Array<Record<string, unknown>>)
  return {
    ...base,
    route: 'upload',
    prescription: {
      ...(base.prescription as object),
      kind: 'private_paper',
      hardCopy: { required: true, reason: 'paper_prescription' }
    }
  }
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
}

let runNo = 0
async function world(): Promise<World> {
  const clock = new ManualClock()
  const l = await startLinked({ core: { clock, printRetry: { baseMs: 10, maxMs: 30 } } })
  const core = l.core
  const pharmacist = await staffSession(core, ['pharmacist'])
  // Nothing leaves the pharmacy without a Responsible Pharmacist signed in.
  const rp = await core.call(pharmacist, 'rp.signIn', {})
  if (!rp.ok) throw new Error(rp.error.message)
  const dispenser = await staffSession(core, ['dispenser'])
  const checker = await staffSession(core, ['accuracy_checker', 'dispenser'])
  // Stock: a good batch of each product, and a sertraline batch that expires tomorrow.
  await bookIn(core, dispenser, DMD.sertraline, 5, 'LOT1', '280630')
  await bookIn(core, dispenser, DMD.finasteride, 2, 'FIN1', '280630')
  await bookIn(core, dispenser, DMD.sertraline, 2, 'SHORT', '261127')
  const sertraline = await stockedPack(core, dispenser, DMD.sertraline)
  const finasteride = await stockedPack(core, dispenser, DMD.finasteride)
  // Two days on, SHORT is an expired batch on the shelf. Sessions lock after 5 idle minutes: sign in again.
  clock.advance(2 * 86_400_000)
  const users = [
    await staffSession(core, ['pharmacist']),
    await staffSession(core, ['dispenser']),
    await staffSession(core, ['accuracy_checker', 'dispenser']),
    await ownerSession(core)
  ]
  void pharmacist
  void checker
  const printer = await startListener({ kind: 'printer', status: {} })
  const status = await core.call(users[3]!, 'devices.status', {})
  if (!status.ok) throw new Error(status.error.message)
  const set = await core.call(users[3]!, 'devices.setSettings', {
    ...status.value.settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port, connectTimeoutMs: 500, writeTimeoutMs: 800 }
  })
  if (!set.ok) throw new Error(set.error.message)

  const run = ++runNo
  const ids = [`fr_M${run}_A`, `fr_M${run}_B`, `fr_M${run}_C`, `fr_M${run}_D`]
  const sert = (lineId: string, packs: number) =>
    item(lineId, DMD.sertraline, 'Sertraline 50mg tablets', sertraline.packSize * packs)
  await l.phensys.post('/sandbox/requests', withItems(requestBody(ids[0]!), [sert('l1', 1)]))
  await l.phensys.post('/sandbox/requests', paper(ids[1]!, [sert('l1', 1)]))
  await l.phensys.post(
    '/sandbox/requests',
    withItems(requestBody(ids[2]!), [
      sert('l1', 1),
      item('l2', DMD.finasteride, 'Finasteride 1mg tablets', finasteride.packSize)
    ])
  )
  await l.phensys.post('/sandbox/requests', withItems(requestBody(ids[3]!), [sert('l1', 2)]))
  await settle(core)
  for (const id of ids) if (!core.internals.requests.get(id)) throw new Error(`${id} did not arrive`)
  return {
    l,
    core,
    users,
    userNames: ['pharmacist', 'dispenser', 'checker', 'admin'],
    printer,
    sertraline,
    finasteride,
    ids,
    selfCheckAllowed: false,
    checked: new Set(),
    scanned: new Map(),
    userIds: await Promise.all(
      users.map(async (u) => {
        const r = await core.call(u, 'auth.session', {})
        return r.ok && r.value ? r.value.user.id : ''
      })
    )
  }
}

interface LineRow {
  lineId: string
  product: { dmdCode: string }
  quantity: number
}
function snapshotOf(
  core: Core,
  id: string
): { items: LineRow[]; route: string; kind: string; hardCopyRequired: boolean } {
  const row = core.internals.store.sqlite.prepare('SELECT snapshot FROM requests WHERE id = ?').get(id) as {
    snapshot: string
  }
  const snap = JSON.parse(row.snapshot) as {
    route: string
    prescription: {
      kind: string
      hardCopy: { required: boolean }
      items: Array<LineRow & { product: { controlledDrugSchedule: number | null } }>
    }
  }
  const items = snap.prescription.items
  const hardCopyRequired =
    snap.prescription.hardCopy.required ||
    items.some((i) => i.product.controlledDrugSchedule === 2 || i.product.controlledDrugSchedule === 3) ||
    (snap.route === 'upload' && snap.prescription.kind === 'private_paper')
  return { items, route: snap.route, kind: snap.prescription.kind, hardCopyRequired }
}

function packRaws(core: Core, id: string, column: 'raw' | 'assembled_by_id' = 'raw'): string[] {
  return (
    core.internals.store.sqlite
      .prepare(`SELECT ${column} AS v FROM dispensed_packs WHERE request_id = ? AND state = 'assembled' ORDER BY id`)
      .all(id) as Array<{ v: string }>
  ).map((r) => r.v)
}

/** One step: the call it makes, by whom. Answers whether the core accepted it. */
async function step(w: World, action: Action): Promise<{ ok: boolean; label: string; code?: string }> {
  const { core } = w
  let a = action
  const id = w.ids[a.req]!
  let who = w.users[a.user]!
  let label = `${a.kind}(${id.slice(-1)}, ${w.userNames[a.user]}, v${a.variant})`
  const answer = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
    const r = await p
    if (process.env.MODEL_DEBUG && !r.ok) console.log(`[model] ${label}: ${JSON.stringify(r.error)}`)
    return { ok: r.ok, label, ...(r.ok ? {} : { code: r.error?.code }) }
  }
  const snap = snapshotOf(core, id)
  if (a.kind === 'next') {
    const stage = core.internals.requests.get(id)!.row.stage
    const scanLine = (): Kind => {
      // Scan the first line still short, with the right pack most of the time.
      const counted = new Map<string, number>()
      for (const r of core.internals.store.sqlite
        .prepare(
          "SELECT line_id, SUM(quantity_milli) AS q FROM dispensed_packs WHERE request_id = ? AND state = 'assembled' GROUP BY line_id"
        )
        .all(id) as Array<{ line_id: string; q: number }>)
        counted.set(r.line_id, r.q)
      const short = snap.items.findIndex((line) => (counted.get(line.lineId) ?? 0) < line.quantity * 1000)
      if (short < 0) return 'printLabels'
      a = { ...a, variant: a.variant < 7 ? short : a.variant }
      return 'scan'
    }
    const NEXT: Record<string, () => Kind> = {
      new: () => 'accept',
      awaiting_hard_copy: () => 'receiveHardCopy',
      stock_check: () => 'checkStock',
      ready_to_dispense: () => 'startDispensing',
      dispensing: scanLine,
      labelled: () => 'clinicalCheck',
      clinically_checked: () => 'accuracyCheck',
      accuracy_checked: () => 'pack',
      packed: () => 'dispatch',
      dispatched: () => 'markDelivered'
    }
    a = { ...a, kind: NEXT[stage]?.() ?? 'accept' }
    // Mostly someone who may do it (the assembler is often not the checker); otherwise the random user.
    if (a.variant < 7) {
      const able: Partial<Record<Kind, number[]>> = {
        clinicalCheck: [0],
        accuracyCheck: [2, 2, 0],
        pack: [0, 1, 2],
        dispatch: [0, 1, 2],
        markDelivered: [0, 1, 2]
      }
      const pool = able[a.kind] ?? [1, 0, 2]
      a = { ...a, user: pool[a.variant % pool.length]! }
      if (a.kind === 'accuracyCheck') {
        const assemblers = new Set(packRaws(core, id, 'assembled_by_id'))
        a = { ...a, user: [2, 0].find((u) => !assemblers.has(w.userIds[u]!)) ?? a.user }
      }
    }
    who = w.users[a.user]!
    label = `next:${a.kind}(${id.slice(-1)}, ${w.userNames[a.user]}, v${a.variant})`
  }
  switch (a.kind) {
    case 'accept':
      return answer(core.call(who, 'requests.accept', { id }))
    case 'receiveHardCopy': {
      const matching = a.variant < 7
      const lines = snap.items.map((line, i) => ({
        lineId: line.lineId,
        matches: true,
        quantityOnForm: matching || i > 0 ? line.quantity : line.quantity * 2
      }))
      return answer(
        core.call(who, 'requests.receiveHardCopy', {
          id,
          formType: 'private_paper',
          serial: '',
          patientMatches: true,
          prescriberMatches: true,
          dateMatches: a.variant !== 9,
          lines
        })
      )
    }
    case 'checkStock':
      return answer(core.call(who, 'requests.checkStock', { id }))
    case 'startDispensing':
      return answer(core.call(who, 'requests.startDispensing', { id }))
    case 'scan': {
      const line = snap.items[a.variant % snap.items.length]!
      if (a.variant < snap.items.length) a = { ...a, variant: 0 }
      const right = line.product.dmdCode === DMD.sertraline ? w.sertraline : w.finasteride
      const other = line.product.dmdCode === DMD.sertraline ? w.finasteride : w.sertraline
      let raw: string
      if (a.variant < 5) raw = packCode(right.gtin, right === w.sertraline ? 'LOT1' : 'FIN1', '280630')
      else if (a.variant < 7) raw = packCode(other.gtin, other === w.sertraline ? 'LOT1' : 'FIN1', '280630')
      else if (a.variant === 7)
        raw = packCode(w.sertraline.gtin, 'SHORT', '261127') // the expired batch, as printed
      else if (a.variant === 8)
        raw = packCode(w.sertraline.gtin, 'SHORT', '280630') // the expired batch's number on a code claiming a later expiry
      else raw = packCode(right.gtin, 'NOSUCH', '280630') // a batch the store has never seen
      const r = await answer(core.call(who, 'dispensing.scanPack', { id, lineId: line.lineId, raw }))
      if (r.ok) w.scanned.set(id, [...(w.scanned.get(id) ?? []), raw])
      return r
    }
    case 'printLabels': {
      const r = await answer(core.call(who, 'requests.printLabels', { id }))
      if (r.ok) await until(() => core.internals.requests.get(id)?.row.stage !== 'dispensing', 1500)
      if (process.env.MODEL_DEBUG && r.ok)
        console.log(
          '[model] jobs',
          JSON.stringify(
            core.internals.store.sqlite
              .prepare('SELECT * FROM print_jobs')
              .all()
              .map((j) => ({ ...(j as object), payload: undefined }))
          ),
          w.printer.jobs.length,
          w.printer.connections
        )
      return r
    }
    case 'clinicalCheck':
      return answer(core.call(who, 'requests.clinicalCheck', { id }))
    case 'accuracyCheck': {
      let rescans = [...(w.scanned.get(id) ?? [])]
      if (a.variant === 8) rescans = rescans.slice(1)
      if (a.variant === 9) rescans = [packCode(w.sertraline.gtin, 'LOT1', '280630')]
      if (rescans.length === 0) rescans = [packCode(w.sertraline.gtin, 'LOT1', '280630')]
      const view = await core.call(who, 'dispensing.view', { id })
      if (view.ok) rescans = rescansWithLabels(view.value, rescans)
      return answer(core.call(who, 'requests.accuracyCheck', { id, rescans }))
    }
    case 'pack':
      return answer(core.call(who, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }))
    case 'dispatch':
      return answer(core.call(who, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] }))
    case 'markDelivered':
      return answer(core.call(who, 'requests.markDelivered', { id }))
    case 'raiseQuery':
      return answer(
        core.call(who, 'requests.raiseQuery', { id, reason: 'clinical', message: 'Please confirm the dose.' })
      )
    case 'reject':
      return answer(
        core.call(who, 'requests.reject', { id, reason: 'clinical', message: 'Not clinically appropriate.' })
      )
    case 'phensysCancel': {
      await settle(core).catch(() => undefined)
      const r = await w.l.phensys.post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' })
      await settle(core).catch(() => undefined)
      return { ok: r.status < 300, label, ...(r.status < 300 ? {} : { code: `http ${r.status}` }) }
    }
    case 'setSelfCheck': {
      const allowed = a.variant % 2 === 0
      const r = await core.call(who, 'dispensing.setAllowSelfCheck', { allowed })
      if (r.ok) w.selfCheckAllowed = allowed
      return { ok: r.ok, label, ...(r.ok ? {} : { code: r.error.code }) }
    }
    default:
      return { ok: false, label, code: 'unreachable' }
  }
}

const LOCAL_EVENTS: Record<string, (before: string, command: string) => string[]> = {
  awaiting_hard_copy: () => ['accepted', 'hard_copy.awaiting'],
  stock_check: (before) =>
    before === 'new' ? ['accepted'] : before === 'awaiting_hard_copy' ? ['hard_copy.received'] : [],
  // A mismatching original sends its receipt and the query; a pharmacist's own query only the query.
  query_raised: (_before, command) =>
    command === 'requests.receiveHardCopy' ? ['hard_copy.received', 'query.raised'] : ['query.raised'],
  ready_to_dispense: () => ['stock.available'],
  awaiting_patient_decision: () => ['stock.ordered|stock.supply_issue'],
  dispensing: () => ['dispensing.started'],
  labelled: () => ['dispensing.labelled'],
  clinically_checked: () => [],
  accuracy_checked: () => ['dispensing.checked'],
  packed: () => ['packed'],
  dispatched: () => ['dispatched'],
  delivered: () => ['delivered'],
  rejected: () => ['rejected']
}
const STAGE_SET = new Set<string>(STAGES)

/**
 * After every step, over all requests:
 *  1. at accuracy_checked / packed / dispatched / delivered: the original in hand and matching when
 *     required (recomputed from the snapshot), a clinical check by a user holding the pharmacist
 *     role, an accuracy check by an accuracy checker or pharmacist who assembled none of the packs,
 *     or a self-check recorded as such and made while the setting was on; every line's quantity
 *     covered by assembled packs of the prescribed product, each re-scanned;
 *  2. no pack in a patient's bag (not `returned`) from a batch expired on the day it was assembled,
 *     by the code or by the batch on record;
 *  3. every batch: on hand ≥ 0, reserved ≥ 0, on hand − reserved ≥ 0, summed over stock_movements;
 *  4. the request's stage equals the replay of its audit entries (before → after chained from
 *     `new`), and each local transition's status events are in the outbox (cancellations
 *     from Phensys: the acknowledgement).
 */
function checkInvariants(w: World): void {
  const db = w.core.internals.store.sqlite
  const roles = (userId: string | null): string[] => {
    if (!userId) return []
    const row = db.prepare('SELECT roles FROM users WHERE id = ?').get(userId) as { roles: string } | undefined
    return row ? (JSON.parse(row.roles) as string[]) : []
  }
  for (const id of w.ids) {
    const stage = w.core.internals.requests.get(id)!.row.stage
    const snap = snapshotOf(w.core, id)
    const packs = db
      .prepare(
        "SELECT p.*, pk.amp_id, pr.vmp_id FROM dispensed_packs p JOIN packs pk ON pk.ampp_id = p.ampp_id JOIN products pr ON pr.dmd_id = pk.amp_id WHERE p.request_id = ? AND p.state = 'assembled'"
      )
      .all(id) as Array<{
      line_id: string
      quantity_milli: number
      assembled_by_id: string
      rescanned_by_id: string | null
      amp_id: string
      vmp_id: string | null
    }>
    if (['accuracy_checked', 'packed', 'dispatched', 'delivered'].includes(stage)) {
      const where = `${id} at ${stage}`
      if (snap.hardCopyRequired) {
        const hc = db.prepare('SELECT COUNT(*) AS n FROM hard_copies WHERE request_id = ? AND matches = 1').get(id) as {
          n: number
        }
        expect(hc.n, `${where}: hard copy required but none in hand and matching`).toBeGreaterThan(0)
      }
      const checks = db.prepare('SELECT * FROM dispensing_checks WHERE request_id = ?').get(id) as
        { clinical_check_by_id: string | null; accuracy_check_by_id: string | null; self_check: number } | undefined
      expect(checks, `${where}: no dispensing_checks row`).toBeDefined()
      expect(roles(checks!.clinical_check_by_id), `${where}: clinical check not by a pharmacist`).toContain(
        'pharmacist'
      )
      const checkerRoles = roles(checks!.accuracy_check_by_id)
      expect(
        checkerRoles.some((r) => r === 'accuracy_checker' || r === 'pharmacist'),
        `${where}: accuracy check by ${checks!.accuracy_check_by_id} with roles ${checkerRoles}`
      ).toBe(true)
      const assemblers = new Set(packs.map((p) => p.assembled_by_id))
      const self = assemblers.has(checks!.accuracy_check_by_id!)
      expect(
        Boolean(checks!.self_check),
        `${where}: self_check flag ${checks!.self_check} but checker assembled=${self}`
      ).toBe(self)
      if (!w.checked.has(id)) {
        w.checked.add(id)
        if (self) expect(w.selfCheckAllowed, `${where}: self-check while the setting was off`).toBe(true)
      }
      for (const line of snap.items) {
        const mine = packs.filter((p) => p.line_id === line.lineId)
        for (const p of mine)
          expect(
            [p.amp_id, p.vmp_id],
            `${where}: line ${line.lineId} has a pack of ${p.amp_id}/${p.vmp_id}, prescribed ${line.product.dmdCode}`
          ).toContain(line.product.dmdCode)
        for (const p of mine)
          expect(p.rescanned_by_id, `${where}: a pack of ${line.lineId} not re-scanned`).not.toBeNull()
        const counted = mine.reduce((sum, p) => sum + p.quantity_milli, 0)
        expect(
          counted,
          `${where}: line ${line.lineId} counted ${counted / 1000} of ${line.quantity}`
        ).toBeGreaterThanOrEqual(Math.round(line.quantity * 1000))
      }
    }

    // 4. audit replay and outbox.
    const entries = db
      .prepare(
        "SELECT seq, command, summary FROM audit_log WHERE entity_type = 'request' AND entity_id = ? ORDER BY seq"
      )
      .all(id) as Array<{ seq: number; command: string; summary: string }>
    let replay = 'new'
    const expected: string[] = []
    for (const e of entries) {
      const s = JSON.parse(e.summary) as { before?: unknown; after?: unknown } | null
      if (!s || typeof s.after !== 'string' || !STAGE_SET.has(s.after) || e.command === 'sync.resolveEvent') continue
      expect(
        s.before ?? 'new',
        `${id}: audit #${e.seq} ${e.command} says ${String(s.before)} → ${s.after}, the replay is at ${replay}`
      ).toBe(replay)
      if (e.command.startsWith('phensys.')) {
        if (s.after === 'cancelled' && s.before !== null && s.before !== undefined)
          expected.push('cancellation.acknowledged')
      } else {
        const events = LOCAL_EVENTS[s.after]
        expect(events, `${id}: no event rule for a local move to ${s.after} (${e.command})`).toBeDefined()
        expected.push(...events!(replay, e.command))
      }
      replay = s.after
    }
    expect(stage, `${id}: stage ${stage} but the audit log replays to ${replay}`).toBe(replay)
    const outbox = (db.prepare('SELECT type FROM outbox WHERE request_id = ?').all(id) as Array<{ type: string }>).map(
      (r) => r.type
    )
    const left = [...outbox]
    for (const want of expected) {
      const i = left.findIndex((t) => want.split('|').includes(t))
      expect(
        i,
        `${id}: audit says a step that sends ${want}, outbox has [${outbox.join(', ')}]`
      ).toBeGreaterThanOrEqual(0)
      left.splice(i, 1)
    }
  }

  // 5. the registers: a supply is recorded exactly when the request was dispatched (once), with
  // one POM entry for each line that had packs in the bag, and never for anything else.
  const dispatched = new Set(
    (
      db.prepare("SELECT DISTINCT request_id FROM outbox WHERE type = 'dispatched'").all() as Array<{
        request_id: string
      }>
    ).map((r) => r.request_id)
  )
  const supplied = (db.prepare('SELECT request_id FROM register_supplies').all() as Array<{ request_id: string }>).map(
    (r) => r.request_id
  )
  expect([...supplied].sort(), 'register supplies vs dispatched requests').toEqual([...dispatched].sort())
  for (const id of supplied) {
    const pomLines = (
      db
        .prepare("SELECT line_id FROM pom_register_entries WHERE request_id = ? AND kind = 'supply' ORDER BY line_id")
        .all(id) as Array<{ line_id: string }>
    ).map((r) => r.line_id)
    const bagLines = (
      db
        .prepare(
          "SELECT DISTINCT line_id FROM dispensed_packs WHERE request_id = ? AND state <> 'returned' ORDER BY line_id"
        )
        .all(id) as Array<{ line_id: string }>
    ).map((r) => r.line_id)
    expect(pomLines, `${id}: POM entries for lines ${pomLines.join(', ')}, bag lines ${bagLines.join(', ')}`).toEqual(
      bagLines
    )
  }

  // 2. nothing expired in a bag.
  const expired = db
    .prepare(
      "SELECT p.request_id, p.batch_no, p.expiry, b.expiry AS batch_expiry, p.assembled_at FROM dispensed_packs p JOIN batches b ON b.id = p.batch_id WHERE p.state <> 'returned' AND (p.expiry < substr(p.assembled_at, 1, 10) OR b.expiry < substr(p.assembled_at, 1, 10))"
    )
    .all()
  expect(expired, 'expired batch dispensed').toEqual([])
  // 3. stock never negative.
  const negative = db
    .prepare(
      'SELECT batch_id, SUM(on_hand_delta_milli) AS on_hand, SUM(reserved_delta_milli) AS reserved FROM stock_movements GROUP BY batch_id HAVING on_hand < 0 OR reserved < 0 OR on_hand - reserved < 0'
    )
    .all()
  expect(negative, 'negative stock').toEqual([])
}

describe('the workflow model', () => {
  const totals = {
    runs: 0,
    steps: 0,
    accepted: 0,
    refused: 0,
    byKind: {} as Record<string, [number, number]>,
    stages: {} as Record<string, number>
  }
  const closing: Array<Promise<void>> = []
  afterAll(async () => {
    await Promise.allSettled(closing)
    console.log(`[model] seed ${SEED} (MODEL_SEED=${SEED} to replay)`)
    console.log(
      `[model] runs ${totals.runs}, steps ${totals.steps}, accepted ${totals.accepted}, refused ${totals.refused}`
    )
    console.log(`[model] accepted/refused by command ${JSON.stringify(totals.byKind)}`)
    console.log(`[model] final stages ${JSON.stringify(totals.stages)}`)
  }, 60_000)

  it('holds every dispensing invariant after every step of random command sequences by random staff', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 20, maxLength: 40 }), async (actions) => {
        const t0 = Date.now()
        const w = await world()
        if (process.env.MODEL_TIMING) console.log(`[model] setup ${Date.now() - t0} ms`)
        const path: string[] = []
        try {
          totals.runs++
          checkInvariants(w)
          for (const action of actions) {
            const t1 = Date.now()
            const r = await step(w, action)
            if (process.env.MODEL_TIMING && Date.now() - t1 > 200)
              console.log(`[model] slow ${action.kind} ${Date.now() - t1} ms`)
            path.push(`${r.label} → ${r.ok ? 'ok' : r.code}`)
            totals.steps++
            if (r.ok) totals.accepted++
            else totals.refused++
            const k = (totals.byKind[r.label.replace(/\(.*$/, '')] ??= [0, 0])
            k[r.ok ? 0 : 1]++
            try {
              checkInvariants(w)
            } catch (error) {
              throw new Error(`${(error as Error).message}\npath:\n  ${path.join('\n  ')}`)
            }
          }
          for (const id of w.ids) {
            const stage = w.core.internals.requests.get(id)!.row.stage
            totals.stages[stage] = (totals.stages[stage] ?? 0) + 1
          }
        } finally {
          // core.close() can take ~30 s (the print queue's stop); close in the background, await in afterAll.
          closing.push(
            (async () => {
              await w.core.close()
              await w.l.sandbox.close()
              await w.printer.close()
              rmSync(w.l.dataDir, { recursive: true, force: true })
            })()
          )
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true }
    )
  }, 120_000)

  it("the invariant checker itself trips on a request moved to dispatched behind the workflow's back", async () => {
    const w = await world()
    try {
      checkInvariants(w)
      w.core.internals.store.sqlite.prepare("UPDATE requests SET stage = 'dispatched' WHERE id = ?").run(w.ids[1]!)
      expect(() => checkInvariants(w)).toThrow(/hard copy required|no dispensing_checks|audit log replays/)
    } finally {
      closing.push(
        (async () => {
          await w.core.close()
          await w.l.sandbox.close()
          await w.printer.close()
          rmSync(w.l.dataDir, { recursive: true, force: true })
        })()
      )
    }
  })
})
