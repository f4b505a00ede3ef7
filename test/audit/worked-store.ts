/**
 * A store with a day's real work in it, made through the contract against the Phensys sandbox:
 * goods in (stock movements, CD receipts), a Schedule 2 and a POM line dispensed and dispatched
 * (supply, POM and CD entries), the RP signed in with an absence, a stock adjustment. Kept as a
 * golden copy (store and key folder) that each tamper test copies before it does its damage.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../src/main/core'
import { KeyFolder } from '../../src/main/vault/key-folder'
import type { AuditVerification } from '../../src/shared/contract'
import { TEST_SCRYPT, signedInAs } from '../helpers/temp-core'
import { checkedRequest, dispensedWorld, packMaker, registerRequest } from '../helpers/dispensed-world'
import { supplyByCarrier, supplyByCollection } from '../helpers/supply'
import { DMD, scan, setUpWholesaler } from '../stock/helpers'

const MORPHINE = { dmdId: '36128311000001109', name: 'Morphine sulfate 10mg modified-release tablets', schedule: 2 }
const OWNER = { username: 'owner', secret: '864209' }

export interface WorkedStore {
  /** The golden copy: a data folder and a key folder. */
  dir: string
  /** The same store as it was halfway through the day (an older copy someone could swap in). */
  halfwayStore: string
  remove(): void
}

function must<T>(answer: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${answer.error.message}`)
  return answer.value
}

export async function workedStore(
  /**
   * Also a Schedule 2 request collected and CDs the patient brought back, destroyed: left out where
   * the store is rebuilt in a layout from before those tables existed.
   */
  options: { patientReturn?: boolean } = {}
): Promise<WorkedStore> {
  const w = await dispensedWorld()
  const dir = mkdtempSync(join(tmpdir(), 'counter-worked-'))
  try {
    const { core } = w
    await setUpWholesaler(core, w.admin, 'aah')
    const morphine = await packMaker(w, MORPHINE.dmdId)
    const sertraline = await packMaker(w, DMD.sertraline)
    must(
      await core.call(w.assembler, 'stock.placeOrder', {
        lines: [{ amppId: morphine.amppId, packs: 2 }],
        wholesalerId: 'aah'
      }),
      'order'
    )
    let delivery: number | null = null
    for (let i = 0; i < 2; i++) delivery = (await scan(core, w.assembler, morphine.code('MST1'), delivery)).deliveryId
    await scan(core, w.assembler, sertraline.code('SER1'))

    // Halfway: a copy of the store as it stands (an older copy someone might later put back).
    await core.internals.store.sqlite.backup(join(dir, 'halfway.sqlite'))

    const id = 'fr_TAMPER_1'
    const body = registerRequest(id, [
      { lineId: 'l1', ...MORPHINE, quantity: morphine.packSize },
      { lineId: 'l2', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: sertraline.packSize }
    ])
    await checkedRequest(w, id, body, { l1: [morphine.code('MST1')], l2: [sertraline.code('SER1')] })
    await supplyByCarrier(core, w.checker, id)
    // The other pack collected, and the patient brings some back: a return, destroyed before a witness.
    if (options.patientReturn ?? true) {
      const collected = 'fr_TAMPER_2'
      const toPost = registerRequest(collected, [{ lineId: 'l1', ...MORPHINE, quantity: morphine.packSize }])
      const collectAtCounter = { ...(toPost.delivery as Record<string, unknown>), service: 'collect' }
      await checkedRequest(w, collected, { ...toPost, delivery: collectAtCounter }, { l1: [morphine.code('MST1')] })
      await supplyByCollection(core, w.checker, collected)
      const returned = must(
        await core.call(w.pharmacist, 'registers.patientReturns.record', { id: collected, lineId: 'l1', quantity: 5 }),
        'patient return'
      )
      must(
        await core.call(w.pharmacist, 'registers.patientReturns.destroy', {
          returnId: returned.id,
          witness: 'Ann Other'
        }),
        'destruction'
      )
    }
    must(await core.call(w.pharmacist, 'rp.startAbsence', {}), 'absent')
    w.clock.advance(4 * 60_000)
    must(await core.call(w.pharmacist, 'rp.endAbsence', {}), 'returned')
    const levels = must(await core.call(w.pharmacist, 'stock.pack', { amppId: sertraline.amppId }), 'pack')
    const batch = levels.batches[0]
    if (!batch) throw new Error('no sertraline batch')
    must(
      await core.call(w.pharmacist, 'stock.adjust', {
        batchId: batch.id,
        delta: 1,
        reason: 'Found one behind the shelf'
      }),
      'adjust'
    )
    // The golden copy: a consistent copy of the store, and the key folder with the head recorded in it.
    mkdirSync(join(dir, 'data'))
    await core.internals.store.sqlite.backup(join(dir, 'data', 'counter.sqlite'))
    await core.internals.integrity.settle()
    cpSync(w.l.keys.dir, join(dir, 'keys'), { recursive: true })
    await w.stop()
    return {
      dir,
      halfwayStore: join(dir, 'halfway.sqlite'),
      remove: () => rmSync(dir, { recursive: true, force: true })
    }
  } catch (error) {
    await w.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/** Starts the app on a store and its key folder, as the next morning would, and asks it to verify. */
export async function verifyStore(copy: { data: string; keys: string }): Promise<AuditVerification> {
  const core = await createCore({
    dataDir: copy.data,
    keys: new KeyFolder(copy.keys, null),
    phensys: { url: 'http://127.0.0.1:9', token: 'not-used-here' },
    autoSync: false,
    autoDevices: false,
    security: { scryptCost: TEST_SCRYPT },
    log: () => undefined
  })
  try {
    const session = await signedInAs(core, OWNER.username, OWNER.secret)
    const answer = await core.call(session, 'audit.verify', {})
    if (!answer.ok) throw new Error(answer.error.message)
    return answer.value
  } finally {
    await core.close()
  }
}
