import { asc, eq, sql } from 'drizzle-orm'
import type { WholesalerView } from '../../shared/contract'
import { wholesalerSchema, type Wholesaler, type WholesalersFile } from '../../shared/stock/wholesaler'
import { type CounterDb, excluded, placeholders, stockSettings, wholesalers } from '../db'
import { compareEta, computeEta, type Eta } from './eta'

/** A wholesaler with its configuration read. */
export type StoredWholesaler = Omit<typeof wholesalers.$inferSelect, 'config' | 'updatedAt'> & { config: Wholesaler }

const BANK_HOLIDAYS = 'bankHolidays'

/**
 * Wholesalers as the pharmacy configured them (config JSON per src/shared/stock/wholesaler.ts)
 * and the shared non-delivery dates (bank holidays), which the ETA applies to every wholesaler.
 */
export class WholesalersRepo {
  private readonly all
  private readonly one
  private readonly upsert
  private readonly setting
  private readonly putSetting

  constructor(db: CounterDb) {
    this.all = db.select().from(wholesalers).orderBy(asc(wholesalers.position), asc(wholesalers.id)).prepare()
    this.one = db
      .select()
      .from(wholesalers)
      .where(eq(wholesalers.id, sql.placeholder('id')))
      .prepare()
    // A new wholesaler goes last; a known one keeps its place.
    this.upsert = db
      .insert(wholesalers)
      .values({
        ...placeholders(['id', 'name', 'config', 'active', 'updatedAt']),
        position: sql`COALESCE((SELECT MAX(${wholesalers.position}) + 1 FROM ${wholesalers}), 0)`
      })
      .onConflictDoUpdate({
        target: wholesalers.id,
        set: {
          name: excluded(wholesalers.name),
          config: excluded(wholesalers.config),
          active: excluded(wholesalers.active),
          updatedAt: excluded(wholesalers.updatedAt)
        }
      })
      .prepare()
    this.setting = db
      .select({ value: stockSettings.value })
      .from(stockSettings)
      .where(eq(stockSettings.key, sql.placeholder('key')))
      .prepare()
    this.putSetting = db
      .insert(stockSettings)
      .values(placeholders(['key', 'value']))
      .onConflictDoUpdate({ target: stockSettings.key, set: { value: excluded(stockSettings.value) } })
      .prepare()
  }

  isEmpty(): boolean {
    return this.all.all().length === 0
  }

  /** First start: the bank holidays always; the sample wholesalers only where asked (training). */
  load(file: WholesalersFile, at: string, withWholesalers: boolean): void {
    if (file.bankHolidays && this.bankHolidays().length === 0) this.setBankHolidays(file.bankHolidays.dates)
    if (withWholesalers) for (const wholesaler of file.wholesalers) this.save(wholesaler, true, at)
  }

  list(): StoredWholesaler[] {
    return this.all.all().flatMap((row) => readRow(row) ?? [])
  }

  get(id: string): StoredWholesaler | null {
    const row = this.one.get({ id })
    return row ? readRow(row) : null
  }

  save(config: Wholesaler, active: boolean, at: string): StoredWholesaler {
    this.upsert.run({ id: config.id, name: config.name, config: JSON.stringify(config), active, updatedAt: at })
    const saved = this.get(config.id)
    if (!saved) throw new Error(`wholesaler ${config.id} was not saved`)
    return saved
  }

  bankHolidays(): string[] {
    const row = this.setting.get({ key: BANK_HOLIDAYS })
    return row ? (JSON.parse(row.value) as string[]) : []
  }

  setBankHolidays(dates: readonly string[]): void {
    this.putSetting.run({ key: BANK_HOLIDAYS, value: JSON.stringify([...dates].sort()) })
  }

  eta(wholesaler: StoredWholesaler, orderedAt: Date): Eta {
    return computeEta(wholesaler.config, orderedAt, this.bankHolidays())
  }

  /** Active wholesalers, soonest delivery first (ties keep the configured order). */
  bySoonest(orderedAt: Date): Array<{ wholesaler: StoredWholesaler; eta: Eta }> {
    return this.list()
      .filter((w) => w.active)
      .map((wholesaler) => ({ wholesaler, eta: this.eta(wholesaler, orderedAt) }))
      .sort((a, b) => compareEta(a.eta, b.eta) || a.wholesaler.position - b.wholesaler.position)
  }

  view(wholesaler: StoredWholesaler, now: Date): WholesalerView {
    const eta = wholesaler.active ? this.eta(wholesaler, now) : null
    return {
      id: wholesaler.id,
      name: wholesaler.name,
      accountNumber: wholesaler.config.accountNumber,
      active: wholesaler.active,
      config: wholesaler.config,
      nextEta: eta ? { date: eta.date, slot: eta.slot, words: eta.words } : null
    }
  }
}

function readRow(row: typeof wholesalers.$inferSelect): StoredWholesaler | null {
  // A stored config that no longer parses is left out rather than used half-read.
  const parsed = wholesalerSchema.safeParse(JSON.parse(row.config))
  if (!parsed.success) return null
  return { id: row.id, name: row.name, config: parsed.data, active: row.active, position: row.position }
}
