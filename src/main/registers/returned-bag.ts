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
 *
 * Asked of every bag of a recall list or a balance check (thousands for a busy batch), and true of
 * few: a bag none of whose parcels ever came back is settled by one seek of the small partial index
 * `parcels_returned`. Otherwise the last dispatch is read once, then its parcels, grouped by that
 * dispatch so the supplies since are looked up once against it (no parcel at all: not back).
 */
export function bagBackInPharmacy(db: CounterDb, requestId: SQLWrapper): SQL {
  const last = alias(parcels, 'last_parcel')
  const lastDispatch = db
    .select({ at: max(last.dispatchedAt) })
    .from(last)
    .where(eq(last.requestId, requestId))
  const parcel = alias(parcels, 'parcel_of_last')
  const since = alias(registerSupplies, 'supply_since')
  const handedOverSince = db
    .select({ one: sql`1` })
    .from(since)
    .where(and(eq(since.requestId, requestId), gt(since.suppliedAt, parcel.dispatchedAt)))
  const backAndNotHandedOver = db
    .select({ back: sql`MIN(${parcel.outcome} IS 'returned') AND ${notExists(handedOverSince)}` })
    .from(parcel)
    .where(and(eq(parcel.requestId, requestId), eq(parcel.dispatchedAt, lastDispatch)))
    .groupBy(parcel.dispatchedAt)
  const returned = alias(parcels, 'returned_parcel')
  // Written as the index's condition, word for word, so the planner can take the partial index.
  const anyReturned = db
    .select({ one: sql`1` })
    .from(returned)
    .where(and(eq(returned.requestId, requestId), sql`${returned.outcome} = 'returned'`))
  // CASE, not AND: the last dispatch is not read at all for a bag none of whose parcels came back.
  return sql`(CASE WHEN ${exists(anyReturned)} THEN (${backAndNotHandedOver}) IS 1 ELSE 0 END)`
}
