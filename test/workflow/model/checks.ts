/**
 * After every step: the real core against the reference model (each request's stage, the events
 * for Phensys in order, every stage change's audit entry and who it names), and the dispensing
 * rules read straight from the store, whatever the model says.
 */
import { expect } from 'vitest'
import { STAGES } from '@shared/workflow/stages'
import { readActor, readName, readSummary, storedName } from '@main/db/audit-packing'
import type { Reference } from './reference'
import type { World } from './world'

const STAGE_SET = new Set<string>(STAGES)

/** As stored: the trail keeps staff ids, commands, kinds of entity and summaries packed (db/audit-packing.ts). */
interface AuditRow {
  seq: number
  actor_id: Buffer | string | null
  actor_name: string | null
  command: Buffer | string
  summary: Buffer | string
}

/**
 * The core agrees with the model: every request's stage, and for these requests (all, unless
 * said) the events for Phensys, each cancellation's acknowledgement and the audited moves.
 */
export function compareWithModel(world: World, model: Reference, only?: string): void {
  const db = world.core.internals.store.sqlite
  for (const request of model.requests.values()) {
    const id = request.id
    const stage = world.core.internals.requests.get(id)?.row.stage
    expect(stage, `${id}: the core has it at ${stage}, the model at ${request.stage}`).toBe(request.stage)
    if (only !== undefined && only !== id) continue

    const claim = world.core.internals.requests.get(id)?.row.claim
    const held = claim ? `${claim.userId} at ${claim.benchId}` : 'nobody'
    const modelled = request.claim ? `${request.claim.person} at ${request.claim.bench}` : 'nobody'
    expect(held, `${id}: who holds it (core), and the model`).toBe(modelled)

    const outbox = db.prepare('SELECT type, body FROM outbox WHERE request_id = ? ORDER BY id').all(id) as Array<{
      type: string
      body: string
    }>
    const types = outbox.map((row) => row.type)
    expect(
      types,
      `${id}: the events for Phensys:\n  core:  ${types.join(', ')}\n  model: ${request.events.join(', ')}\n`
    ).toEqual(request.events)
    const acknowledged = outbox
      .filter((row) => row.type === 'cancellation.acknowledged')
      .map((row) => (JSON.parse(row.body) as { data: { stockReturned: boolean } }).data.stockReturned)
    expect(acknowledged, `${id}: whether a cancellation gave everything back`).toEqual(request.acknowledgements)

    const moves = (
      db
        .prepare(
          'SELECT seq, actor_id, actor_name, command, summary FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY seq'
        )
        .all(storedName('request'), id) as AuditRow[]
    ).flatMap((row) => {
      const summary = JSON.parse(readSummary(row.summary)) as { before?: unknown; after?: unknown } | null
      if (typeof summary?.before !== 'string' || typeof summary.after !== 'string') return []
      if (!STAGE_SET.has(summary.before) || !STAGE_SET.has(summary.after)) return []
      return [`${summary.after} by ${row.actor_id === null ? row.actor_name : readActor(row.actor_id)}`]
    })
    const expected = request.moves.map((move) => `${move.to} by ${move.by === 'Phensys' ? 'Phensys' : move.by.person}`)
    expect(
      moves,
      `${id}: the audit entries of its stage changes, and who they name:\n  core:  ${moves.join(', ')}\n  model: ${expected.join(', ')}\n`
    ).toEqual(expected)
  }
}

/**
 * Once sync has settled: Phensys accepted every event, in the order the model expects, but those
 * that reached it after it had cancelled their request, which it refused and the counter settled
 * as superseded by the cancellation.
 */
export async function compareWithPhensys(world: World, model: Reference): Promise<void> {
  const db = world.core.internals.store.sqlite
  const unsettled = db
    .prepare("SELECT request_id, type, status, last_error FROM outbox WHERE status <> 'sent' ORDER BY request_id, id")
    .all()
  const refused = [...model.requests.values()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .flatMap((request) =>
      request.events.flatMap((type, n) =>
        request.refused.has(n)
          ? [
              {
                request_id: request.id,
                type,
                status: 'superseded',
                last_error: expect.stringMatching(/^Not sent: Phensys had already cancelled the request/)
              }
            ]
          : []
      )
    )
  expect(unsettled, 'events Phensys did not take (the model: only those it heard after cancelling)').toEqual(refused)
  for (const request of model.requests.values()) {
    const recorded = (await world.l.phensys.get(`/sandbox/requests/${request.id}/events`)).body as {
      events: Array<{ type: string }>
    }
    expect(
      recorded.events.map((event) => event.type),
      `${request.id}: what Phensys recorded`
    ).toEqual(request.events.filter((_, n) => !request.refused.has(n)))
  }
}

/**
 * The dispensing rules, read from the store:
 *  1. from accuracy_checked on: the original in hand and matching when required, a clinical check
 *     by a pharmacist, an accuracy check by an accuracy checker or pharmacist who scanned or labelled none
 *     of the packs (or a self-check recorded as such), every line covered by packs of the prescribed
 *     product, each re-scanned;
 *  2. no pack in a patient's bag from a batch expired on the day it was assembled;
 *  3. no batch with negative stock, reserved or available;
 *  4. a supply in the registers exactly for each dispatched request, with a POM entry per line
 *     that had packs in the bag;
 *  5. no labels asked for without a pharmacist's clinical check standing at that moment: read
 *     from each request's audit trail in order (a check made, voided by new items, labels asked).
 */
export function checkInvariants(world: World): void {
  const db = world.core.internals.store.sqlite
  const roles = (userId: string | null): string[] => {
    const row = userId
      ? (db.prepare('SELECT roles FROM users WHERE id = ?').get(userId) as { roles: string } | undefined)
      : undefined
    return row ? (JSON.parse(row.roles) as string[]) : []
  }
  for (const id of world.ids) {
    const stored = world.core.internals.requests.get(id)!
    const stage = stored.row.stage
    if (!['accuracy_checked', 'packed', 'dispatched', 'delivered'].includes(stage)) continue
    const where = `${id} at ${stage}`
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
    if (stored.row.hardCopyRequired) {
      // An original as read at the counter that states every line as prescribed now (whether it
      // matched the request it was read against then, or Phensys has since prescribed what it says).
      const originals = db.prepare('SELECT checks FROM hard_copies WHERE request_id = ?').all(id) as Array<{
        checks: string
      }>
      const items = stored.snapshot.prescription.items
      const statesItemsNow = ({ checks }: { checks: string }) => {
        const read = JSON.parse(checks) as {
          patientMatches: boolean
          prescriberMatches: boolean
          dateMatches: boolean
          lines: Array<{ lineId: string; matches: boolean; quantityOnForm: number }>
        }
        return (
          read.patientMatches &&
          read.prescriberMatches &&
          read.dateMatches &&
          read.lines.length === items.length &&
          items.every((item) =>
            read.lines.some(
              (line) => line.lineId === item.lineId && line.matches && line.quantityOnForm === item.quantity
            )
          )
        )
      }
      expect(originals.some(statesItemsNow), `${where}: the original is required but none matching is in hand`).toBe(
        true
      )
    }
    const checks = db.prepare('SELECT * FROM dispensing_checks WHERE request_id = ?').get(id) as
      { accuracy_check_by_id: string | null; labels_requested_by_id: string | null; self_check: number } | undefined
    expect(checks, `${where}: no checks recorded`).toBeDefined()
    const clinical = db
      .prepare(
        "SELECT by_id FROM clinical_checks WHERE request_id = ? AND outcome IN ('approved', 'approved_with_note') AND voided_at IS NULL"
      )
      .get(id) as { by_id: string } | undefined
    expect(roles(clinical?.by_id ?? null), `${where}: no clinical check by a pharmacist`).toContain('pharmacist')
    const checkerRoles = roles(checks!.accuracy_check_by_id)
    expect(
      checkerRoles.some((role) => role === 'accuracy_checker' || role === 'pharmacist'),
      `${where}: accuracy check by someone with roles ${checkerRoles.join(', ')}`
    ).toBe(true)
    // Assembling is scanning a pack or asking for the labels.
    const selfCheck =
      packs.some((pack) => pack.assembled_by_id === checks!.accuracy_check_by_id) ||
      checks!.labels_requested_by_id === checks!.accuracy_check_by_id
    expect(Boolean(checks!.self_check), `${where}: a self-check not recorded as one, or the other way round`).toBe(
      selfCheck
    )
    for (const line of stored.snapshot.prescription.items) {
      const mine = packs.filter((pack) => pack.line_id === line.lineId)
      for (const pack of mine) {
        expect([pack.amp_id, pack.vmp_id], `${where}: line ${line.lineId} holds another product`).toContain(
          line.product.dmdCode
        )
        expect(pack.rescanned_by_id, `${where}: a pack of ${line.lineId} not re-scanned`).not.toBeNull()
      }
      const counted = mine.reduce((sum, pack) => sum + pack.quantity_milli, 0)
      expect(counted, `${where}: line ${line.lineId} short`).toBeGreaterThanOrEqual(Math.round(line.quantity * 1000))
    }
  }

  for (const id of world.ids) {
    const trail = db
      .prepare('SELECT command, summary FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY seq')
      .all(storedName('request'), id) as Array<{ command: Buffer | string; summary: Buffer | string }>
    let checked = false
    for (const { command: stored, summary } of trail) {
      const command = readName(stored)
      const outcome = (JSON.parse(readSummary(summary)) as { note?: { outcome?: string } } | null)?.note?.outcome
      if (command === 'requests.clinicalCheck' && outcome?.startsWith('approved')) checked = true
      if (command === 'workflow.clinicalCheckVoided') checked = false
      if (command === 'requests.printLabels')
        expect(checked, `${id}: labels asked for without a standing clinical check`).toBe(true)
    }
  }

  const expired = db
    .prepare(
      "SELECT p.request_id, p.batch_no FROM dispensed_packs p JOIN batches b ON b.id = p.batch_id WHERE p.state <> 'returned' AND (p.expiry < substr(p.assembled_at, 1, 10) OR b.expiry < substr(p.assembled_at, 1, 10))"
    )
    .all()
  expect(expired, 'an expired batch dispensed').toEqual([])
  const negative = db
    .prepare(
      'SELECT batch_id, SUM(on_hand_delta_milli) AS on_hand, SUM(reserved_delta_milli) AS reserved FROM stock_movements GROUP BY batch_id HAVING on_hand < 0 OR reserved < 0 OR on_hand - reserved < 0'
    )
    .all()
  expect(negative, 'negative stock').toEqual([])

  // Every hand-over (a parcel returned and sent again is a second one) is a supply in the registers.
  const dispatched = db
    .prepare(
      "SELECT request_id, COUNT(*) AS n FROM outbox WHERE type = 'dispatched' GROUP BY request_id ORDER BY request_id"
    )
    .all()
  const suppliedCounts = db
    .prepare('SELECT request_id, COUNT(*) AS n FROM register_supplies GROUP BY request_id ORDER BY request_id')
    .all()
  expect(suppliedCounts, 'supplies in the registers against dispatches').toEqual(dispatched)
  const supplied = (suppliedCounts as Array<{ request_id: string }>).map((row) => row.request_id)
  for (const id of supplied) {
    const pom = (
      db
        .prepare(
          "SELECT line_id FROM pom_register_entries WHERE request_id = ? AND kind = 'supply' AND supply_no = (SELECT MAX(supply_no) FROM register_supplies WHERE request_id = ?) ORDER BY line_id"
        )
        .all(id, id) as Array<{ line_id: string }>
    ).map((row) => row.line_id)
    const bag = (
      db
        .prepare(
          "SELECT DISTINCT p.line_id FROM dispensed_packs p JOIN packs pk ON pk.ampp_id = p.ampp_id WHERE p.request_id = ? AND p.state <> 'returned' ORDER BY p.line_id"
        )
        .all(id) as Array<{ line_id: string }>
    ).map((row) => row.line_id)
    expect(pom, `${id}: POM entries against the lines in the bag`).toEqual(bag)
  }
}
