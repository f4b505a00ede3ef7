/**
 * The clinical safety checks' data (resources/clinical/safety-checks.json): high-risk medicines
 * with the reason and the counselling or check each needs, medicines needing a check at an age,
 * usual maximum quantities, therapeutic classes and pairs of medicines that interact. A pharmacy replaces the file with one it has
 * reviewed, in the same format; the rules (safety-rules.ts) hold no medicine of their own.
 */
import { z } from 'zod'
import bundledFile from '../../../resources/clinical/safety-checks.json'

const match = z
  .object({
    dmdCodes: z.array(z.string().regex(/^\d{6,20}$/)).default([]),
    /** Words a medicine's name contains (case ignored): "valpro" for every valproate. */
    names: z.array(z.string().trim().min(3)).default([]),
    cdSchedules: z.array(z.number().int().min(1).max(5)).default([])
  })
  .refine(
    (m) => m.dmdCodes.length + m.names.length + m.cdSchedules.length > 0,
    'a match needs a code, a name or a schedule'
  )

const text = z.string().trim().min(3).max(600)

/** One side of an interaction: what it is, in words for the file's reviewer, and how a medicine matches it. */
const side = z.object({ what: z.string().trim().min(3), match })

/** How firmly a pair is kept apart, in the pharmacist's words; either way the flag is acknowledged. */
const INTERACTION_SEVERITIES = ['do not supply together', 'check before supply'] as const

export const safetyFileSchema = z.object({
  about: z.string(),
  edition: z.string().min(1),
  ages: z.object({ childUnder: z.number().int().min(1).max(25), olderOver: z.number().int().min(50).max(110) }),
  highRisk: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      match,
      reason: text,
      check: text,
      mustAcknowledge: z.boolean(),
      /** Taken once a week: directions that say daily are flagged on their own. */
      weeklyDosing: z.boolean().default(false)
    })
  ),
  ageChecks: z.array(z.object({ band: z.enum(['child', 'older']), match, reason: text })),
  usualMaximum: z.array(z.object({ match, quantity: z.number().positive(), unit: z.string().min(1).optional() })),
  therapeuticClasses: z.array(z.object({ name: z.string().min(2), match })),
  /** How long after a supply the patient is taken to be still on it, for interactions (at least its course). */
  interactionWindowDays: z.number().int().min(1).max(730),
  interactions: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      one: side,
      other: side,
      severity: z.enum(INTERACTION_SEVERITIES),
      reason: text,
      check: text
    })
  )
})
export type SafetyFile = z.output<typeof safetyFileSchema>
export type MedicineMatch = z.output<typeof match>

export type Interaction = SafetyFile['interactions'][number]

/** The file shipped with the app, checked: a file that does not read stops the app saying where. */
export function bundledSafetyFile(): SafetyFile {
  return readSafetyFile(bundledFile, 'resources/clinical/safety-checks.json')
}

/** A safety file checked whole: one entry that does not read is named, never dropped on its own. */
export function readSafetyFile(data: unknown, where: string): SafetyFile {
  const parsed = safetyFileSchema.safeParse(data)
  if (!parsed.success)
    throw new Error(
      `${where} does not read: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`
    )
  return parsed.data
}
