/**
 * The trainer's calls, in training mode only: a pharmacist or an administrator plays Phensys and
 * LoveMyLife on the built-in sandbox (the patient's choice, a cancellation, a query resolved with
 * or without changed items, a new request of each route). They change Phensys, not the counter:
 * the counter hears of each through the feed, as it would of the real thing.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { PATIENT_CHOICES, ROUTES } from '../phensys/snapshot'
import type { Role } from '../roles'
import type { Stage } from '../workflow/stages'
import { call } from './define'

const TRAINERS: readonly Role[] = ['administrator', 'pharmacist']
const requestId = opaqueId

/** What the trainer did, in words, and the request it was done to. */
export interface TrainerMove {
  requestId: string
  said: string
}

/** A request as the trainer picks it: where it is, at the counter and at Phensys; no patient's particulars. */
export interface TrainerRequestView {
  id: string
  route: string
  stage: Stage
  phensysState: string
}

export const trainingCalls = {
  'training.requests': call<TrainerRequestView[]>()({ input: z.object({}), access: TRAINERS, mutates: false }),
  'training.patientChoice': call<TrainerMove>()({
    input: z.object({ id: requestId, choice: z.enum(PATIENT_CHOICES) }),
    access: TRAINERS,
    mutates: false
  }),
  'training.cancel': call<TrainerMove>()({ input: z.object({ id: requestId }), access: TRAINERS, mutates: false }),
  /** `quantities`: the prescriber changed these lines' quantities when answering the query. */
  'training.resolveQuery': call<TrainerMove>()({
    input: z.object({
      id: requestId,
      quantities: z
        .array(z.object({ lineId: opaqueId, quantity: z.number().positive().max(100_000) }))
        .max(50)
        .default([])
    }),
    access: TRAINERS,
    mutates: false
  }),
  'training.newRequest': call<TrainerMove>()({
    input: z.object({ route: z.enum(ROUTES) }),
    access: TRAINERS,
    mutates: false
  })
} as const
