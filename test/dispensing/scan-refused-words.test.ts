/**
 * A pack scanned into a request that is not dispensing is refused in words true of its stage: a
 * stopped request (cancelled, rejected) has nothing more dispensed for it; one held by a query
 * waits for Phensys's answer. Never "start dispensing first" where that cannot be done.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestBody, settle } from '../helpers/linked'
import { staffedWorld, type StaffedWorld } from '../helpers/dispensed-world'

let w: StaffedWorld
beforeAll(async () => {
  w = await staffedWorld()
}, 60_000)
afterAll(async () => w?.l.stop())

async function accepted(id: string): Promise<void> {
  await w.l.phensys.post('/sandbox/requests', requestBody(id))
  await settle(w.core)
  const answer = await w.core.call(w.assembler, 'requests.accept', { id })
  if (!answer.ok) throw new Error(answer.error.message)
}

async function refusal(id: string): Promise<string> {
  const answer = await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: '0105012345678900' })
  return answer.ok ? 'scanned' : answer.error.message
}

it('a scan into a cancelled request: "nothing more is dispensed for it"', async () => {
  await accepted('fr_FIX29_SCAN_CANC')
  await w.l.phensys.post('/sandbox/requests/fr_FIX29_SCAN_CANC/cancel', { reason: 'patient changed their mind' })
  await settle(w.core)
  expect(w.core.internals.requests.get('fr_FIX29_SCAN_CANC')?.row.stage).toBe('cancelled')
  const words = await refusal('fr_FIX29_SCAN_CANC')
  expect(words).toBe('Request fr_FIX29_SCAN_CANC is cancelled: nothing more is dispensed for it.')
})

it.each([
  {
    held: 'rejected by a pharmacist',
    id: 'fr_FIX29_SCAN_REJ',
    command: 'requests.reject' as const,
    input: { reason: 'clinical' as const, message: 'Not appropriate' },
    words: 'is rejected: nothing more is dispensed for it.'
  },
  {
    held: 'held by a query: nothing is dispensed until Phensys answers',
    id: 'fr_FIX29_SCAN_Q',
    command: 'requests.raiseQuery' as const,
    input: { reason: 'clinical' as const, message: 'Please confirm the dose' },
    words: 'is held by a query to Phensys: nothing is dispensed for it until Phensys answers.'
  }
])('a scan into a request $held', async ({ id, command, input, words }) => {
  await accepted(id)
  const stopped = await w.core.call(w.pharmacist, command, { id, ...input })
  expect(stopped.ok).toBe(true)
  const refused = await refusal(id)
  expect(refused).not.toMatch(/Start dispensing/)
  expect(refused).toBe(`Request ${id} ${words}`)
})
