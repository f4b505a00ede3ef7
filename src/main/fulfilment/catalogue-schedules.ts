import { eq, sql } from 'drizzle-orm'
import type { CatalogueSchedule } from '../../shared/workflow/cd-schedule'
import { type CounterDb, products } from '../db'

/** The catalogue's Controlled Drug schedule of a dm+d code (an AMP carries its VMP's). */
export function catalogueSchedules(db: CounterDb): CatalogueSchedule {
  const scheduleOf = db
    .select({ cdSchedule: products.cdSchedule })
    .from(products)
    .where(eq(products.dmdId, sql.placeholder('dmdId')))
    .prepare()
  return (dmdCode) => scheduleOf.get({ dmdId: dmdCode })?.cdSchedule ?? null
}
