/**
 * Prescribed products the catalogue does not know, matched by people to one it does. The catalogue
 * never matches by name on its own; a dispenser proposes a match (searching by name, dm+d or GTIN)
 * and a pharmacist confirms it. The match is remembered: the stock check, scan-to-verify and the
 * next request prescribing the same code all use the matched product.
 */
import { eq, sql } from 'drizzle-orm'
import { normaliseUnit } from '../../shared/stock/units'
import { type CounterDb, productMatches } from '../db'
import type { CatalogueRepo, ProductRecord } from './catalogue'

export type ProductMatchRow = typeof productMatches.$inferSelect

export class ProductMatches {
  private readonly byCode

  constructor(
    private readonly db: CounterDb,
    private readonly catalogue: CatalogueRepo
  ) {
    // Asked for every line of every request as it arrives, and at every stock check: prepared once.
    this.byCode = db
      .select()
      .from(productMatches)
      .where(eq(productMatches.prescribedDmdId, sql.placeholder('code')))
      .prepare()
  }

  get(prescribedDmdId: string): ProductMatchRow | undefined {
    return this.byCode.get({ code: prescribedDmdId })
  }

  /** The code the counter checks and dispenses against: the match a pharmacist confirmed, or the code as prescribed. */
  effectiveCode(prescribedDmdId: string): string {
    return this.get(prescribedDmdId)?.matchedDmdId ?? prescribedDmdId
  }

  /** Why stock of this prescribed product cannot be checked in this unit, or null when it can. */
  problem(prescribedDmdId: string, unit: string): 'unknown_product' | 'unit_not_stocked' | null {
    const code = this.effectiveCode(prescribedDmdId)
    if (!this.catalogue.product(code)) return 'unknown_product'
    return this.countedIn(code, unit) ? null : 'unit_not_stocked'
  }

  /** A product of the catalogue that some pack of counts in this prescribed unit. */
  candidate(dmdId: string, unit: string): ProductRecord | { refused: string } {
    const product = this.catalogue.product(dmdId)
    if (!product) return { refused: `There is no product ${dmdId} in the catalogue.` }
    if (!this.countedIn(dmdId, unit)) {
      return { refused: `No pack of ${product.name} is counted in "${unit}", the unit prescribed.` }
    }
    return product
  }

  /** A pharmacist confirmed a match: remembered for every later request prescribing the same code. */
  remember(match: ProductMatchRow): void {
    this.db
      .insert(productMatches)
      .values(match)
      .onConflictDoUpdate({ target: productMatches.prescribedDmdId, set: match })
      .run()
  }

  private countedIn(dmdId: string, unit: string): boolean {
    const packUnit = normaliseUnit(unit)
    return packUnit !== null && this.catalogue.packsFor(dmdId).some((pack) => pack.unit === packUnit)
  }
}
