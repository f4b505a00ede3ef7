/**
 * A bag whose pack lasted the course when scanned and no longer does days later: one sertraline
 * pack (28 tablets, ONE daily) expiring 30 days from today, packed, then the clock moved on.
 * Shared by the checks that refuse such a bag and the step that takes the pack out.
 */
import { expect } from 'vitest'
import { addDays } from '../../src/shared/time/calendar'
import { countRows } from './count-rows'
import { checkedRequest, registerRequest, type DispensedWorld } from './dispensed-world'
import { staffSession } from './linked'
import { bagScanFor } from './supply'
import { DMD, packCode, scan, stockedPack } from '../stock/helpers'

/** Moves the clock on; sessions idle that long are locked, so everyone signs in again. */
export async function daysLater(w: DispensedWorld, days: number): Promise<void> {
  w.clock.advance(days * 24 * 3600_000)
  w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
  w.checker = await staffSession(w.core, ['accuracy_checker'])
}

export const londonToday = (w: DispensedWorld): string => w.clock.now().toISOString().slice(0, 10)
const yymmdd = (iso: string): string => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10)

/**
 * One sertraline pack booked in that expires `days` (30 unless told) from today (the course, 28
 * days, ends before), and the body of a request for it; `expiry` is its last day.
 */
export async function packLastingTwoDaysBeyond(
  w: DispensedWorld,
  id: string,
  batch: string,
  days = 30
): Promise<{ code: string; body: Record<string, unknown>; expiry: string }> {
  const { gtin, packSize } = await stockedPack(w.core, w.assembler, DMD.sertraline)
  const expiry = addDays(londonToday(w), days)
  const code = packCode(gtin, batch, yymmdd(expiry))
  await scan(w.core, w.assembler, code, null)
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: packSize }
  ])
  return { code, body, expiry }
}

/** What the request has written so far: its audit entries and its events for Phensys. */
export function written(w: DispensedWorld, id: string): { audit: number; outbox: number } {
  const { sqlite } = w.core.internals.store
  return {
    audit: countRows(sqlite, 'SELECT count(*) AS n FROM audit_log WHERE entity_id = ?', id),
    outbox: countRows(sqlite, 'SELECT count(*) AS n FROM outbox WHERE request_id = ?', id)
  }
}

/** Checked and packed today, then `days` later. */
export async function packedThenLater(
  w: DispensedWorld,
  id: string,
  body: Record<string, unknown>,
  code: string,
  days: number
): Promise<void> {
  await checkedRequest(w, id, body, { l1: [code] })
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  expect(packed.ok ? 'packed' : packed.error.message).toBe('packed')
  await daysLater(w, days)
}
