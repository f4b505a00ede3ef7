/**
 * Gaps of the Phensys client the last closing note left open, each against the hand-made Phensys
 * (./hand-made-phensys.ts), written from the contract alone.
 */
import { afterEach, expect, it } from 'vitest'
import { PhensysClient } from '../../src/main/phensys/phensys-client'
import { startHandMadePhensys, type HandMadePhensys, type Json } from './hand-made-phensys'
import { requestBody } from '../helpers/request-body'

let phensys: HandMadePhensys | null = null
let client: PhensysClient | null = null

afterEach(async () => {
  client?.close()
  await phensys?.close()
  client = null
  phensys = null
})

function snapshot(id: string, fields: Json = {}): Json {
  return {
    ...requestBody(id),
    version: 1,
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:12:00Z',
    updatedAt: '2026-11-26T09:12:00Z',
    ...fields
  }
}

it('a kept-alive connection closed by Phensys, failing with EPIPE as the event is written, is tried again at once with the same key', async () => {
  phensys = await startHandMadePhensys()
  phensys.put(snapshot('fr_EPIPE'))
  client = new PhensysClient({ url: phensys.url, token: phensys.token })
  expect(await client.request('fr_EPIPE')).toMatchObject({ kind: 'found' })
  // Phensys closes the connection the client keeps; the client writes its next call on it before it
  // has read the close. A body of 2 MB is still being written when Phensys's host answers the first
  // bytes with a reset: the write fails with EPIPE (a small one fails with ECONNRESET instead).
  phensys.dropConnections()
  const body = JSON.stringify({ type: 'dispensing.started', data: {}, padding: 'x'.repeat(2_000_000) })
  const outcome = await client.postEvent('fr_EPIPE', 'key-epipe-0001', body)
  expect(outcome).toMatchObject({ kind: 'accepted' })
  expect(phensys.events.map((event) => event.key)).toEqual(['key-epipe-0001'])
})
