/**
 * Settling flags on a request: each a person's act, audited in the same transaction. A pharmacist
 * chooses a cautionary label's wording, acknowledges a flag with a reason, and confirms a product
 * match a dispenser proposed; anyone who dispenses, checks or packs confirms the cleaned text of
 * a field with hidden characters (what the label will print, shown beside the raw value). A delivery service is chosen with `requests.chooseService`.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import type { Role } from '../roles'
import { call } from './define'
import type { FlagView } from './flag-views'

const requestId = opaqueId
const flagId = z.number().int().positive()
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const DISPENSING_STAFF: readonly Role[] = ['pharmacist', 'dispenser']
/** Control and invisible characters (C0, C1, zero-width, bidi): never in wording a label prints. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.codePointAt(0) ?? 0
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    )
  })
}
/** Wording a label prints: plain text, no control characters, no braces (the BNF file's placeholders). */
const wording = z
  .string()
  .trim()
  .min(3)
  .max(300)
  .refine((text) => !hasControlCharacter(text), 'no control characters')
  .refine((text) => !/[{}]/.test(text), 'no braces')
const reason = z.string().trim().min(3).max(500)

export const flagCalls = {
  'requests.flags': call<FlagView[]>()({ input: z.object({ id: requestId }), access: STAFF, mutates: false }),
  'flags.chooseWording': call<FlagView>()({
    input: z.object({ id: flagId, wording, bnfNumber: z.number().int().positive().nullable().default(null) }),
    access: ['pharmacist'],
    mutates: true
  }),
  'flags.acknowledge': call<FlagView>()({
    input: z.object({ id: flagId, reason }),
    access: ['pharmacist'],
    mutates: true
  }),
  'flags.confirmCleanedText': call<FlagView>()({
    input: z.object({ id: flagId, text: z.string().max(5000) }),
    access: STAFF,
    mutates: true
  }),
  'flags.proposeMatch': call<FlagView>()({
    input: z.object({ id: flagId, dmdId: z.string().regex(/^\d{6,20}$/, 'a dm+d code is 6 to 20 digits') }),
    access: DISPENSING_STAFF,
    mutates: true
  }),
  'flags.decideMatch': call<FlagView>()({
    input: z.discriminatedUnion('confirm', [
      z.object({ id: flagId, confirm: z.literal(true) }),
      z.object({ id: flagId, confirm: z.literal(false), reason })
    ]),
    access: ['pharmacist'],
    mutates: true
  }),
  'flags.cautionaryWordings': call<Array<{ number: number; text: string }>>()({
    input: z.object({}),
    access: STAFF,
    mutates: false
  })
} as const
