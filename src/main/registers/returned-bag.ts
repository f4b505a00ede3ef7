/**
 * When a bag that went out is back in the pharmacy. Which packs were in which parcel is not
 * recorded, so a dispatch came back only when every one of its parcels did: one parcel back and
 * another delivered (or still out) leaves the supply as it is, for a pharmacist to decide.
 */
import { and, eq, exists, gt, max, notExists, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { type CounterDb, parcels, registerSupplies } from '../db'

/** Every parcel of the request's dispatch at `dispatchedAt` came back: none delivered, none still out. */
export function everyParcelBack(db: CounterDb, requestId: SQLWrapper, dispatchedAt: SQLWrapper): SQL {
  const p = alias(parcels, 'parcel_back')
  const ofDispatch = and(eq(p.requestId, requestId), eq(p.dispatchedAt, dispatchedAt))
  const one = { one: sql`1` }
  return sql`(${exists(db.select(one).from(p).where(ofDispatch))} AND ${notExists(
    db
      .select(one)
      .from(p)
      .where(and(ofDispatch, sql`${p.outcome} IS NOT 'returned'`))
  )})`
}

/**
 * The request's bag is on the returns shelf: its last dispatch came back whole and nothing was
 * handed over since (a collection makes no parcels). It can be sent again as it is.
 */
export function bagBackInPharmacy(db: CounterDb, requestId: SQLWrapper): SQL {
  const last = alias(parcels, 'last_parcel')
  const lastDispatch = db
    .select({ at: max(last.dispatchedAt) })
    .from(last)
    .where(eq(last.requestId, requestId))
  const since = alias(registerSupplies, 'supply_since')
  return sql`(${everyParcelBack(db, requestId, lastDispatch)} AND ${notExists(
    db
      .select({ one: sql`1` })
      .from(since)
      .where(and(eq(since.requestId, requestId), gt(since.suppliedAt, lastDispatch)))
  )})`
}
