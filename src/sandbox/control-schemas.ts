/** Bodies of the sandbox's control calls (`/sandbox/*`). Strict: a misspelt field is a 400. */
import { z } from 'zod'
import { PATIENT_CHOICES, PHENSYS_STATES, TERMINAL_PHENSYS_STATES } from '../shared/phensys/snapshot'

const NON_TERMINAL = PHENSYS_STATES.filter(
  (state) => !(TERMINAL_PHENSYS_STATES as readonly string[]).includes(state)
) as [string, ...string[]]

/** Fields a partial snapshot (`changes`) may not touch: Phensys manages them. */
const PROTECTED_FIELDS = ['id', 'version', 'state', 'createdAt', 'updatedAt'] as const

const changes = z
  .record(z.string(), z.unknown())
  .default({})
  .superRefine((value, context) => {
    for (const field of PROTECTED_FIELDS) {
      if (field in value) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is managed by Phensys; it cannot be changed`
        })
      }
    }
  })

export const cancelBodySchema = z.strictObject({ reason: z.string().min(1).max(200).default('patient_request') })

export const decisionBodySchema = z.strictObject({ choice: z.enum(PATIENT_CHOICES) })

export const resolveBodySchema = z.strictObject({
  changes,
  /** Where the request goes once resolved; the contract says `in_fulfilment`. */
  state: z.enum(NON_TERMINAL).default('in_fulfilment')
})

export const updateBodySchema = z.strictObject({ changes })

export const expireBodySchema = z.strictObject({ before: z.string().min(1) })

export const createBodySchema = z.record(z.string(), z.unknown())

/** `POST /sandbox/requests/bulk`: many requests in one transaction (benchmarks, big fixtures). */
export const bulkCreateBodySchema = z.strictObject({
  requests: z.array(z.record(z.string(), z.unknown())).min(1).max(50_000)
})
