/**
 * A temp core linked to the hand-made Phensys (./hand-made-phensys.ts), its sync loops off and its
 * retries quick, for tests that step the sync by hand; `unlinkAll` (an afterEach) ends every link.
 */
import { requestBody } from '../helpers/request-body'
import { startTempCore, type TempCore } from '../helpers/temp-core'
import { startHandMadePhensys, type HandMadePhensys, type Json } from './hand-made-phensys'

const links: Array<{ phensys: HandMadePhensys; temp: TempCore }> = []

export async function linkedToHandMade(): Promise<{ phensys: HandMadePhensys; temp: TempCore }> {
  const phensys = await startHandMadePhensys()
  const temp = await startTempCore({
    phensys: { url: phensys.url, token: phensys.token },
    autoSync: false,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, retryAfterMaxMs: 5, pollWaitSeconds: 0 }
  })
  links.push({ phensys, temp })
  return { phensys, temp }
}

export async function unlinkAll(): Promise<void> {
  for (const { phensys, temp } of links.splice(0)) {
    await temp.stop()
    await phensys.close()
  }
}

/** A request as Phensys first sends it: the contract's snapshot, `sent_to_provider`, version 1. */
export function handMadeSnapshot(id: string, fields: Json = {}): Json {
  return {
    ...requestBody(id),
    version: 1,
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:12:00Z',
    updatedAt: '2026-11-26T09:12:00Z',
    ...fields
  }
}
