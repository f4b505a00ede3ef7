import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { type CounterDb, excluded, placeholders, settings } from '../db'
import { deviceSettingsSchema } from '../../shared/devices/settings'
import { DEFAULT_CARRIERS, carriersSchema } from '../../shared/dispatch/carriers'
import { characterName } from '../flags'
import { firstControlCharacter } from '../labels'

/** Every setting, with its schema and default. A stored value that no longer parses falls back to the default. */
export const SETTING_SCHEMAS = {
  pharmacy: z
    .object({
      name: z.string().min(1),
      addressLines: z.array(z.string().min(1)).min(1).max(4),
      postcode: z.string().min(1),
      phone: z.string().min(1)
    })
    .default({
      name: 'Pharmetra Pharmacy',
      addressLines: ['Unit 4, Aire Street Works', 'Leeds'],
      postcode: 'LS1 4PR',
      phone: '0113 496 0000'
    }),
  /**
   * Sent with every event to Phensys and shown in the header: any letters, but no control or
   * hidden character (a tab, a line break), which no one could see or type again.
   */
  workstationId: z
    .string()
    .min(1)
    .max(64)
    .superRefine((id, ctx) => {
      const found = firstControlCharacter(id)
      if (found)
        ctx.addIssue({
          code: 'custom',
          message: `A workstation's id cannot hold a hidden or control character (${characterName(found)}): type it again without it.`
        })
    })
    .default('counter-1'),
  devices: deviceSettingsSchema.default(deviceSettingsSchema.parse({})),
  /** An original prescription not received this many days after acceptance is chased. */
  hardCopyOverdueDays: z.number().int().min(1).max(28).default(3),
  /** The accuracy checker may check what they assembled themselves (recorded as a self-check). */ allowSelfCheck: z
    .boolean()
    .default(false),
  /**
   * Labels print by themselves when the last pack is matched and the clinical check is made
   * (whichever comes last), instead of waiting for the L key.
   */
  autoLabels: z.boolean().default(true),
  /**
   * The clinical check's early-supply rule: how long a supply lasts when its directions give no
   * daily dose to divide the quantity by.
   */
  earlySupplyWindowDays: z.number().int().min(1).max(365).default(28),
  /** Carriers and services, mapped from Phensys's delivery service codes. */
  carriers: carriersSchema.default(DEFAULT_CARRIERS)
} as const

export type SettingKey = keyof typeof SETTING_SCHEMAS
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTING_SCHEMAS)[K]>

export class SettingsRepo {
  private readonly selectValue
  private readonly upsert

  constructor(db: CounterDb) {
    // Read by many commands (the workstation's id for every Phensys event): prepared once.
    this.selectValue = db
      .select({ value: settings.value })
      .from(settings)
      .where(eq(settings.key, sql.placeholder('key')))
      .prepare()
    this.upsert = db
      .insert(settings)
      .values(placeholders(['key', 'value']))
      .onConflictDoUpdate({ target: settings.key, set: { value: excluded(settings.value) } })
      .prepare()
  }

  get<K extends SettingKey>(key: K): SettingValue<K> {
    const row = this.selectValue.get({ key })
    const schema = SETTING_SCHEMAS[key]
    const stored = row ? schema.safeParse(JSON.parse(row.value)) : null
    return (stored?.success ? stored.data : schema.parse(undefined)) as SettingValue<K>
  }

  set<K extends SettingKey>(key: K, value: SettingValue<K>): void {
    const checked = SETTING_SCHEMAS[key].parse(value)
    this.upsert.run({ key, value: JSON.stringify(checked) })
  }
}
