import type Database from 'better-sqlite3'
import type { WholesalerView } from '../../shared/contract'
import { wholesalerSchema, type Wholesaler, type WholesalersFile } from '../../shared/stock/wholesaler'
import { compareEta, computeEta, type Eta } from './eta'

export interface StoredWholesaler {
  id: string
  name: string
  config: Wholesaler
  active: boolean
  position: number
}

interface WholesalerRow {
  id: string
  name: string
  config: string
  active: number
  position: number
}

const BANK_HOLIDAYS = 'bankHolidays'

/**
 * Wholesalers as the pharmacy configured them (config JSON per src/shared/stock/wholesaler.ts)
 * and the shared non-delivery dates (bank holidays), which the ETA applies to every wholesaler.
 */
export class WholesalersRepo {
  private readonly all: Database.Statement<[], WholesalerRow>
  private readonly one: Database.Statement<[string], WholesalerRow>
  private readonly upsert: Database.Statement
  private readonly setting: Database.Statement<[string], { value: string }>
  private readonly putSetting: Database.Statement

  constructor(sqlite: Database.Database) {
    this.all = sqlite.prepare('SELECT * FROM wholesalers ORDER BY position, id')
    this.one = sqlite.prepare('SELECT * FROM wholesalers WHERE id = ?')
    this.upsert = sqlite.prepare(
      `INSERT INTO wholesalers (id, name, config, active, position, updated_at)
       VALUES (@id, @name, @config, @active, COALESCE((SELECT MAX(position) + 1 FROM wholesalers), 0), @at)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config, active = excluded.active, updated_at = excluded.updated_at`
    )
    this.setting = sqlite.prepare('SELECT value FROM stock_settings WHERE key = ?')
    this.putSetting = sqlite.prepare(
      'INSERT INTO stock_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
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
    const row = this.one.get(id)
    return row ? readRow(row) : null
  }

  save(config: Wholesaler, active: boolean, at: string): StoredWholesaler {
    this.upsert.run({ id: config.id, name: config.name, config: JSON.stringify(config), active: active ? 1 : 0, at })
    const saved = this.get(config.id)
    if (!saved) throw new Error(`wholesaler ${config.id} was not saved`)
    return saved
  }

  bankHolidays(): string[] {
    const row = this.setting.get(BANK_HOLIDAYS)
    return row ? (JSON.parse(row.value) as string[]) : []
  }

  setBankHolidays(dates: readonly string[]): void {
    this.putSetting.run(BANK_HOLIDAYS, JSON.stringify([...dates].sort()))
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

function readRow(row: WholesalerRow): StoredWholesaler | null {
  // A stored config that no longer parses is left out rather than used half-read.
  const parsed = wholesalerSchema.safeParse(JSON.parse(row.config))
  if (!parsed.success) return null
  return { id: row.id, name: row.name, config: parsed.data, active: row.active === 1, position: row.position }
}
