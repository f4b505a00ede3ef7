/**
 * Receiving the original paper prescription: what a person records, checked line by
 * line against the request. Shared so the renderer's form and main's command agree.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { basedOnRevision } from './revision'

/** Private CD forms: FP10PCD (England), WP10PCD (Wales), PPCD (Scotland); other private paper. */
export const HARD_COPY_FORMS = ['FP10PCD', 'WP10PCD', 'PPCD', 'private_paper'] as const
export const CD_FORMS: readonly string[] = ['FP10PCD', 'WP10PCD', 'PPCD']

/** The prescriber's CD identification number, printed on the FP10PCD: 6 digits. */
const prescriberCdNumberSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "The prescriber's CD identification number on the form is 6 digits")

export const hardCopyReceiptSchema = z.object({
  id: opaqueId,
  basedOnRevision,
  formType: z.enum(HARD_COPY_FORMS),
  /** The form's serial number, printed on FP10PCD and its siblings. */
  serial: z.string().trim().max(40).default(''),
  patientMatches: z.boolean(),
  prescriberMatches: z.boolean(),
  dateMatches: z.boolean(),
  lines: z.array(z.object({ lineId: opaqueId, matches: z.boolean(), quantityOnForm: z.number().positive() })).min(1),
  note: z.string().trim().max(500).default(''),
  /**
   * For a Schedule 2/3 item, read from the form. Optional: a receipt without them is recorded, and
   * the request screen and the CD register say the number was not recorded.
   */
  prescriberCdNumber: z.preprocess(
    // Left blank (or null) by a caller is not recorded, as when it is left out.
    (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value),
    prescriberCdNumberSchema.optional()
  ),
  /** The total quantity is written in words and figures, and they match: false is a mismatch. */
  quantityInWordsAndFigures: z.boolean().optional()
})

export type HardCopyReceipt = z.infer<typeof hardCopyReceiptSchema>
