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
  note: z.string().trim().max(500).default('')
})

export type HardCopyReceipt = z.infer<typeof hardCopyReceiptSchema>
