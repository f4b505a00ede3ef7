import type Database from 'better-sqlite3'
import type { PackView, ProductView } from '../../shared/contract'
import { fromMilli, isPackUnit, toMilli, type PackUnit } from '../../shared/stock/units'
import type { CatalogueImport } from './catalogue-import'

export interface ProductRecord {
  dmdId: string
  level: 'VMP' | 'AMP'
  vmpId: string
  vmpName: string
  name: string
  strength: string | null
  form: string
  cdSchedule: number | null
  supplier: string | null
}

export interface PackRecord {
  amppId: string
  ampId: string
  vmpId: string
  name: string
  packSizeMilli: number
  unit: PackUnit
  pipCode: string | null
  reorderLevelMilli: number
}

interface ProductRow {
  dmd_id: string
  level: 'VMP' | 'AMP'
  vmp_id: string | null
  name: string
  strength: string | null
  form: string
  cd_schedule: number | null
  supplier: string | null
  vmp_name: string | null
}

interface PackRow {
  ampp_id: string
  amp_id: string
  vmp_id: string
  name: string
  pack_size_milli: number
  unit: string
  pip_code: string | null
  reorder_level_milli: number
}

const PACK_COLUMNS = `p.ampp_id, p.amp_id, a.vmp_id, p.name, p.pack_size_milli, p.unit, p.pip_code, p.reorder_level_milli`

/**
 * The catalogue as stored: dm+d products (VMP, AMP), packs (AMPP) and their GTINs. Lookups run
 * GTIN → pack → AMP → VMP, so a scan can be compared with what was prescribed. Nothing is looked
 * up by name: an unknown code stays unknown.
 */
export class CatalogueRepo {
  private readonly countProducts: Database.Statement<[], { n: number }>
  private readonly productById: Database.Statement<[string], ProductRow>
  private readonly packById: Database.Statement<[string], PackRow>
  private readonly packByGtinStmt: Database.Statement<[string], PackRow & { historic: number }>
  private readonly packsOfProduct: Database.Statement<{ code: string }, PackRow>
  private readonly gtinsOfPack: Database.Statement<[string], { gtin: string; historic: number }>

  constructor(private readonly sqlite: Database.Database) {
    this.countProducts = sqlite.prepare('SELECT COUNT(*) AS n FROM products')
    this.productById = sqlite.prepare(
      `SELECT p.*, v.name AS vmp_name FROM products p LEFT JOIN products v ON v.dmd_id = p.vmp_id WHERE p.dmd_id = ?`
    )
    this.packById = sqlite.prepare(
      `SELECT ${PACK_COLUMNS} FROM packs p JOIN products a ON a.dmd_id = p.amp_id WHERE p.ampp_id = ?`
    )
    this.packByGtinStmt = sqlite.prepare(
      `SELECT ${PACK_COLUMNS}, g.historic FROM pack_gtins g JOIN packs p ON p.ampp_id = g.ampp_id JOIN products a ON a.dmd_id = p.amp_id WHERE g.gtin = ?`
    )
    // A VMP's packs are all its AMPs' packs; an AMP's are its own.
    this.packsOfProduct = sqlite.prepare(
      `SELECT ${PACK_COLUMNS} FROM packs p JOIN products a ON a.dmd_id = p.amp_id
       WHERE p.amp_id IN (SELECT dmd_id FROM products WHERE vmp_id = @code UNION ALL SELECT @code)
       ORDER BY p.reorder_level_milli > 0 DESC, p.ampp_id`
    )
    this.gtinsOfPack = sqlite.prepare('SELECT gtin, historic FROM pack_gtins WHERE ampp_id = ? ORDER BY historic, gtin')
  }

  isEmpty(): boolean {
    return (this.countProducts.get()?.n ?? 0) === 0
  }

  /** Stores an imported catalogue. Must run inside the caller's transaction. */
  load(imported: CatalogueImport): void {
    const insertProduct = this.sqlite.prepare(
      `INSERT INTO products (dmd_id, level, vmp_id, name, strength, form, cd_schedule, supplier, bnf_chapter)
       VALUES (@dmdId, @level, @vmpId, @name, @strength, @form, @cdSchedule, @supplier, @bnfChapter)`
    )
    const insertPack = this.sqlite.prepare(
      `INSERT INTO packs (ampp_id, amp_id, name, pack_size_milli, unit, pip_code, reorder_level_milli)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    )
    const insertGtin = this.sqlite.prepare(
      'INSERT INTO pack_gtins (gtin, ampp_id, start_date, end_date, historic) VALUES (?, ?, ?, ?, ?)'
    )
    // VMPs first: an AMP's foreign key names its VMP.
    const ordered = [...imported.products].sort((a, b) => (a.level === b.level ? 0 : a.level === 'VMP' ? -1 : 1))
    for (const product of ordered) insertProduct.run(product)
    for (const pack of imported.packs) {
      insertPack.run(
        pack.amppId,
        pack.ampId,
        pack.name,
        toMilli(pack.packSize),
        pack.packUnit,
        pack.pipCode,
        toMilli(pack.reorderLevel)
      )
    }
    for (const gtin of imported.gtins)
      insertGtin.run(gtin.gtin, gtin.amppId, gtin.startDate, gtin.endDate, gtin.historic ? 1 : 0)
  }

  product(dmdId: string): ProductRecord | null {
    const row = this.productById.get(dmdId)
    return row ? toProduct(row) : null
  }

  pack(amppId: string): PackRecord | null {
    const row = this.packById.get(amppId)
    return row ? toPack(row) : null
  }

  packByGtin(gtin14: string): (PackRecord & { historicGtin: boolean }) | null {
    const row = this.packByGtinStmt.get(gtin14)
    return row ? { ...toPack(row), historicGtin: row.historic === 1 } : null
  }

  /** The packs that can supply a prescribed product: stocked lines (reorder level > 0) first. */
  packsFor(dmdId: string): PackRecord[] {
    return this.packsOfProduct.all({ code: dmdId }).map(toPack)
  }

  /** VMPs with a stocked line (a pack with a reorder level), in catalogue order. */
  stockedVmps(limit: number): string[] {
    return this.sqlite
      .prepare<[number], { vmp_id: string }>(
        `SELECT a.vmp_id FROM packs p JOIN products a ON a.dmd_id = p.amp_id WHERE p.reorder_level_milli > 0
         GROUP BY a.vmp_id ORDER BY MIN(p.rowid) LIMIT ?`
      )
      .all(limit)
      .map((row) => row.vmp_id)
  }

  gtins(amppId: string): Array<{ gtin: string; historic: boolean }> {
    return this.gtinsOfPack.all(amppId).map((row) => ({ gtin: row.gtin, historic: row.historic === 1 }))
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

function toProduct(row: ProductRow): ProductRecord {
  return {
    dmdId: row.dmd_id,
    level: row.level,
    vmpId: row.vmp_id ?? row.dmd_id,
    vmpName: row.vmp_name ?? row.name,
    name: row.name,
    strength: row.strength,
    form: row.form,
    cdSchedule: row.cd_schedule,
    supplier: row.supplier
  }
}

function toPack(row: PackRow): PackRecord {
  if (!isPackUnit(row.unit))
    throw new Error(`pack ${row.ampp_id} has unit ${row.unit}, which the ledger does not count in`)
  return {
    amppId: row.ampp_id,
    ampId: row.amp_id,
    vmpId: row.vmp_id,
    name: row.name,
    packSizeMilli: row.pack_size_milli,
    unit: row.unit,
    pipCode: row.pip_code,
    reorderLevelMilli: row.reorder_level_milli
  }
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
