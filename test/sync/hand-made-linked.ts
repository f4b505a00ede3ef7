/**
 * A temp core linked to the hand-made Phensys (./hand-made-phensys.ts), its sync loops off and its
 * retries quick, for tests that step the sync by hand; `unlinkAll` (an afterEach) ends every link.
 */
import type { SyncTuning } from '../../src/main/sync/sync-service'
import { requestBody } from '../helpers/request-body'
import { startTempCore, type TempCore } from '../helpers/temp-core'
import { startHandMadePhensys, type HandMadePhensys, type Json } from './hand-made-phensys'

const links: Array<{ phensys: HandMadePhensys; temp: TempCore }> = []

/** `tuning`: beside the quick retries (a call's timeout, say); `token`: the one the counter sends, if not Phensys's. */
export async function linkedToHandMade(
  options: { tuning?: Partial<SyncTuning>; token?: string } = {}
): Promise<{ phensys: HandMadePhensys; temp: TempCore }> {
  const phensys = await startHandMadePhensys()
  const temp = await startTempCore({
    phensys: { url: phensys.url, token: options.token ?? phensys.token },
    autoSync: false,
    syncTuning: { retryBaseMs: 1, retryMaxMs: 5, retryAfterMaxMs: 5, pollWaitSeconds: 0, ...options.tuning }
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
