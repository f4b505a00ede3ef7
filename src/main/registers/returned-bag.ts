/**
 * When a bag that went out is back in the pharmacy. Where packing said which packs went in which
 * parcel (`parcel_packs`, from 0044), a pack is back when its parcel is. Where it did not, a
 * dispatch came back only when every one of its parcels did: one parcel back and another delivered
 * (or still out) leaves the supply as it is, for a pharmacist to decide.
 */
import { and, eq, exists, gt, inArray, max, notExists, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { type CounterDb, dispensedPacks, packs, parcelPacks, parcels, registerSupplies } from '../db'

/** A pack in the request's bag, with its pack's name and unit. */
export type BagPack = Pick<
  typeof dispensedPacks.$inferSelect,
  'lineId' | 'amppId' | 'batchNo' | 'expiry' | 'quantityMilli'
> &
  Pick<typeof packs.$inferSelect, 'name' | 'unit'>

/** What a bag's pack is read as, from the bag or from the parcels packing put it in. */
export const BAG_PACK_COLUMNS = {
  lineId: dispensedPacks.lineId,
  amppId: dispensedPacks.amppId,
  name: packs.name,
  unit: packs.unit,
  batchNo: dispensedPacks.batchNo,
  expiry: dispensedPacks.expiry,
  quantityMilli: dispensedPacks.quantityMilli
}

/** The packs packing put in these parcels (a few parcels: not prepared, the list is bound as it is). */
export function packsOfParcels(db: CounterDb, parcelIds: readonly number[]): BagPack[] {
  const d = dispensedPacks
  return db
    .select(BAG_PACK_COLUMNS)
    .from(parcelPacks)
    .innerJoin(d, eq(d.id, parcelPacks.dispensedPackId))
    .innerJoin(packs, eq(packs.amppId, d.amppId))
    .where(inArray(parcelPacks.parcelId, [...parcelIds]))
    .orderBy(d.lineId, d.id)
    .all()
}

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
  // CASE, not AND: the last dispatch is not read at all for a bag none of whose parcels came back.
  return sql`(CASE WHEN ${anyParcelReturned(db, requestId, 'returned_parcel')} THEN (${backAndNotHandedOver}) IS 1 ELSE 0 END)`
}

/** Some parcel of the request came back: one seek of the small partial index `parcels_returned`. */
function anyParcelReturned(db: CounterDb, requestId: SQLWrapper, aliasName: string): SQL {
  const returned = alias(parcels, aliasName)
  // Written as the index's condition, word for word, so the planner can take the partial index.
  return exists(
    db
      .select({ one: sql`1` })
      .from(returned)
      .where(and(eq(returned.requestId, requestId), sql`${returned.outcome} = 'returned'`))
  )
}

type ParcelAlias = ReturnType<typeof alias<typeof parcels, string>>

/** The pack went in a parcel (as packing said) of which `holds` is true. */
function inParcelThat(
  db: CounterDb,
  packId: SQLWrapper,
  aliasNames: { pack: string; parcel: string },
  holds: (parcel: ParcelAlias) => SQL | undefined
): SQL {
  const pp = alias(parcelPacks, aliasNames.pack)
  const p = alias(parcels, aliasNames.parcel)
  return exists(
    db
      .select({ one: sql`1` })
      .from(pp)
      .innerJoin(p, eq(p.id, pp.parcelId))
      .where(and(eq(pp.dispensedPackId, packId), holds(p)))
  )
}

/**
 * The pack went in a parcel that has not come back (delivered, or still with the carrier): it is not
 * in the pharmacy, whatever became of the request's other parcels. With `before`, only parcels
 * dispatched before that instant count (the dispatch being written is not yet out).
 */
export function packNotBack(db: CounterDb, packId: SQLWrapper, before?: SQLWrapper): SQL {
  return inParcelThat(db, packId, { pack: 'pack_out_in', parcel: 'parcel_out' }, (p) =>
    and(sql`${p.outcome} IS NOT 'returned'`, before === undefined ? undefined : sql`${p.dispatchedAt} < ${before}`)
  )
}

/**
 * The pack (of a request with a supply recorded) is in the pharmacy: its parcel came back and it
 * was not handed over since (where packing said which parcel it went in), or the whole bag came back.
 * Asked of every supplied pack of a balance check: a request none of whose parcels came back is
 * settled by one seek of `parcels_returned`, as in `bagBackInPharmacy`.
 */
export function packBackInPharmacy(db: CounterDb, packId: SQLWrapper, requestId: SQLWrapper): SQL {
  const since = alias(registerSupplies, 'supply_after_back')
  const parcelBack = inParcelThat(db, packId, { pack: 'pack_back_in', parcel: 'parcel_back_with' }, (p) =>
    and(
      sql`${p.outcome} = 'returned'`,
      notExists(
        db
          .select({ one: sql`1` })
          .from(since)
          .where(and(eq(since.requestId, requestId), gt(since.suppliedAt, p.dispatchedAt)))
      )
    )
  )
  return sql`(CASE WHEN ${anyParcelReturned(db, requestId, 'any_returned_parcel')} THEN NOT ${packNotBack(db, packId)} AND (${parcelBack} OR ${bagBackInPharmacy(db, requestId)}) ELSE 0 END)`
}

/**
 * When the pack went to the patient: the dispatch of the parcel it went in that did not come back
 * (delivered, or still out), where packing said; otherwise `supplied` (the request's last supply).
 * A bag sent again after a parcel came back went in several dispatches, and a pack delivered in an
 * earlier one was supplied then. Only a request some parcel of which came back was ever sent more
 * than once: for the others, one seek of `parcels_returned` and the last supply, as before.
 */
export function packSuppliedAt(
  db: CounterDb,
  packId: SQLWrapper,
  requestId: SQLWrapper,
  supplied: SQLWrapper
): SQL<string | null> {
  const pp = alias(parcelPacks, 'pack_sent_in')
  const p = alias(parcels, 'parcel_sent')
  const sentIn = db
    .select({ at: max(p.dispatchedAt) })
    .from(pp)
    .innerJoin(p, eq(p.id, pp.parcelId))
    .where(and(eq(pp.dispensedPackId, packId), sql`${p.outcome} IS NOT 'returned'`))
  return sql<
    string | null
  >`(CASE WHEN ${anyParcelReturned(db, requestId, 'returned_parcel_of_pack')} THEN COALESCE((${sentIn}), ${supplied}) ELSE ${supplied} END)`
}
