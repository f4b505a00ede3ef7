import { randomBytes } from 'node:crypto'
import type { TrainerMove } from '../../shared/contract/training-calls'
import { demoDay } from '../../sandbox/seed/demo'
import type { Handlers } from '../contract'
import { CounterError } from '../errors'
import type { RequestsRepo } from '../fulfilment'

type TrainingCalls =
  'training.requests' | 'training.patientChoice' | 'training.cancel' | 'training.resolveQuery' | 'training.newRequest'

/** The built-in sandbox the trainer plays: its address and token. */
export interface SandboxLink {
  url: string
  token: string
}

/** "video consultation": the route as words (Phensys's codes are snake case). */
const routeName = (route: string) => route.replace(/_/g, ' ')

const CHOICE_WORDS = {
  wait: 'The patient chose to wait for the stock',
  cancel: 'The patient cancelled',
  further_consultation: 'The patient asked for a further consultation'
} as const

/**
 * Training mode's trainer: each call is what Phensys or LoveMyLife would do, sent to the built-in
 * sandbox over its control endpoints (the same ones the sandbox documents). Nothing here writes
 * the counter's store: the counter learns of the change from the feed, like any other. On a live
 * workstation (no sandbox) every call is refused.
 */
export function trainerHandlers(deps: {
  sandbox: () => SandboxLink | null
  requests: RequestsRepo
  now: () => Date
}): Pick<Handlers, TrainingCalls> {
  async function control(path: string, body: object): Promise<void> {
    const sandbox = deps.sandbox()
    if (!sandbox) throw new CounterError('forbidden', 'The trainer plays Phensys only in training mode.')
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
    if (!response.ok) {
      const answer = (await response.json().catch(() => ({}))) as { message?: string; error?: { message?: string } }
      throw new CounterError(
        'conflict',
        `Phensys (the training sandbox) refused: ${answer.error?.message ?? answer.message ?? response.statusText}.`
      )
    }
    // The counter's long poll on the feed answers as soon as the sandbox records the change.
  }

  const requestOf = (id: string) => {
    const stored = deps.requests.get(id)
    if (!stored) throw new CounterError('not_found', `There is no request ${id} on this workstation.`)
    return stored
  }
  const path = (id: string, action: string) => `/sandbox/requests/${encodeURIComponent(id)}/${action}`

  return {
    'training.requests': () => {
      if (!deps.sandbox()) throw new CounterError('forbidden', 'The trainer plays Phensys only in training mode.')
      return deps.requests
        .worklist(false)
        .rows.map((row) => ({ id: row.id, route: row.route, stage: row.stage, phensysState: row.phensysState }))
    },

    'training.patientChoice': async (_ctx, input): Promise<TrainerMove> => {
      await control(path(input.id, 'decision'), { choice: input.choice })
      return { requestId: input.id, said: `${CHOICE_WORDS[input.choice]} (${input.id}).` }
    },

    'training.cancel': async (_ctx, input): Promise<TrainerMove> => {
      await control(path(input.id, 'cancel'), { reason: 'patient_request' })
      return { requestId: input.id, said: `Phensys cancelled ${input.id} at the patient's request.` }
    },

    'training.resolveQuery': async (_ctx, input): Promise<TrainerMove> => {
      const { snapshot } = requestOf(input.id)
      const items = snapshot.prescription.items.map((item) => {
        const changed = input.quantities.find((line) => line.lineId === item.lineId)
        return changed ? { ...item, quantity: changed.quantity } : item
      })
      const changes = input.quantities.length > 0 ? { prescription: { ...snapshot.prescription, items } } : {}
      await control(path(input.id, 'resolve-query'), { changes })
      return {
        requestId: input.id,
        said:
          input.quantities.length > 0
            ? `Phensys resolved the query on ${input.id}, the prescriber changing ${input.quantities.map((line) => `${line.lineId} to ${line.quantity}`).join(', ')}.`
            : `Phensys resolved the query on ${input.id}, nothing changed.`
      }
    },

    'training.newRequest': async (_ctx, input): Promise<TrainerMove> => {
      const now = deps.now()
      const template = demoDay(now).find((request) => request.route === input.route)
      if (!template) throw new CounterError('not_found', `The demo day has no ${routeName(input.route)} request.`)
      // A new patient order shaped like the demo day's of this route, made now.
      const id = `fr_TRN${randomBytes(3).toString('hex').toUpperCase()}`
      const prescription = template.prescription as Record<string, unknown>
      await control('/sandbox/requests', {
        ...template,
        id,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        prescription: { ...prescription, id: `rx_${id}` }
      })
      return { requestId: id, said: `A new ${routeName(input.route)} request arrived from LoveMyLife: ${id}.` }
    }
  }
}
