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

it('a scan into a rejected request: "nothing more is dispensed for it"', async () => {
  await accepted('fr_FIX29_SCAN_REJ')
  const rejected = await w.core.call(w.pharmacist, 'requests.reject', {
    id: 'fr_FIX29_SCAN_REJ',
    reason: 'clinical',
    message: 'Not appropriate'
  })
  expect(rejected.ok).toBe(true)
  expect(await refusal('fr_FIX29_SCAN_REJ')).toBe(
    'Request fr_FIX29_SCAN_REJ is rejected: nothing more is dispensed for it.'
  )
})

it('a scan into a request held by a query: nothing is dispensed until Phensys answers', async () => {
  await accepted('fr_FIX29_SCAN_Q')
  const queried = await w.core.call(w.pharmacist, 'requests.raiseQuery', {
    id: 'fr_FIX29_SCAN_Q',
    reason: 'clinical',
    message: 'Please confirm the dose'
  })
  expect(queried.ok).toBe(true)
  const words = await refusal('fr_FIX29_SCAN_Q')
  expect(words).not.toMatch(/Start dispensing/)
  expect(words).toBe(
    'Request fr_FIX29_SCAN_Q is held by a query to Phensys: nothing is dispensed for it until Phensys answers.'
  )
})
