import { asc, desc, eq, gt, inArray, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { PackView, ProductView } from '../../shared/contract'
import { fromMilli, isPackUnit, toMilli, type PackUnit } from '../../shared/stock/units'
import { type CounterDb, placeholders, packGtins, packs, products } from '../db'
import type { CatalogueImport } from './catalogue-import'

type Product = typeof products.$inferSelect
type Pack = typeof packs.$inferSelect

/** A product with its VMP resolved: a VMP is its own VMP. */
export type ProductRecord = Omit<Product, 'vmpId' | 'bnfChapter'> & { vmpId: string; vmpName: string }

/** A pack with its product's VMP, in a unit the ledger counts in. */
export type PackRecord = Omit<Pack, 'unit'> & { vmpId: string; unit: PackUnit }

/** The pack's AMP, joined to give the pack its VMP. */
const amp = alias(products, 'amp')

const PACK_COLUMNS = {
  amppId: packs.amppId,
  ampId: packs.ampId,
  // Every AMP names its VMP (check products_level).
  vmpId: sql<string>`${amp.vmpId}`,
  name: packs.name,
  packSizeMilli: packs.packSizeMilli,
  unit: packs.unit,
  pipCode: packs.pipCode,
  reorderLevelMilli: packs.reorderLevelMilli
}

/**
 * The catalogue as stored: dm+d products (VMP, AMP), packs (AMPP) and their GTINs. Lookups run
 * GTIN → pack → AMP → VMP, so a scan can be compared with what was prescribed. Nothing is looked
 * up by name: an unknown code stays unknown.
 */
export class CatalogueRepo {
  private readonly anyProduct
  private readonly productById
  private readonly packById
  private readonly packByGtinStmt
  private readonly packsOfProduct
  private readonly gtinsOfPack

  constructor(private readonly db: CounterDb) {
    this.anyProduct = db.select({ dmdId: products.dmdId }).from(products).limit(1).prepare()
    const vmp = alias(products, 'vmp')
    this.productById = db
      .select({ product: products, vmpName: vmp.name })
      .from(products)
      .leftJoin(vmp, eq(vmp.dmdId, products.vmpId))
      .where(eq(products.dmdId, sql.placeholder('dmdId')))
      .prepare()
    this.packById = db
      .select(PACK_COLUMNS)
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(eq(packs.amppId, sql.placeholder('amppId')))
      .prepare()
    this.packByGtinStmt = db
      .select({ ...PACK_COLUMNS, historicGtin: packGtins.historic })
      .from(packGtins)
      .innerJoin(packs, eq(packs.amppId, packGtins.amppId))
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(eq(packGtins.gtin, sql.placeholder('gtin')))
      .prepare()
    // A VMP's packs are all its AMPs' packs; an AMP's are its own.
    const code = sql.placeholder('code')
    this.packsOfProduct = db
      .select(PACK_COLUMNS)
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(
        inArray(
          packs.ampId,
          sql`(SELECT ${products.dmdId} FROM ${products} WHERE ${products.vmpId} = ${code} UNION ALL SELECT ${code})`
        )
      )
      .orderBy(desc(gt(packs.reorderLevelMilli, 0)), packs.amppId)
      .prepare()
    this.gtinsOfPack = db
      .select({ gtin: packGtins.gtin, historic: packGtins.historic })
      .from(packGtins)
      .where(eq(packGtins.amppId, sql.placeholder('amppId')))
      .orderBy(packGtins.historic, packGtins.gtin)
      .prepare()
  }

  isEmpty(): boolean {
    return this.anyProduct.get() === undefined
  }

  /** Stores an imported catalogue. Must run inside the caller's transaction. */
  load(imported: CatalogueImport): void {
    const insertProduct = this.db
      .insert(products)
      .values(
        placeholders(['dmdId', 'level', 'vmpId', 'name', 'strength', 'form', 'cdSchedule', 'supplier', 'bnfChapter'])
      )
      .prepare()
    const insertPack = this.db
      .insert(packs)
      .values(placeholders(['amppId', 'ampId', 'name', 'packSizeMilli', 'unit', 'pipCode', 'reorderLevelMilli']))
      .prepare()
    const insertGtin = this.db
      .insert(packGtins)
      .values(placeholders(['gtin', 'amppId', 'startDate', 'endDate', 'historic']))
      .prepare()
    // VMPs first: an AMP's foreign key names its VMP.
    const ordered = [...imported.products].sort((a, b) => (a.level === b.level ? 0 : a.level === 'VMP' ? -1 : 1))
    for (const product of ordered) insertProduct.run({ ...product } satisfies typeof products.$inferInsert)
    for (const pack of imported.packs) {
      insertPack.run({
        amppId: pack.amppId,
        ampId: pack.ampId,
        name: pack.name,
        packSizeMilli: toMilli(pack.packSize),
        unit: pack.packUnit,
        pipCode: pack.pipCode,
        reorderLevelMilli: toMilli(pack.reorderLevel)
      } satisfies typeof packs.$inferInsert)
    }
    for (const gtin of imported.gtins) insertGtin.run({ ...gtin } satisfies typeof packGtins.$inferInsert)
  }

  product(dmdId: string): ProductRecord | null {
    const row = this.productById.get({ dmdId })
    if (!row) return null
    const { bnfChapter: _bnfChapter, ...product } = row.product
    return { ...product, vmpId: product.vmpId ?? product.dmdId, vmpName: row.vmpName ?? product.name }
  }

  pack(amppId: string): PackRecord | null {
    const row = this.packById.get({ amppId })
    return row ? toPack(row) : null
  }

  packByGtin(gtin14: string): (PackRecord & { historicGtin: boolean }) | null {
    const row = this.packByGtinStmt.get({ gtin: gtin14 })
    return row ? { ...toPack(row), historicGtin: row.historicGtin } : null
  }

  /** The packs that can supply a prescribed product: stocked lines (reorder level > 0) first. */
  packsFor(dmdId: string): PackRecord[] {
    return this.packsOfProduct.all({ code: dmdId }).map(toPack)
  }

  /** VMPs with a stocked line (a pack with a reorder level), in catalogue order. */
  stockedVmps(limit: number): string[] {
    return this.db
      .select({ vmpId: sql<string>`${amp.vmpId}` })
      .from(packs)
      .innerJoin(amp, eq(amp.dmdId, packs.ampId))
      .where(gt(packs.reorderLevelMilli, 0))
      .groupBy(amp.vmpId)
      .orderBy(asc(sql`MIN(${packs}.rowid)`))
      .limit(limit)
      .all()
      .map((row) => row.vmpId)
  }

  gtins(amppId: string): Array<{ gtin: string; historic: boolean }> {
    return this.gtinsOfPack.all({ amppId })
  }

  productView(dmdId: string): ProductView | null {
    const product = this.product(dmdId)
    return product ? toProductView(product) : null
  }

  packView(amppId: string): PackView | null {
    const pack = this.pack(amppId)
    const product = pack ? this.product(pack.ampId) : null
    if (!pack || !product) return null
    return {
      amppId: pack.amppId,
      name: pack.name,
      packSize: fromMilli(pack.packSizeMilli),
      unit: pack.unit,
      pipCode: pack.pipCode,
      reorderLevel: fromMilli(pack.reorderLevelMilli),
      product: toProductView(product)
    }
  }
}

function toPack(row: Omit<PackRecord, 'unit'> & { unit: string }): PackRecord {
  const { unit } = row
  if (!isPackUnit(unit)) throw new Error(`pack ${row.amppId} has unit ${unit}, which the ledger does not count in`)
  return { ...row, unit }
}

function toProductView(product: ProductRecord): ProductView {
  return {
    dmdId: product.dmdId,
    level: product.level,
    name: product.name,
    strength: product.strength,
    form: product.form,
    cdSchedule: product.cdSchedule,
    supplier: product.supplier,
    vmpId: product.vmpId,
    vmpName: product.vmpName
  }
}
